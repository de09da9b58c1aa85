package orphic.lm.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import orphic.lm.field.CooccurrenceField.Mode;
import orphic.lm.text.Corpus;
import orphic.lm.text.SharedCorpora;
import orphic.lm.tokenize.CharTokenizer;
import org.junit.jupiter.api.Test;

class CooccurrenceFieldTest {
  // t:  0 1 2 0 1 3   (V = 4, window 2)
  private static final int[] IDS = {0, 1, 2, 0, 1, 3};

  private static CooccurrenceField small() {
    return CooccurrenceField.build(IDS, 4, 2);
  }

  @Test
  void countsAHandMadeSequence() {
    CooccurrenceField f = small();
    assertThat(f.tokens()).isEqualTo(6);
    assertThat(new double[] {f.unigramCount(0), f.unigramCount(1), f.unigramCount(2), f.unigramCount(3)})
        .containsExactly(2, 2, 1, 1);
    assertThat(f.bigramCount(0, 1)).isEqualTo(2);
    assertThat(f.bigramCount(1, 2)).isEqualTo(1);
    assertThat(f.bigramCount(2, 0)).isEqualTo(1);
    assertThat(f.bigramCount(1, 3)).isEqualTo(1);
    assertThat(f.bigramCount(3, 0)).isZero();
    assertThat(f.distinctBigrams()).isEqualTo(4);
    assertThat(f.trigramCount(0, 1, 2)).isEqualTo(1);
    assertThat(f.trigramCount(0, 1, 3)).isEqualTo(1);
    assertThat(f.trigramCount(1, 2, 0)).isEqualTo(1);
    assertThat(f.trigramCount(2, 0, 1)).isEqualTo(1);
    assertThat(f.trigramContexts()).isEqualTo(3);
    assertThat(f.distinctTrigrams()).isEqualTo(4);
    // Pairs within 2 positions: {0,1} ×3, {0,2} ×2, {1,2} ×2, {0,3} ×1, {1,3} ×1; each in both rows.
    assertThat(f.cooccurrenceCount(0, 1)).isEqualTo(3);
    assertThat(f.cooccurrenceCount(1, 0)).isEqualTo(3);
    assertThat(f.cooccurrenceCount(0, 2)).isEqualTo(2);
    assertThat(f.cooccurrenceCount(1, 2)).isEqualTo(2);
    assertThat(f.cooccurrenceCount(0, 3)).isEqualTo(1);
    assertThat(f.cooccurrenceCount(3, 1)).isEqualTo(1);
    assertThat(f.cooccurrenceCount(2, 3)).isZero();
    assertThat(f.cooccurrenceCount(0, 0)).isZero();
    assertThat(f.distinctCooccurrences()).isEqualTo(10);
  }

  @Test
  void equalNeighboursCountTwiceOnTheDiagonalAsHazeDoes() {
    CooccurrenceField f = CooccurrenceField.build(new int[] {1, 1}, 2, 5);
    assertThat(f.cooccurrenceCount(1, 1)).isEqualTo(2);
  }

