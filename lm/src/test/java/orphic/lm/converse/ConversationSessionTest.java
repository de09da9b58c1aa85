package orphic.lm.converse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.Models;
import orphic.lm.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;

class ConversationSessionTest {
  static final String CORPUS = String.join("\n",
      "— The rain falls on the old house by the sea.",
      "— The sea is grey and the rain is cold tonight.",
      "— I light a candle in the window of the house.",
      "— The candle burns, the house is quiet, the sea is loud.",
      "— Rain and sea and candle: the house remembers them all.",
      "— Tell me about the garden behind the house.",
      "— The garden is dark with rain, and the roses are asleep.");

  static final List<String> SCRIPT = List.of(
      "Hello, are you there?",
      "I brought a violin and some oranges.",
      "The violin is out of tune!",
      "Do you remember the garden?",
      "Oranges and violins, again and again.");

  static final Tokenizer TOKENIZER = Tokenizer.train("char", CORPUS
      + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!?,.'’");
  static final LanguageModel MODEL = Models.build(ModelConfig.gpt(TOKENIZER.vocabSize(), 32, 16, 1, 2));

  static ConversationConfig config() {
    return ConversationConfig.defaults().withReplyTokens(24).withRingTokens(12, 12, 12).withSeed(7);
  }

  static List<Turn> run(ConversationConfig c) {
    return ConversationScript.run(MODEL, TOKENIZER, CORPUS, c, SCRIPT);
  }

  @Test
  void sameSeedSameTranscript() {
    List<Turn> a = run(config()), b = run(config());
    assertThat(a).hasSize(SCRIPT.size());
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).reply()).isEqualTo(a.get(i).reply());
      assertThat(b.get(i).seed()).isEqualTo(a.get(i).seed());
      assertThat(b.get(i).rings()).isEqualTo(a.get(i).rings());
      assertThat(b.get(i).pulse()).isEqualTo(a.get(i).pulse());
      assertThat(b.get(i).themes()).isEqualTo(a.get(i).themes());
    }
    List<Turn> other = run(config().withSeed(8));
    assertThat(other.stream().map(Turn::reply).toList()).isNotEqualTo(a.stream().map(Turn::reply).toList());
  }

  @Test
  void ringsAreFedIntoTheFieldAndChangeLaterReplies() {
    List<Turn> with = run(config());
    List<Turn> without = run(config().withRings(false));
    // The first reply comes before any ring: identical. Later ones read a field the rings changed.
    assertThat(with.getFirst().reply()).isEqualTo(without.getFirst().reply());
    assertThat(with.getFirst().rings()).extracting(Ring::kind).containsExactly(Ring.Kind.values());
    assertThat(without.getFirst().rings()).isEmpty();
    long differing = 0;
    for (int i = 1; i < with.size(); i++) if (!with.get(i).reply().equals(without.get(i).reply())) differing++;
    assertThat(differing).isGreaterThan(0);
  }

  @Test
  void growthAddsUserWordsThatDecayUnlessTheyRecur() {
    List<Turn> turns = run(config());
    assertThat(turns.get(1).newWords()).contains("violin", "oranges");
    // "violin" recurs in turn 3 (weight rises), then is not said in turn 4 (weight decays).
    assertThat(turns.get(2).lexicon().get("violin")).isGreaterThan(turns.get(1).lexicon().get("violin"));
    assertThat(turns.get(3).lexicon().get("violin")).isLessThan(turns.get(2).lexicon().get("violin"));
    assertThat(turns.get(2).lexicon().get("oranges")).isLessThan(turns.get(1).lexicon().get("oranges"));
    // "oranges" recurs in turn 5: its weight rises again.
    assertThat(turns.get(4).lexicon().get("oranges")).isGreaterThan(turns.get(3).lexicon().get("oranges"));
    List<Turn> off = run(config().withGrowth(false));
    assertThat(off.get(1).newWords()).isEmpty();
    assertThat(off.get(1).lexicon()).isEmpty();
    assertThat(off.get(1).reply()).isNotEqualTo(turns.get(1).reply());
  }

  @Test
  void seedNeverCopiesAMessageWordTheFieldWouldNotOffer() {
    ConversationSession session = new ConversationSession(MODEL, TOKENIZER, CORPUS, config());
    List<String> messages = List.of("The rain and the violin", "house garden violin oranges", "sea candle window tonight",
        "Tell me about the garden", "roses asleep in the dark");
    for (String m : messages) {
      Set<String> strongest = new HashSet<>(session.centres());
      Turn t = session.respond(m);
      assertThat(t.seed()).isNotEmpty();
      for (String w : Words.of(t.seed())) {
        if (Words.of(m).contains(w)) assertThat(strongest).as("seed word '%s' of message '%s'", w, m).contains(w);
      }
    }
  }

  @Test
  void pulseRoutesTheExpertAndIsReported() {
    ConversationSession session = new ConversationSession(MODEL, TOKENIZER, CORPUS, config());
    Turn calm = session.respond("The rain falls on the house.");
    assertThat(calm.pulse().novelty()).isLessThan(0.2);
    assertThat(calm.pulse().entropyBits()).isGreaterThan(0);
    assertThat(calm.pulse().entropy()).isBetween(0.0, 1.0);
    Turn loud = session.respond("STOP! I HATE this, NEVER again!!");
    assertThat(loud.pulse().arousal()).isGreaterThanOrEqualTo(0.5);
    assertThat(loud.expert()).isEqualTo(Expert.WOUNDED);
    Turn strange = session.respond("quixotic zephyrs juxtapose");
    assertThat(strange.pulse().novelty()).isEqualTo(1.0);
    assertThat(strange.expert()).isEqualTo(Expert.PRECISE);
  }

  @Test
  void originPullsWhenTheMessageOverlapsIt() {
    ConversationConfig c = config().withOrigin("I am the lighthouse keeper. The lighthouse keeps the sea.");
    ConversationSession withOrigin = new ConversationSession(MODEL, TOKENIZER, CORPUS, c);
    ConversationSession plain = new ConversationSession(MODEL, TOKENIZER, CORPUS, config());
    Turn far = withOrigin.respond("Tell me about the garden.");
    assertThat(far.originStrength()).isZero();
    assertThat(far.reply()).isEqualTo(plain.respond("Tell me about the garden.").reply());
    Turn near = withOrigin.respond("Who is the lighthouse keeper?");
    assertThat(near.originStrength()).isEqualTo(1.0);
    assertThat(near.reply()).isNotEqualTo(plain.respond("Who is the lighthouse keeper?").reply());
  }

  @Test
  void worksOverBpeWithThePhraseBias() {
    Tokenizer bpe = Tokenizer.train("bpe:300", CORPUS);
    LanguageModel model = Models.build(ModelConfig.gpt(bpe.vocabSize(), 32, 16, 1, 2));
    List<Turn> on = ConversationScript.run(model, bpe, CORPUS, config(), SCRIPT);
    List<Turn> off = ConversationScript.run(model, bpe, CORPUS, config().withGrowth(false), SCRIPT);
    assertThat(on.get(1).newWords()).contains("violin", "oranges");
    assertThat(on.get(1).reply()).isNotEqualTo(off.get(1).reply());
    assertThat(on).allSatisfy(t -> assertThat(t.reply()).startsWith(t.seed()));
  }

  @Test
  void themesCarryTrends() {
    List<Turn> turns = run(config());
    Turn last = turns.getLast();
    assertThat(last.themes()).isNotEmpty();
    for (ThemeFlow.Theme th : last.themes()) {
      assertThat(th.trend()).isIn("emerging", "fading", "steady");
      assertThat(th.words()).first().isEqualTo(th.name());
    }
  }

  @Test
  void reportMeasuresRingsAndGrowth() {
    ConversationScript.Comparison cmp = ConversationScript.compare(MODEL, TOKENIZER, CORPUS, config(), SCRIPT);
    assertThat(cmp.rings().withTotal()).isGreaterThan(0);
    assertThat(cmp.rings().changedReplies()).isGreaterThan(0);
    assertThat(cmp.growth().changedReplies()).isGreaterThan(0);
    assertThat(ConversationReport.userWords(cmp.full())).contains("violin", "oranges");
    String md = ConversationReport.markdown(cmp.full());
    assertThat(md.lines().count()).isEqualTo(2 + SCRIPT.size());
    assertThat(ConversationReport.toMap(cmp.full().getFirst())).containsKeys("pulse", "seed", "expert", "themes", "origin_strength");
  }
}
