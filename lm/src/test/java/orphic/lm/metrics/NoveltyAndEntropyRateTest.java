package orphic.lm.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NoveltyAndEntropyRateTest {
  @Test
  void noveltyIsTheShareOfTrigramsTheCorpusLacks() {
    CorpusNovelty n = new CorpusNovelty("The lamp is lit. The river is low.", 3);
    assertThat(n.of(List.of("the lamp is lit"))).isEqualTo(0.0);                 // both trigrams in the corpus
    assertThat(n.of(List.of("the lamp is low"))).isEqualTo(0.5);                 // "lamp is low" is new
    assertThat(n.of(List.of("a b c", "the lamp is"))).isEqualTo(0.5);            // pooled: 1 new of 2
    assertThat(n.of(List.of("lit. The river"))).isEqualTo(0.0);                  // punctuation does not break words' order
    assertThat(n.of(List.of("two words"))).isNaN();
  }

  @Test
  void entropyRateIsTheMeanEntropyInBits() {
    assertThat(EntropyRate.bits(new float[] {0, 0, 0, 0})).isCloseTo(2.0, within(1e-12));
    assertThat(EntropyRate.bits(new float[] {0, -1000})).isCloseTo(0.0, within(1e-12));
    EntropyRate.Mean m = new EntropyRate.Mean();
    assertThat(m.value()).isNaN();
    m.add(new float[][] {{0, 0}, {0, 0, 0, 0}, {5, 5}}, 0, 2);                   // 1 bit and 2 bits; the last row is not counted
    assertThat(m.value()).isCloseTo(1.5, within(1e-12));
  }
}