  @Test
  void denseAndSparseCountingAgreeWithANaiveReference() {
    SplittableRandom r = new SplittableRandom(3);
    for (int trial = 0; trial < 6; trial++) {
      int v = 2 + r.nextInt(6);
      int window = trial % 3 + (trial == 5 ? -2 : 0); // windows 0..2 (0 once)
      int[] ids = new int[40 + r.nextInt(200)];
      for (int i = 0; i < ids.length; i++) ids[i] = r.nextInt(v);
      // vocabulary v takes the dense staging path, 5000 (same ids) the hash path.
      CooccurrenceField dense = CooccurrenceField.build(ids, v, window);
      CooccurrenceField sparse = CooccurrenceField.build(ids, 5000, window);
      Map<List<Integer>, Integer> bi = new HashMap<>(), tri = new HashMap<>(), co = new HashMap<>();
      for (int i = 0; i < ids.length; i++) {
        if (i + 1 < ids.length) bi.merge(List.of(ids[i], ids[i + 1]), 1, Integer::sum);
        if (i + 2 < ids.length) tri.merge(List.of(ids[i], ids[i + 1], ids[i + 2]), 1, Integer::sum);
        for (int j = 0; j < ids.length; j++) {
          if (j != i && Math.abs(i - j) <= window) co.merge(List.of(ids[i], ids[j]), 1, Integer::sum);
        }
      }
      for (CooccurrenceField f : List.of(dense, sparse)) {
        assertThat(f.distinctBigrams()).isEqualTo(bi.size());
        assertThat(f.distinctTrigrams()).isEqualTo(tri.size());
        assertThat(f.distinctCooccurrences()).isEqualTo(co.size());
        for (int a = 0; a < v; a++) {
          for (int b = 0; b < v; b++) {
            assertThat(f.bigramCount(a, b)).isEqualTo(bi.getOrDefault(List.of(a, b), 0).intValue());
            assertThat(f.cooccurrenceCount(a, b)).isEqualTo(co.getOrDefault(List.of(a, b), 0).intValue());
            for (int c = 0; c < v; c++) {
              assertThat(f.trigramCount(a, b, c)).isEqualTo(tri.getOrDefault(List.of(a, b, c), 0).intValue());
            }
          }
        }
      }
    }
  }

  @Test
  void distributionsMatchHandComputedValuesAndSumToOne() {
    CooccurrenceField f = small();
    assertThat(f.unigram()).containsExactly(new double[] {2 / 6.0, 2 / 6.0, 1 / 6.0, 1 / 6.0}, within(1e-15));
    assertThat(f.bigram(1)).containsExactly(new double[] {0, 0, 0.5, 0.5}, within(1e-15));
    assertThat(f.bigram(0)).containsExactly(0, 1, 0, 0);
    assertThat(f.trigram(0, 1)).containsExactly(new double[] {0, 0, 0.5, 0.5}, within(1e-15));
    assertThat(f.trigram(1, 2)).containsExactly(1, 0, 0, 0);
    // cooccurrence row 0 = {1: 3, 2: 2, 3: 1}; row 1 = {0: 3, 2: 2, 3: 1}.
    assertThat(f.cooccurrence(0)).containsExactly(new double[] {0, 3 / 6.0, 2 / 6.0, 1 / 6.0}, within(1e-15));
    assertThat(f.cooccurrence(0, 1))
        .containsExactly(new double[] {1.5 / 6, 1.5 / 6, 2 / 6.0, 1 / 6.0}, within(1e-15));
    // Only the last `window` (2) tokens count: 3 is out of the window here.
    assertThat(f.cooccurrence(3, 0, 1)).containsExactly(f.cooccurrence(0, 1), within(0.0));
    for (double[] p : List.of(f.unigram(), f.bigram(2), f.trigram(2, 0), f.cooccurrence(2, 3, 3))) {
      double sum = 0;
      for (double x : p) sum += x;
      assertThat(sum).isCloseTo(1, within(1e-12));
    }
  }

  @Test
  void trigramBacksOffToBigramAndBigramToUnigram() {
    CooccurrenceField f = small();
    // (3, 0) never occurred: trigram(3, 0) = bigram(0).
    assertThat(f.trigram(3, 0)).containsExactly(f.bigram(0), within(0.0));
    // (1, 3) ends the text, so it has no trigram row: bigram(3); 3 has no bigram row either (it
    // only ends the text), so unigram (haze: uniform).
    assertThat(f.trigram(1, 3)).containsExactly(f.unigram(), within(0.0));
    assertThat(f.bigram(3)).containsExactly(f.unigram(), within(0.0));
    // An empty field is uniform.
    assertThat(new CooccurrenceField(4, 5).bigram(2)).containsExactly(0.25, 0.25, 0.25, 0.25);
    // No co-occurrence row at all: unigram.
    CooccurrenceField noWindow = CooccurrenceField.build(IDS, 4, 0);
    assertThat(noWindow.cooccurrence(0, 1)).containsExactly(noWindow.unigram(), within(0.0));
  }

