package orphic.workbench.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParadoxEngineTest {
  private static final String PASSAGE = "The hot day ended; a bright moon rose over the dark, narrow streets. Her oldest friends were happy.";

  @Test
  void hotDayBecomesColdDayWithItsReport() {
    TransformResult r = ParadoxEngine.apply("the hot day", ParadoxSettings.of(1, 7).withRules(EnumSet.of(ParadoxEngine.Rule.ANTONYM)));
    // "day" also has an antonym (night): rate 1 changes both, and each change is reported.
    assertThat(r.text()).isEqualTo("the cold night");
    Change hot = r.changes().get(0);
    assertThat(hot.start()).isEqualTo(4);
    assertThat(hot.end()).isEqualTo(7);
    assertThat(hot.before()).isEqualTo("hot");
    assertThat(hot.after()).isEqualTo("cold");
    assertThat(hot.rule()).isEqualTo("antonym");
    assertThat(hot.why()).contains("WordNet 3.1 antonym of 'hot'").contains("adjective, sense 1");
    assertThat(r.changes().get(1).why()).contains("antonym of 'day'");
  }

  @Test
  void adjectivesOnlyWhenTheNounIsNotEligible() {
    // Proper nouns are never touched: only "hot" is eligible here.
    TransformResult r = ParadoxEngine.apply("the hot day", ParadoxSettings.of(1, 7).withRules(EnumSet.of(ParadoxEngine.Rule.ANTONYM)));
    TransformResult one = ParadoxEngine.apply("the hot Tuesday", ParadoxSettings.of(1, 7).withRules(EnumSet.of(ParadoxEngine.Rule.ANTONYM)));
    assertThat(one.text()).isEqualTo("the cold Tuesday");
    assertThat(r.changes()).hasSize(2);
  }

  @Test
  void inflectionsAndIndirectAntonymsAreKept() {
    var antonyms = ParadoxSettings.of(1, 1).withRules(EnumSet.of(ParadoxEngine.Rule.ANTONYM));
    assertThat(ParadoxEngine.apply("The hotter days came.", antonyms).text()).isEqualTo("The colder nights came.");
    assertThat(ParadoxEngine.apply("the hottest summer, the colder nights", antonyms).text()).isEqualTo("the coldest summer, the hotter days");
    assertThat(ParadoxEngine.apply("The scorching wind.", antonyms).changes().get(0).why()).contains("indirect antonym").contains("'hot'");
  }

  @Test
  void rateZeroChangesNothingAndRateOneEveryEligibleWord() {
    assertThat(ParadoxEngine.apply(PASSAGE, ParadoxSettings.of(0, 3)).text()).isEqualTo(PASSAGE);
    var all = ParadoxSettings.of(1, 3).withTerms(List.of("debt"));
    List<TaggedToken> tokens = EnglishNlp.tag(PASSAGE);
    int eligible = 0;
    for (int i = 0; i < tokens.size(); i++) if (!ParadoxEngine.candidates(tokens, i, all).isEmpty()) eligible++;
    TransformResult r = ParadoxEngine.apply(PASSAGE, all);
    assertThat(eligible).isGreaterThan(4);
    assertThat(r.changes().stream().filter(c -> !c.rule().equals(ParadoxEngine.ARTICLE))).hasSize(eligible);
  }

  @Test
  void articlesAgreeWithTheReplacement() {
    TransformResult r = ParadoxEngine.apply("An old man met a young woman.", ParadoxSettings.of(1, 1).withRules(EnumSet.of(ParadoxEngine.Rule.ANTONYM)));
    assertThat(r.text()).isEqualTo("A young woman met an old man.");
    assertThat(r.changes()).extracting(Change::rule).contains("article");
  }

  @Test
  void deterministicPerSeedAndMonotoneInRate() {
    var terms = List.of("debt", "salt");
    TransformResult a = ParadoxEngine.apply(PASSAGE, ParadoxSettings.of(0.5, 11).withTerms(terms));
    TransformResult b = ParadoxEngine.apply(PASSAGE, ParadoxSettings.of(0.5, 11).withTerms(terms));
    assertThat(a).isEqualTo(b);
    Set<String> texts = new HashSet<>();
    for (long seed = 0; seed < 6; seed++) texts.add(ParadoxEngine.apply(PASSAGE, ParadoxSettings.of(0.5, seed).withTerms(terms)).text());
    assertThat(texts).hasSizeGreaterThan(1);
    TransformResult low = ParadoxEngine.apply(PASSAGE, ParadoxSettings.of(0.3, 5).withTerms(terms));
    TransformResult high = ParadoxEngine.apply(PASSAGE, ParadoxSettings.of(0.8, 5).withTerms(terms));
    Set<Integer> lowStarts = new HashSet<>(), highStarts = new HashSet<>();
    low.changes().forEach(c -> lowStarts.add(c.start()));
    high.changes().forEach(c -> highStarts.add(c.start()));
    assertThat(highStarts).containsAll(lowStarts);
  }

  @Test
  void caseAndPunctuationArePreserved() {
    var antonyms = ParadoxSettings.of(1, 2).withRules(EnumSet.of(ParadoxEngine.Rule.ANTONYM));
    TransformResult r = ParadoxEngine.apply("HOT, hot... Hot!", antonyms);
    assertThat(r.text()).isEqualTo("COLD, cold... Cold!");
    // Everything outside the changed spans is byte-for-byte the source.
    TransformResult p = ParadoxEngine.apply(PASSAGE, ParadoxSettings.of(1, 9));
    StringBuilder rebuilt = new StringBuilder();
    int at = 0;
    for (Change c : p.changes()) {
      rebuilt.append(PASSAGE, at, c.start()).append(c.after());
      assertThat(PASSAGE.substring(c.start(), c.end())).isEqualTo(c.before());
      at = c.end();
    }
    rebuilt.append(PASSAGE.substring(at));
    assertThat(p.text()).isEqualTo(rebuilt.toString());
    assertThat(p.text().replaceAll("[\\p{L} ]", "")).isEqualTo(PASSAGE.replaceAll("[\\p{L} ]", ""));
  }

  @Test
  void synesthesiaTableIsApplied() {
    var swaps = ParadoxSettings.of(1, 4).withRules(EnumSet.of(ParadoxEngine.Rule.SYNESTHESIA));
    TransformResult r = ParadoxEngine.apply("A bright and bitter morning.", swaps);
    assertThat(r.text()).isEqualTo("A loud and musty morning.");
    assertThat(r.changes().get(0).why()).isEqualTo("synesthesia table row 1: sight 'bright' → sound 'loud'");
    assertThat(Synesthesia.swap("pungent").orElseThrow().replacement()).isEqualTo("bright");
  }

  @Test
  void termsAreInjectedAfterNouns() {
    var inject = ParadoxSettings.of(1, 4).withTerms(List.of("debt")).withRules(EnumSet.of(ParadoxEngine.Rule.TERM_INJECTION));
    TransformResult r = ParadoxEngine.apply("They built a stone wall.", inject);
    assertThat(r.text()).isEqualTo("They built a stone wall of debt.");
    assertThat(r.changes()).singleElement().satisfies(c -> {
      assertThat(c.start()).isEqualTo(c.end()).isEqualTo(23);
      assertThat(c.rule()).isEqualTo("term-injection");
    });
  }

  @Test
  void malformedInputIsRefusedClearly() {
    assertThatThrownBy(() -> ParadoxEngine.apply("  ", ParadoxSettings.of(0.3, 1))).hasMessageContaining("text is empty");
    assertThatThrownBy(() -> ParadoxSettings.of(1.5, 1)).hasMessageContaining("rate must be between 0 and 1");
    assertThatThrownBy(() -> ParadoxSettings.of(-0.1, 1)).hasMessageContaining("got -0.1");
    assertThatThrownBy(() -> ParadoxSettings.of(Double.NaN, 1)).hasMessageContaining("rate must be");
  }
}
