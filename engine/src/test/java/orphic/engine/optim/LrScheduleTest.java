package orphic.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
  @Test
  void constant() {
    LrSchedule s = LrSchedule.constant(3e-4);
    assertThat(s.at(0)).isEqualTo(3e-4);
    assertThat(s.at(1_000_000)).isEqualTo(3e-4);
  }

  @Test
  void warmupCosineAtKeySteps() {
    LrSchedule s = LrSchedule.warmupCosine(1e-3, 1e-4, 10, 110);
    assertThat(s.at(0)).isCloseTo(1e-4, within(1e-15));      // maxLr·1/10: the first step moves
    assertThat(s.at(4)).isCloseTo(5e-4, within(1e-15));
    assertThat(s.at(9)).isCloseTo(1e-3, within(1e-15));      // warm-up ends at maxLr
    assertThat(s.at(10)).isCloseTo(1e-3, within(1e-15));     // cosine starts at maxLr
    assertThat(s.at(60)).isCloseTo(5.5e-4, within(1e-15));   // halfway: the mean of max and min
    assertThat(s.at(35)).isCloseTo(1e-4 + 0.5 * (1 + Math.cos(Math.PI / 4)) * 9e-4, within(1e-15));
    assertThat(s.at(110)).isCloseTo(1e-4, within(1e-15));
    assertThat(s.at(500)).isEqualTo(1e-4);
  }

  @Test
  void decreasesMonotonicallyAfterWarmup() {
    LrSchedule s = LrSchedule.warmupCosine(1, 0, 5, 50);
    for (int step = 5; step < 60; step++) assertThat(s.at(step + 1)).isLessThanOrEqualTo(s.at(step));
  }

  @Test
  void noWarmupAndNoDecayEdgeCases() {
    assertThat(LrSchedule.warmupCosine(2, 1, 0, 10).at(0)).isEqualTo(2);
    LrSchedule onlyWarmup = LrSchedule.warmupCosine(2, 1, 4, 4);
    assertThat(onlyWarmup.at(3)).isEqualTo(2);
    assertThat(onlyWarmup.at(4)).isEqualTo(1);
  }

  @Test
  void rejectsInconsistentArguments() {
    assertThatThrownBy(() -> LrSchedule.warmupCosine(1, 2, 0, 10)).hasMessageContaining("minLr");
    assertThatThrownBy(() -> LrSchedule.warmupCosine(1, 0, 20, 10)).hasMessageContaining("totalSteps");
  }
}
