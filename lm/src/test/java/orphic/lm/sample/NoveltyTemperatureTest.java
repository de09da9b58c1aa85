package orphic.lm.sample;

import static orphic.lm.sample.SampleTestKit.L;
import static orphic.lm.sample.SampleTestKit.distribution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import orphic.lm.field.CooccurrenceField;
import org.junit.jupiter.api.Test;

/** The adaptive entropy schedule: the temperature follows the novelty density (docs/poetic-training.md). */
class NoveltyTemperatureTest {
  private static final NoveltyTemperature SCHEDULE = new NoveltyTemperature(1.0, 0.5, 2.0, 4, 0.3, 2.0, null);

  /** The formula written out: trigrams of the prompt known, x_t per generated token, EMA from the target. */
  private static double expectedTemperature(int[] history, int prompt, double base, double target, double gain, double halfLife,
      double min, double max) {
    java.util.Set<String> known = new java.util.HashSet<>();
    for (int t = 2; t < prompt; t++) known.add(history[t - 2] + "," + history[t - 1] + "," + history[t]);
    double d = target, beta = 1 - Math.pow(0.5, 1 / halfLife);
    for (int t = Math.max(2, prompt); t < history.length; t++) {
      double x = known.add(history[t - 2] + "," + history[t - 1] + "," + history[t]) ? 1 : 0;
      d = d + beta * (x - d);
    }
    return Math.min(max, Math.max(min, base * (1 + gain * (target - d))));
  }

  /** Runs the processor once on a context holding {@code prompt} then {@code generated}; returns the temperature applied. */
  private static double temperatureAfter(NoveltyTemperature p, int[] prompt, int[] generated) {
    SamplingContext ctx = new SamplingContext(1).start(prompt);
    for (int g : generated) ctx.accept(g);
    distribution(L, ctx, p);
    return ctx.temperature();
  }

  private static final int[] PROMPT = {0, 1, 2, 3};
  private static final int[] REPETITIVE = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3};
  private static final int[] NOVEL = {4, 2, 0, 3, 1, 4, 0, 2, 4, 1, 3, 0};

  @Test
  void forAFixedHistoryTheTemperatureIsTheFormula() {
    for (int[] g : new int[][] {REPETITIVE, NOVEL, {}, {4}, {4, 4, 4, 4, 4, 4}}) {
      int[] all = new int[PROMPT.length + g.length];
      System.arraycopy(PROMPT, 0, all, 0, PROMPT.length);
      System.arraycopy(g, 0, all, PROMPT.length, g.length);
      double expected = expectedTemperature(all, PROMPT.length, 1.0, 0.5, 2.0, 4, 0.3, 2.0);
      assertThat(temperatureAfter(SCHEDULE, PROMPT, g)).isCloseTo(expected, within(1e-12));
      assertThat(SCHEDULE.temperatureOf(SCHEDULE.density(all, PROMPT.length))).isCloseTo(expected, within(1e-12));
    }
    // no generated trigram yet: the density is the target, the temperature the base
    assertThat(temperatureAfter(SCHEDULE, PROMPT, new int[0])).isEqualTo(1.0);
  }

  @Test
  void incrementalStepsEqualAFreshComputationAndAreDeterministic() {
    SamplingContext ctx = new SamplingContext(1).start(PROMPT);
    for (int i = 0; i < NOVEL.length; i++) {
      distribution(L, ctx, SCHEDULE);
      int[] g = java.util.Arrays.copyOf(NOVEL, i);
      assertThat(ctx.temperature()).isEqualTo(temperatureAfter(SCHEDULE, PROMPT, g));
      assertThat(ctx.temperature()).isEqualTo(temperatureAfter(new NoveltyTemperature(1.0, 0.5, 2.0, 4, 0.3, 2.0, null), PROMPT, g));
      ctx.accept(NOVEL[i]);
    }
    // backtracking: after a rollback the temperature is that of the shorter history
    ctx.rollbackTo(PROMPT.length + 3);
    distribution(L, ctx, SCHEDULE);
    assertThat(ctx.temperature()).isEqualTo(temperatureAfter(SCHEDULE, PROMPT, java.util.Arrays.copyOf(NOVEL, 3)));
  }

  @Test
  void repetitionHeatsAndNoveltyCools() {
    double rep = temperatureAfter(SCHEDULE, PROMPT, REPETITIVE), nov = temperatureAfter(SCHEDULE, PROMPT, NOVEL);
    assertThat(rep).isGreaterThan(1.0);
    assertThat(nov).isLessThan(1.0);
    // the corpus field makes its trigrams familiar: the same "novel" text is now known, so it heats
    CooccurrenceField field = CooccurrenceField.build(NOVEL, 5);
    double withField = temperatureAfter(new NoveltyTemperature(1.0, 0.5, 2.0, 4, 0.3, 2.0, field), PROMPT, NOVEL);
    assertThat(withField).isGreaterThan(nov);
    // gain 0: always the base temperature
    assertThat(temperatureAfter(new NoveltyTemperature(0.8, 0.5, 0, 4, 0.3, 2.0, null), PROMPT, REPETITIVE)).isEqualTo(0.8);
  }

  @Test
  void settingsBuildItAndRejectInvalidValuesWithTheirRanges() {
    SamplerSettings s = SamplerSettings.fromMap(Map.of("entropy_schedule", "true", "entropy_schedule_target", 0.3,
        "entropy_schedule_gain", 1.5, "entropy_schedule_half_life", 8, "temperature", 0.9));
    assertThat(s.toChain().processors()).anySatisfy(p -> assertThat(p).isEqualTo(
        new NoveltyTemperature(0.9, 0.3, 1.5, 8, s.minTemperature(), s.maxTemperature(), null)));
    assertThat(SamplerSettings.defaults().toChain().processors()).noneMatch(p -> p instanceof NoveltyTemperature);
    assertThat(SamplerSettings.fromMap(s.toMap())).isEqualTo(s);
    assertThatThrownBy(() -> SamplerSettings.fromMap(Map.of("entropy_schedule_target", 1.5))).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> SamplerSettings.fromMap(Map.of("entropy_schedule_gain", -1))).hasMessageContaining("≥ 0");
    assertThatThrownBy(() -> SamplerSettings.fromMap(Map.of("entropy_schedule_half_life", 0))).hasMessageContaining("> 0");
    assertThatThrownBy(() -> SamplerSettings.fromMap(Map.of("entropy_schedule", true, "temperature", 0)))
        .hasMessageContaining("> 0");
    assertThatThrownBy(() -> SamplerSettings.fromMap(Map.of("entropy_schedule", true, "temperature_mode", "entropy")))
        .hasMessageContaining("temperature-mode fixed");
  }
}
