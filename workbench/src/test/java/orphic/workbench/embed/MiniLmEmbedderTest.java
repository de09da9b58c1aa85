package orphic.workbench.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real model, loaded once for the class (about a second). */
class MiniLmEmbedderTest {
  private static MiniLmEmbedder embedder;
  private static MiniLmEmbedder unbatched;

  @BeforeAll
  static void load() {
    embedder = new MiniLmEmbedder(256, 1, 32);
    unbatched = new MiniLmEmbedder(256, 1, 1);
  }

  @AfterAll
  static void close() {
    embedder.close();
    unbatched.close();
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
    return s;
  }

  @Test
  void vectorsAre384DimensionalUnitLengthAndDeterministic() {
    float[] a = embedder.embed("The quick brown fox jumps over the lazy dog.");
    assertThat(a).hasSize(384);
    assertThat(embedder.dimension()).isEqualTo(384);
    assertThat(dot(a, a)).isCloseTo(1.0, within(1e-5));
    assertThat(embedder.embed("The quick brown fox jumps over the lazy dog.")).containsExactly(a);
  }

  @Test
  void batchedIsCloseToSingleAndBatchOneIsExact() {
    List<String> texts = List.of("a short one", "a somewhat longer sentence about the sea and the sky", "", "Ünïcödé text — with dashes!");
    float[][] all = embedder.embedAll(texts);
    float[][] each = unbatched.embedAll(texts);
    assertThat(all).hasNumberOfRows(4);
    for (int i = 0; i < texts.size(); i++) {
      float[] one = embedder.embed(texts.get(i));
      assertThat(each[i]).containsExactly(one); // batch size 1: a pure function of the text
      // Dynamic quantization scales depend on the whole batch: close, not equal.
      assertThat(dot(all[i], one)).isGreaterThan(0.97);
    }
  }

  @Test
  void similarSentencesAreCloserThanUnrelatedOnes() {
    float[][] v = embedder.embedAll(List.of(
        "The cat sat on the mat.",
        "A kitten was sitting on the rug.",
        "Interest rates rose sharply in the third quarter."));
    assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.2);
  }

  @Test
  void tokenizerFollowsBertUncased() {
    assertThat(embedder.tokenizer().tokenize("Hello, World! Café unaffable"))
        .containsExactly("hello", ",", "world", "!", "cafe", "una", "##ffa", "##ble");
    int[] ids = embedder.tokenizer().encode("hello world", 256);
    assertThat(ids[0]).isEqualTo(101);
    assertThat(ids[ids.length - 1]).isEqualTo(102);
    assertThat(embedder.tokenizer().encode("one two three four five six", 4)).hasSize(4);
  }
}