  @Test
  void modesSelectTheSpecifiedDistribution() {
    CooccurrenceField f = small();
    double[] out = new double[4];
    int[] ctx = {2, 0, 1};
    f.distribution(ctx, 3, Mode.TRIGRAM, out);
    assertThat(out).containsExactly(f.trigram(0, 1), within(0.0));
    f.distribution(ctx, 1, Mode.TRIGRAM, out); // one token: bigram
    assertThat(out).containsExactly(f.bigram(2), within(0.0));
    f.distribution(ctx, 3, Mode.BIGRAM, out);
    assertThat(out).containsExactly(f.bigram(1), within(0.0));
    f.distribution(ctx, 3, Mode.COOCCUR, out);
    assertThat(out).containsExactly(f.cooccurrence(0, 1), within(0.0));
    f.distribution(ctx, 3, Mode.BLEND, out);
    double[] tri = f.trigram(0, 1), co = f.cooccurrence(0, 1);
    for (int i = 0; i < 4; i++) assertThat(out[i]).isCloseTo(0.6 * tri[i] + 0.4 * co[i], within(1e-15));
    f.distribution(ctx, 0, Mode.BLEND, out);
    assertThat(out).containsExactly(f.unigram(), within(0.0));
  }

  @Test
  void biasLogitsFollowsHazesFormula() {
    CooccurrenceField f = small();
    float[] logits = {1, 2, 3, 4};
    f.biasLogits(logits, new int[] {0, 1}, 2, 0.3f, Mode.TRIGRAM);
    // q = trigram(0, 1) = [0, 0, .5, .5]; zero entries get ln(1e-10f).
    float lnEps = (float) Math.log(1e-10f);
    assertThat(logits[0]).isCloseTo(0.7f * 1 + 0.3f * lnEps, within(1e-5f));
    assertThat(logits[1]).isCloseTo(0.7f * 2 + 0.3f * lnEps, within(1e-5f));
    assertThat(logits[2]).isCloseTo(0.7f * 3 + 0.3f * (float) Math.log(0.5), within(1e-5f));
    assertThat(logits[3]).isCloseTo(0.7f * 4 + 0.3f * (float) Math.log(0.5), within(1e-5f));
    assertThat(lnEps).isCloseTo(-23.02585f, within(1e-4f));

    float[] blended = {0, 0, 0, 0, 99}; // longer than V: the tail is untouched
    double[] scratch = new double[4];
    f.biasLogits(blended, new int[] {0, 1, 3}, 2, 1f, Mode.BLEND, scratch);
    double[] q = new double[4];
    f.distribution(new int[] {0, 1}, 2, Mode.BLEND, q);
    for (int i = 0; i < 4; i++) assertThat(blended[i]).isCloseTo((float) Math.log((float) q[i] + 1e-10f), within(1e-5f));
    assertThat(blended[4]).isEqualTo(99);

    float[] untouched = {1, 2, 3, 4};
    f.biasLogits(untouched, new int[0], 0, 0.5f, Mode.TRIGRAM);
    assertThat(untouched).containsExactly(1, 2, 3, 4);
    f.biasLogits(untouched, new int[] {1}, 1, 0f, Mode.BIGRAM);
    assertThat(untouched).containsExactly(1, 2, 3, 4);

    assertThatThrownBy(() -> f.biasLogits(new float[4], new int[] {1}, 1, 1.5f, Mode.BIGRAM))
        .hasMessageContaining("alpha");
    assertThatThrownBy(() -> f.biasLogits(new float[3], new int[] {1}, 1, 0.5f, Mode.BIGRAM))
        .hasMessageContaining("logits has 3 entries");
    assertThatThrownBy(() -> f.biasLogits(new float[4], new int[] {7}, 1, 0.5f, Mode.BIGRAM))
        .hasMessageContaining("context[0] = 7");
  }

