package orphic.lm.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExpectedCalibrationErrorTest {
  @Test
  void twoBinsByHand() {
    var ece = new ExpectedCalibrationError();
    ece.add(0.95, true);  // bin 15 of 15: accuracy 1, confidence 0.95
    ece.add(0.95, true);
    ece.add(0.30, false); // bin 5 (0.2667, 0.3333]: accuracy 1/2, confidence 0.3
    ece.add(0.30, true);
    // 2/4 · |1 − 0.95| + 2/4 · |0.5 − 0.3| = 0.025 + 0.1
    assertThat(ece.value()).isCloseTo(0.125, within(1e-12));
    assertThat(ece.accuracy()).isEqualTo(0.75);
    assertThat(ece.count()).isEqualTo(4);
  }

  @Test
  void binsAreRightClosed() {
    var ece = new ExpectedCalibrationError(2);
    ece.add(0.5, false); // (0, 0.5]: first bin
    ece.add(0.6, true);  // (0.5, 1]
    // 1/2 · 0.5 + 1/2 · 0.4
    assertThat(ece.value()).isCloseTo(0.45, within(1e-12));
    var edges = new ExpectedCalibrationError(2);
    edges.add(0.0, false);
    edges.add(1.0, true);
    assertThat(edges.value()).isCloseTo(0, within(1e-12));
  }

  @Test
  void fromLogitsUsesTheTopProbabilityAndTheFirstOnTies() {
    var ece = new ExpectedCalibrationError();
    ece.add(new float[] {0, 0, 0, 0}, 0, 4, 0);                            // confidence 1/4, correct
    assertThat(ece.value()).isCloseTo(0.75, within(1e-12));
    var skew = new ExpectedCalibrationError();
    skew.add(new float[] {7, (float) Math.log(3), 0}, 1, 2, 1);            // [ln 3, 0]: 3/4 on id 0, target 1
    assertThat(skew.value()).isCloseTo(0.75, within(1e-6));
    assertThat(skew.accuracy()).isZero();
  }

  @Test
  void perfectCalibrationScoresZeroAndEmptyIsNaN() {
    var ece = new ExpectedCalibrationError();
    assertThat(ece.value()).isNaN();
    for (int i = 0; i < 10; i++) ece.add(0.7, i < 7);
    assertThat(ece.value()).isCloseTo(0, within(1e-12));
    assertThatThrownBy(() -> ece.add(1.5, true)).isInstanceOf(IllegalArgumentException.class);
  }
}
