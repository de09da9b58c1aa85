package orphic.workbench.style;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StylometricFeaturesTest {
  private static final float EPS = 1e-6f;

  @Test
  void widthMatchesNames() {
    assertThat(StylometricFeatures.names()).hasSize(StylometricFeatures.WIDTH).doesNotHaveDuplicates();
    assertThat(StylometricFeatures.names().get(StylometricFeatures.FUNCTION)).isEqualTo("fw.the");
    assertThat(StylometricFeatures.names().get(StylometricFeatures.UPPER)).isEqualTo("upper");
  }

  @Test
  void sentencesWordsAndFunctionWordsByHand() {
    // 2 sentences: "The cat and the dog." (5 words) and "Run!" (1 word).
    String t = "The cat and the dog. Run!";
    float[] f = StylometricFeatures.of(t);
    assertThat(f[StylometricFeatures.SENTENCE_MEAN]).isCloseTo(3f, within(EPS)); // (5 + 1) / 2
    assertThat(f[StylometricFeatures.SENTENCE_VARIANCE]).isCloseTo(4f, within(EPS)); // ((5-3)² + (1-3)²) / 2
    assertThat(f[StylometricFeatures.WORD_LENGTH]).isCloseTo(18f / 6, within(EPS)); // 3+3+3+3+3+3
    assertThat(f[StylometricFeatures.TYPE_TOKEN]).isCloseTo(5f / 6, within(EPS)); // the ×2
    int fw = StylometricFeatures.FUNCTION;
    assertThat(f[fw + StylometricFeatures.FUNCTION_WORDS.indexOf("the")]).isCloseTo(2f / 6, within(EPS));
    assertThat(f[fw + StylometricFeatures.FUNCTION_WORDS.indexOf("and")]).isCloseTo(1f / 6, within(EPS));
    int n = t.length(); // 25 characters
    int p = StylometricFeatures.PUNCT;
    assertThat(f[p + 3]).isCloseTo(1f / n, within(EPS)); // period
    assertThat(f[p + 4]).isCloseTo(1f / n, within(EPS)); // exclamation
    assertThat(f[p]).isZero(); // comma
    assertThat(f[StylometricFeatures.UPPER]).isCloseTo(2f / n, within(EPS)); // T, R
  }

  @Test
  void quotesDashesApostrophesAndUnterminatedSentences() {
    String t = "“Don’t—” she said; it’s 1811"; // one sentence without an end mark
    float[] f = StylometricFeatures.of(t);
    int p = StylometricFeatures.PUNCT;
    assertThat(f[p + 6] * t.length()).isCloseTo(4f, within(1e-4f)); // “ ’ ” ’ all count as quotes
    assertThat(f[p + 7] * t.length()).isCloseTo(1f, within(1e-4f)); // —
    assertThat(f[p + 1] * t.length()).isCloseTo(1f, within(1e-4f)); // ;
    assertThat(f[StylometricFeatures.DIGIT] * t.length()).isCloseTo(4f, within(1e-4f));
    // words: Don’t, she, said, it’s, 1811 → one sentence of 5
    assertThat(f[StylometricFeatures.SENTENCE_MEAN]).isEqualTo(5f);
    assertThat(f[StylometricFeatures.FUNCTION + StylometricFeatures.FUNCTION_WORDS.indexOf("she")]).isCloseTo(0.2f, within(EPS));
  }

  @Test
  void ngramProfileIsAHashedDistribution() {
    float[] f = StylometricFeatures.of("abab");
    double sum = 0;
    for (int i = 0; i < StylometricFeatures.NGRAM_BUCKETS; i++) sum += f[i];
    assertThat(sum).isCloseTo(1.0, within(1e-6));
    // 4 unigrams + 3 bigrams + 2 trigrams = 9 n-grams; "ab" occurs twice.
    int ab = StylometricFeatures.bucket("ab".codePoints().toArray(), 0, 2);
    assertThat(f[ab]).isGreaterThanOrEqualTo(2f / 9 - EPS);
  }

  @Test
  void emptyTextIsAllZeros() {
    assertThat(StylometricFeatures.of("")).containsOnly(0f);
  }
}