  @Test
  void samplingIsInverseCdfOverIdsWithTemperature() {
    // bigram(0) = {1: 2/3, 2: 1/3}
    CooccurrenceField f = CooccurrenceField.build(new int[] {0, 1, 0, 1, 0, 2}, 3, 5);
    int[] ctx = {0};
    assertThat(f.sample(ctx, 1.0, Mode.BIGRAM, () -> 0.66)).isEqualTo(1);
    assertThat(f.sample(ctx, 1.0, Mode.BIGRAM, () -> 0.67)).isEqualTo(2);
    // T = 0.5 squares the probabilities: 4/9 : 1/9 = 0.8 : 0.2.
    assertThat(f.sample(ctx, 0.5, Mode.BIGRAM, () -> 0.79)).isEqualTo(1);
    assertThat(f.sample(ctx, 0.5, Mode.BIGRAM, () -> 0.81)).isEqualTo(2);
    // T = 0 is greedy and draws nothing.
    assertThat(f.sample(ctx, 0, Mode.BIGRAM, () -> { throw new AssertionError("no draw expected"); })).isEqualTo(1);
    // A tiny temperature is still (almost) greedy rather than underflowing to nothing.
    assertThat(f.sample(ctx, 1e-3, Mode.BIGRAM, () -> 0.999999)).isEqualTo(1);

    assertThatThrownBy(() -> f.sample(ctx, -1, Mode.BIGRAM, () -> 0.5)).hasMessageContaining("temperature");
    assertThatThrownBy(() -> f.sample(ctx, Double.NaN, Mode.BIGRAM, () -> 0.5)).hasMessageContaining("temperature");
    assertThatThrownBy(() -> f.sample(ctx, 1, Mode.BIGRAM, () -> 1.0)).hasMessageContaining("[0, 1)");
  }

  @Test
  void seededSamplesFollowTheDistribution() {
    CooccurrenceField f = CooccurrenceField.build(new int[] {0, 1, 0, 1, 0, 2}, 3, 5);
    SplitMix64 rng = new SplitMix64(11);
    double[] scratch = new double[3];
    int ones = 0, n = 30_000;
    for (int i = 0; i < n; i++) if (f.sample(new int[] {0}, 1, 1.0, Mode.BIGRAM, rng, scratch) == 1) ones++;
    assertThat(ones / (double) n).isCloseTo(2 / 3.0, within(0.015));
  }

  @Test
  void generationIsDeterministicPerSeed() {
    SplittableRandom r = new SplittableRandom(5);
    int[] ids = new int[500];
    for (int i = 0; i < ids.length; i++) ids[i] = r.nextInt(12);
    CooccurrenceField f = CooccurrenceField.build(ids, 12);
    for (Mode mode : Mode.values()) {
      int[] a = f.generate(new int[] {1, 2}, 60, 0.8, mode, 42);
      int[] b = f.generate(new int[] {1, 2}, 60, 0.8, mode, 42);
      int[] c = f.generate(new int[] {1, 2}, 60, 0.8, mode, 43);
      assertThat(a).hasSize(60).containsExactly(b);
      assertThat(c).isNotEqualTo(a);
    }
    assertThat(f.generate(new int[] {3}, 0, 0.8, Mode.TRIGRAM, 1)).isEmpty();
    assertThat(f.generate(new int[0], 5, 0.8, Mode.TRIGRAM, 1)).hasSize(5);
    // Greedy generation does not depend on the seed.
    assertThat(f.generate(new int[] {3}, 20, 0, Mode.TRIGRAM, 1)).containsExactly(f.generate(new int[] {3}, 20, 0, Mode.TRIGRAM, 99));
    assertThatThrownBy(() -> f.generate(new int[] {12}, 3, 0.8, Mode.TRIGRAM, 1)).hasMessageContaining("seedIds[0] = 12");
    assertThatThrownBy(() -> f.generate(new int[] {1}, -1, 0.8, Mode.TRIGRAM, 1)).hasMessageContaining("length");
  }

