package orphic.lm.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeanAndSpreadTest {
  @Test
  void sampleStandardDeviationByHand() {
    MeanAndSpread two = MeanAndSpread.of(1, 3);
    assertThat(two.mean()).isEqualTo(2);
    assertThat(two.spread()).isCloseTo(Math.sqrt(2), within(1e-12)); // ((1)² + (1)²) / (2 − 1)
    MeanAndSpread three = MeanAndSpread.of(2, 4, 9);
    assertThat(three.mean()).isEqualTo(5);
    assertThat(three.spread()).isCloseTo(Math.sqrt((9 + 1 + 16) / 2.0), within(1e-12));
  }

  @Test
  void oneValueHasNoSpreadAndNaNsAreLeftOut() {
    assertThat(MeanAndSpread.of(5)).isEqualTo(new MeanAndSpread(5, 0, 1));
    MeanAndSpread m = MeanAndSpread.of(Double.NaN, 2, 4);
    assertThat(m.n()).isEqualTo(2);
    assertThat(m.mean()).isEqualTo(3);
    assertThat(MeanAndSpread.of().mean()).isNaN();
    assertThat(MeanAndSpread.of(Double.NaN).n()).isZero();
  }
}
