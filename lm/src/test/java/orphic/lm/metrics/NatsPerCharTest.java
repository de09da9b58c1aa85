package orphic.lm.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NatsPerCharTest {
  @Test
  void uniformAndSkewedPredictionsByHand() {
    NatsPerChar m = new NatsPerChar();
    assertThat(m.value()).isNaN();
    m.add(new float[] {0, 0}, 0, 2, 0, 1);                                  // p = 1/2: ln 2
    m.add(new float[] {9, 0, (float) Math.log(3)}, 1, 2, 1, 1);              // p = 3/4 (offset 1): −ln 0.75
    assertThat(m.nats()).isCloseTo(Math.log(2) - Math.log(0.75), within(1e-6));
    assertThat(m.value()).isCloseTo((Math.log(2) - Math.log(0.75)) / 2, within(1e-6));
    assertThat(m.tokens()).isEqualTo(2);
  }

  @Test
  void subwordTargetsDivideByTheirCharacters() {
    NatsPerChar m = new NatsPerChar();
    m.add(new float[] {0, 0, 0, 0}, 0, 4, 3, 4); // ln 4 over 4 characters
    assertThat(m.value()).isCloseTo(Math.log(4) / 4, within(1e-9));
    assertThat(m.chars()).isEqualTo(4);
  }

  @Test
  void largeLogitsDoNotOverflow() {
    assertThat(NatsPerChar.nats(new float[] {1000, 0}, 0, 2, 0)).isCloseTo(0, within(1e-9));
    assertThat(NatsPerChar.nats(new float[] {1000, 0}, 0, 2, 1)).isCloseTo(1000, within(1e-6));
  }

  @Test
  void targetOutsideTheVocabularyIsRefused() {
    assertThatThrownBy(() -> new NatsPerChar().add(new float[] {0, 0}, 0, 2, 2, 1)).hasMessageContaining("outside the vocabulary");
  }
}
