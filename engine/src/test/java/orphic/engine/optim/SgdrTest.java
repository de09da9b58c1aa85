package orphic.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SgdrTest {
  private static double formula(double max, double min, double tCur, double ti) {
    return min + 0.5 * (max - min) * (1 + StrictMath.cos(Math.PI * tCur / ti));
  }

  @Test
  void theSequenceEqualsTheFormulaWithDoublingCycles() {
    Sgdr s = LrSchedule.sgdr(1e-2, 1e-4, 0, 10, 2);
    // cycles: [0,10) T=10, [10,30) T=20, [30,70) T=40
    long[] starts = {0, 10, 30, 70};
    long[] lengths = {10, 20, 40, 80};
    for (int c = 0; c < 3; c++) {
      for (long k = 0; k < lengths[c]; k++) {
        long step = starts[c] + k;
        assertThat(s.at(step)).as("step %d", step).isEqualTo(formula(1e-2, 1e-4, k, lengths[c]));
        assertThat(s.endsCycle(step)).isEqualTo(k == lengths[c] - 1);
      }
      // the spec's anchors: max at T_cur = 0, the midpoint at T_i/2, (the limit) min at T_i
      assertThat(s.at(starts[c])).isEqualTo(1e-2);
      assertThat(s.at(starts[c] + lengths[c] / 2)).isCloseTo((1e-2 + 1e-4) / 2, within(1e-15));
      assertThat(formula(1e-2, 1e-4, lengths[c], lengths[c])).isCloseTo(1e-4, within(1e-15));
    }
  }

  @Test
  void constantPeriodAfterWarmup() {
    Sgdr s = LrSchedule.sgdr(1.0, 0.0, 4, 5, 1);
    assertThat(s.at(0)).isEqualTo(0.25);
    assertThat(s.at(3)).isEqualTo(1.0);
    for (long step = 4; step < 40; step++) {
      assertThat(s.at(step)).isEqualTo(formula(1, 0, (step - 4) % 5, 5));
      assertThat(s.endsCycle(step)).isEqualTo((step - 4) % 5 == 4);
    }
    assertThat(s.endsCycle(2)).isFalse();
  }
}