  @Test
  void splitMixIsTheReferenceStream() {
    // First outputs of SplitMix64 seeded with 1234567 (the published reference values).
    SplitMix64 s = new SplitMix64(1234567);
    assertThat(s.nextLong()).isEqualTo(6457827717110365317L);
    assertThat(s.nextLong()).isEqualTo(3203168211198807973L);
    assertThat(new SplitMix64(0).getAsDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void decayWeighsOldCountsDownAndAddKeepsSequencesApart() {
    CooccurrenceField f = new CooccurrenceField(3, 1);
    f.add(new int[] {0, 1});
    f.decay(0.5);
    f.add(new int[] {0, 2});
    assertThat(f.unigramCount(0)).isEqualTo(1.5);
    assertThat(f.bigramCount(0, 1)).isEqualTo(0.5);
    assertThat(f.bigramCount(0, 2)).isEqualTo(1);
    assertThat(f.bigramCount(1, 0)).isZero(); // the two adds are separate sequences
    assertThat(f.cooccurrenceCount(1, 0)).isEqualTo(0.5);
    assertThat(f.tokens()).isEqualTo(3);
    assertThat(f.bigram(0)).containsExactly(new double[] {0, 1 / 3.0, 2 / 3.0}, within(1e-15));

    // Many strong decays pass the rescale threshold; relative weights survive.
    for (int i = 0; i < 4; i++) f.decay(1e-40);
    f.add(new int[] {0, 1});
    assertThat(f.bigramCount(0, 1)).isCloseTo(1, within(1e-12));
    assertThat(f.bigramCount(0, 2)).isCloseTo(1e-160, within(1e-170));
    assertThat(f.bigram(0)[1]).isCloseTo(1, within(1e-12));

    assertThatThrownBy(() -> f.decay(0)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> f.decay(1.5)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> f.add(new int[] {0, 3})).hasMessageContaining("ids[1] = 3");
  }

  @Test
  void incrementalAddsEqualOneBuild() {
    int[] a = {0, 1, 2, 3, 1, 2}, b = {2, 2, 0, 1};
    CooccurrenceField inc = new CooccurrenceField(4, 2);
    inc.add(a);
    inc.add(b);
    CooccurrenceField one = CooccurrenceField.build(a, 4, 2);
    one.add(b, 0, b.length);
    for (int x = 0; x < 4; x++) {
      for (int y = 0; y < 4; y++) {
        assertThat(inc.bigramCount(x, y)).isEqualTo(one.bigramCount(x, y));
        assertThat(inc.cooccurrenceCount(x, y)).isEqualTo(one.cooccurrenceCount(x, y));
      }
    }
  }

  @Test
  void modeNamesParseAndUnknownNamesAreRefused() {
    assertThat(Mode.parse("Trigram")).isEqualTo(Mode.TRIGRAM);
    assertThat(Mode.parse("blend")).isEqualTo(Mode.BLEND);
    assertThat(Mode.COOCCUR.id()).isEqualTo("cooccur");
    assertThatThrownBy(() -> Mode.parse("fourgram")).hasMessageContaining("bigram, trigram, cooccur or blend");
  }

  @Test
  void hazeCorpusHasTheSpecifiedStatistics() {
    String text = Corpus.read(SharedCorpora.require("haze-text.txt")).text();
    CharTokenizer tokenizer = CharTokenizer.haze(text);
    CooccurrenceField f = CooccurrenceField.build(tokenizer, text);
    assertThat(f.vocabSize()).isEqualTo(44);
    assertThat(f.tokens()).isEqualTo(19_135);
    assertThat(f.distinctBigrams()).isEqualTo(531); // spec §8.1
  }
}
