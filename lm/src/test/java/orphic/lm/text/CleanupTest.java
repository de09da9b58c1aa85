package orphic.lm.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupTest {
  private static String run(CleanupRule rule, String text) {
    return rule.apply(text);
  }

  @Test
  void whitespaceCollapsesInsideLinesButKeepsLinesAndIndentation() {
    CleanupRule r = CleanupRules.whitespace();
    assertThat(run(r, "the  wind \t blows   ")).isEqualTo("the wind blows");
    assertThat(run(r, "a line\n  indented line\n\n\n\nafter")).isEqualTo("a line\n  indented line\n\nafter");
    assertThat(run(r, "  lead and trail \n")).isEqualTo("lead and trail");
    assertThat(run(r, "already clean.\n\nTwo paragraphs.")).isEqualTo("already clean.\n\nTwo paragraphs.");
  }

  @Test
  void spaceBeforePunctuationIsRemoved() {
    CleanupRule r = CleanupRules.spaceBeforePunctuation();
    assertThat(run(r, "yes , no ; maybe : why ? now !")).isEqualTo("yes, no; maybe: why? now!");
    assertThat(run(r, "the end .")).isEqualTo("the end.");
    assertThat(run(r, "and . . . then")).isEqualTo("and... then");
    // Kept: a space before an ellipsis or a decimal, a line that starts with punctuation, no-break spaces.
    assertThat(run(r, "and ... then it weighed .5 grams")).isEqualTo("and ... then it weighed .5 grams");
    assertThat(run(r, "first\n, second")).isEqualTo("first\n, second");
    assertThat(run(r, "Quoi\u00a0?")).isEqualTo("Quoi\u00a0?");
  }

  @Test
  void repeatedPunctuationKeepsTheStrongestMark() {
    CleanupRule r = CleanupRules.repeatedPunctuation();
    assertThat(run(r, "wait..... no!!!!! what????")).isEqualTo("wait... no!!! what???");
    assertThat(run(r, "so.. then…… ok")).isEqualTo("so. then… ok");
    assertThat(run(r, "what?. why.? how!, yes,. no., and,, or;;")).isEqualTo("what? why? how! yes, no. and, or;");
    assertThat(run(r, "wait..., really...?")).isEqualTo("wait... really...?");
    // Kept: an ellipsis, interrobangs, three marks, ellipsis after a mark, a single mark.
    for (String ok : List.of("so...", "really?!", "really!?", "no!!!", "what?...", "then…!", "one. two, three")) {
      assertThat(run(r, ok)).isEqualTo(ok);
    }
  }

  @Test
  void spaceAfterPunctuationIsAddedOnlyBetweenWords() {
    CleanupRule r = CleanupRules.spaceAfterPunctuation();
    assertThat(run(r, "yes,and no;but why?because!so")).isEqualTo("yes, and no; but why? because! so");
    assertThat(run(r, "it was the end.The night")).isEqualTo("it was the end. The night");
    assertThat(run(r, "note:this")).isEqualTo("note: this");
    for (String ok : List.of("1,000 men", "at 10:30", "e.g. this", "the U.S. army", "see example.com", "what?!",
        "Mr. Smith", "“Go,” she said")) {
      assertThat(run(r, ok)).isEqualTo(ok);
    }
  }

  @Test
  void longStuttersCollapseButDeliberateRepetitionStays() {
    CleanupRule r = CleanupRules.repeatedWords();
    assertThat(run(r, "and the the the the night")).isEqualTo("and the night");
    assertThat(run(r, "The the THE the end")).isEqualTo("The end");
    assertThat(run(r, "I am I am I am I am here")).isEqualTo("I am here");
    for (String ok : List.of("he had had enough", "he said that that was all", "ha ha ha", "never, never, never, never",
        "the theory the theory the thesis", "no\nno\nno\nno", "la la la")) {
      assertThat(run(r, ok)).isEqualTo(ok);
    }
    assertThat(run(CleanupRules.repeatedWords(3), "ha ha ha!")).isEqualTo("ha!");
    assertThat(run(CleanupRules.repeatedWords(3), "the the the")).isEqualTo("the");
    assertThatThrownBy(() -> CleanupRules.repeatedWords(1)).hasMessageContaining("at least 2");
  }

  @Test
  void trailingFragmentIsCutAtTheLastSentenceEndWhenEnoughRemains() {
    CleanupRule r = CleanupRules.trailingFragment(0.5);
    assertThat(run(r, "The lamp was lit. The wind rose over the hill. And then the")).isEqualTo("The lamp was lit. The wind rose over the hill.");
    assertThat(run(r, "“Come in,” she said. “Sit down!” And the")).isEqualTo("“Come in,” she said. “Sit down!”");
    // Kept: text that ends a sentence (an ellipsis counts), and a cut that would lose too much.
    for (String ok : List.of("It ended.", "It ended!", "It trailed off...", "It trailed off…", "“Stop.”", "Why?)")) {
      assertThat(run(r, ok)).isEqualTo(ok);
    }
    assertThat(run(r, "Yes. and then the long road went on and on")).isEqualTo("Yes. and then the long road went on and on");
  }

  @Test
  void finalPunctuationEndsTheText() {
    CleanupRule r = CleanupRules.finalPunctuation();
    assertThat(run(r, "the road went on")).isEqualTo("the road went on.");
    assertThat(run(r, "she said “come here")).isEqualTo("she said “come here.");
    assertThat(run(r, "she said “come here”")).isEqualTo("she said “come here.”");
    assertThat(run(r, "and then,")).isEqualTo("and then.");
    assertThat(run(r, "in 1611")).isEqualTo("in 1611.");
    for (String ok : List.of("done.", "done!", "done?", "done…", "and then—", "the dogs’", "“Stop.”", "")) {
      assertThat(run(r, ok)).isEqualTo(ok);
    }
  }

  @Test
  void quotesAreBalanced() {
    CleanupRule r = CleanupRules.balanceQuotes();
    assertThat(run(r, "She said “come here.")).isEqualTo("She said “come here.”");
    assertThat(run(r, "come here.” And she left.")).isEqualTo("come here. And she left.");
    assertThat(run(r, "He said \"come here.")).isEqualTo("He said \"come here.\"");
    assertThat(run(r, "\"Come here,\" she said. \"")).isEqualTo("\"Come here,\" she said.");
    assertThat(run(r, "and then “")).isEqualTo("and then");
    for (String ok : List.of("“Come,” she said, “now.”", "\"Come,\" she said.", "rock 'n' roll", "‘single’ quotes",
        "it's five o'clock", "no quotes at all")) {
      assertThat(run(r, ok)).isEqualTo(ok);
    }
  }

  @Test
  void bracketsAreBalanced() {
    CleanupRule r = CleanupRules.balanceBrackets();
    assertThat(run(r, "He went (slowly to the door.")).isEqualTo("He went (slowly to the door.)");
    assertThat(run(r, "slowly) to the door.")).isEqualTo("slowly to the door.");
    assertThat(run(r, "and [then")).isEqualTo("and [then]");
    assertThat(run(r, "and then (")).isEqualTo("and then");
    for (String ok : List.of("a (b [c] d) e", "a) first b) second", "1) one 2) two", "smile :) and :-)", "[x]")) {
      assertThat(run(r, ok)).isEqualTo(ok);
    }
  }

  @Test
  void sentencesStartWithACapital() {
    CleanupRule r = CleanupRules.capitaliseSentences();
    assertThat(run(r, "the night fell. the wind rose! did it? yes.")).isEqualTo("The night fell. The wind rose! Did it? Yes.");
    assertThat(run(r, "“come,” she said. “now.” then\nhe went. éclair")).isEqualTo("“Come,” she said. “Now.” then\nhe went. Éclair");
    for (String ok : List.of("And so... it went on", "“Stop!” he cried.", "See e.g. the rest", "The U.S. army",
        "Done.", "3 men")) {
      assertThat(run(r, ok)).isEqualTo(ok);
    }
  }

  @Test
  void splitContractionsAreClosedUpWithoutInventingAny() {
    CleanupRule r = CleanupRules.splitContractions();
    assertThat(run(r, "I don ' t know, I 'm sure it ’s fine and we' ll see")).isEqualTo("I don't know, I'm sure it’s fine and we'll see");
    for (String ok : List.of("rock 'n' roll", "the boys' toys", "'tis the season", "he said 'stop'", "dont cant wont",
        "its tail", "I'll go")) {
      assertThat(run(r, ok)).isEqualTo(ok);
    }
  }

  @Test
  void pronounIIsCapitalisedOnlyAsAWord() {
    CleanupRule r = CleanupRules.pronounI();
    assertThat(run(r, "then i went, and i'm sure i’ll be back. so did i")).isEqualTo("then I went, and I'm sure I’ll be back. so did I");
    for (String ok : List.of("i.e. this", "pi and chi", "the i-th row", "ski", "x'i")) {
      assertThat(run(r, ok)).isEqualTo(ok);
    }
  }

  @Test
  void realWordsAreNeverRewritten() {
    // Each word here was corrupted by haze's cleanup in some context (spec §10 step 14, §16).
    String text = "The dog wagged its tail; its owner said it was well. We were ill, and he wont to walk at "
        + "night. The cant of thieves is old. Show your id. Don Quixote won. I won. I'll be there at "
        + "six o'clock to rock 'n' roll. Don't bring it; we can't sing. Well, well.";
    for (Cleanup c : List.of(Cleanup.defaults(), Cleanup.english())) {
      assertThat(c.apply(text)).isEqualTo(text);
    }
    for (String word : List.of("were", "well", "ill", "id", "wont", "cant", "its", "dont")) {
      String line = "They say " + word + " here.";
      assertThat(Cleanup.english().apply(line)).isEqualTo(line);
    }
  }

  @Test
  void pipelinesRepairTypicalGeneratedText() {
    String raw = "  the lord said unto moses , go down..... and the the the the people wept !!!!and they went "
        + "into the \"house of";
    // The unfinished last sentence is dropped: what is kept is more than half of the text.
    assertThat(Cleanup.defaults().apply(raw)).isEqualTo("The lord said unto moses, go down... and the people wept!!!");
    assertThat(Cleanup.defaults().apply("she whispered “come")).isEqualTo("She whispered “come.”");
    assertThat(Cleanup.english().apply("i 'm tired , i don 't know")).isEqualTo("I'm tired, I don't know.");
    assertThat(Cleanup.defaults().apply("")).isEmpty();
    assertThat(Cleanup.defaults().apply(" \n ")).isEmpty();
    assertThat(Cleanup.defaults().apply("...")).isEqualTo("...");
  }

  @Test
  void pipelinesAreConfigurable() {
    Cleanup d = Cleanup.defaults();
    assertThat(d.rules()).extracting(CleanupRule::name).containsExactly(CleanupRules.WHITESPACE,
        CleanupRules.SPACE_BEFORE_PUNCTUATION, CleanupRules.REPEATED_PUNCTUATION, CleanupRules.SPACE_AFTER_PUNCTUATION,
        CleanupRules.REPEATED_WORDS, CleanupRules.TRAILING_FRAGMENT, CleanupRules.FINAL_PUNCTUATION,
        CleanupRules.BALANCE_QUOTES, CleanupRules.BALANCE_BRACKETS, CleanupRules.CAPITALISE_SENTENCES);
    assertThat(Cleanup.english().rules()).extracting(CleanupRule::name)
        .contains(CleanupRules.SPLIT_CONTRACTIONS, CleanupRules.PRONOUN_I).hasSize(12);
    Cleanup noCaps = d.without(CleanupRules.CAPITALISE_SENTENCES);
    assertThat(noCaps.apply("the end")).isEqualTo("the end.");
    Cleanup shout = noCaps.with(CleanupRule.of("shout", String::toUpperCase));
    assertThat(shout.apply("the end")).isEqualTo("THE END.");
    assertThatThrownBy(() -> d.without("nope")).hasMessageContaining("no cleanup rule named \"nope\"");
    assertThatThrownBy(() -> d.with(CleanupRules.whitespace())).hasMessageContaining("unique");
    assertThat(Cleanup.of().apply("  as is  ")).isEqualTo("as is");
  }

  @Test
  void everyDefaultRuleIsIdempotent() {
    List<String> samples = List.of("the lord said , go..... and the the the the people !!!!and", "“come here",
        "and then (slowly.", "wait..., really...? e.g. this.", "i don ' t know");
    for (CleanupRule r : Cleanup.english().rules()) {
      for (String s : samples) {
        String once = r.apply(s);
        assertThat(r.apply(once)).as(r.name() + " on " + s).isEqualTo(once);
      }
    }
  }
}
