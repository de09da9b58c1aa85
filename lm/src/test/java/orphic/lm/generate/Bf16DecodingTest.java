package orphic.lm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import orphic.lm.model.LanguageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** bfloat16 weights in incremental decoding: the rounding, the kernels' agreement, the error against float32. */
class Bf16DecodingTest {

  @Test
  void roundingIsToNearestEvenAndWideningIsExact() {
    assertThat(Bf16.round(1f)).isEqualTo(1f);
    assertThat(Bf16.round(-2.5f)).isEqualTo(-2.5f);
    float ulp = 0x1p-7f; // bfloat16 spacing just above 1
    assertThat(Bf16.round(1f + ulp / 2)).as("a tie goes to the even neighbour (1)").isEqualTo(1f);
    assertThat(Bf16.round(1f + 3 * ulp / 2)).as("a tie goes to the even neighbour (1 + 2 ulp)").isEqualTo(1f + 2 * ulp);
    assertThat(Bf16.round(1f + ulp / 2 + 0x1p-20f)).as("just above a tie rounds up").isEqualTo(1f + ulp);
    assertThat(Bf16.round(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Bf16.round(Float.NEGATIVE_INFINITY)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(Bf16.round(Float.MAX_VALUE)).as("beyond the largest bfloat16: infinity").isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Float.isNaN(Bf16.round(Float.NaN))).isTrue();
    assertThat(Float.isNaN(Bf16.round(Float.intBitsToFloat(0x7f800001)))).as("a NaN with only low mantissa bits stays a NaN").isTrue();
    assertThat(Float.floatToRawIntBits(Bf16.round(-0f))).isEqualTo(Float.floatToRawIntBits(-0f));
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      float f = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-20, 20)));
      float g = Bf16.round(f);
      assertThat(Math.abs(g - f)).isLessThanOrEqualTo(Math.abs(f) * 0x1p-8f);
      assertThat(Float.floatToRawIntBits(g) & 0xffff).isZero();
      assertThat(Bf16.widen(Bf16.bits(g))).isEqualTo(g);
    }
  }

  @Test
  void precisionNamesParseAndUnknownOnesSayWhatToUse() {
    assertThat(WeightPrecision.parse("BF16")).isEqualTo(WeightPrecision.BF16);
    assertThat(WeightPrecision.parse("f32")).isEqualTo(WeightPrecision.F32);
    assertThat(WeightPrecision.BF16.label()).isEqualTo("bf16");
    assertThatThrownBy(() -> WeightPrecision.parse("int8")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("int8").hasMessageContaining("bf16");
  }

  static LanguageModel model(String kind) {
    // dim 64 and hidden 4·64: several weight panels, so the one- and two-row bfloat16 tiles all run
    return kind.equals("gpt") ? TinyModels.gpt(29, 12, 64, 2, 4, false, true, 5)
        : HazeDecodingTest.haze(29, 12, 64, 2, 4, kind, 5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt", "rrpram", "content", "hybrid"})
  void halfKernelsGiveTheBitsOfTheRoundedFloatsThroughSlides(String kind) {
    LanguageModel m = model(kind);
    IncrementalDecoder half = new IncrementalDecoder(m, 1, WeightPrecision.BF16);
    IncrementalDecoder floats = new IncrementalDecoder(m, 1, WeightPrecision.BF16, false);
    int[] ids = TinyModels.randomTokens(40, 29, 9); // past T = 12: three slides
    half.start(new int[] {ids[0], ids[1]});
    floats.start(new int[] {ids[0], ids[1]});
    assertThat(half.logits(0)).isEqualTo(floats.logits(0));
    for (int i = 2; i < ids.length; i++) {
      half.step(ids[i]);
      floats.step(ids[i]);
      assertThat(half.logits(0)).as("token %d", i).isEqualTo(floats.logits(0));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 5})
  void streamsDecodedTogetherEqualSingleStreams(int n) {
    LanguageModel m = model("hybrid");
    IncrementalDecoder together = new IncrementalDecoder(m, n, WeightPrecision.BF16);
    IncrementalDecoder alone = new IncrementalDecoder(m, 1, WeightPrecision.BF16);
    int[] prompt = TinyModels.randomTokens(3, 29, 1);
    int[][] next = new int[n][];
    for (int s = 0; s < n; s++) next[s] = TinyModels.randomTokens(20, 29, 100 + s);
    together.start(prompt);
    int[] step = new int[n];
    float[][][] got = new float[n][20][];
    for (int i = 0; i < 20; i++) {
      for (int s = 0; s < n; s++) step[s] = next[s][i];
      together.step(step);
      for (int s = 0; s < n; s++) got[s][i] = together.logits(s).clone();
    }
    for (int s = 0; s < n; s++) {
      alone.start(prompt);
      for (int i = 0; i < 20; i++) {
        alone.step(next[s][i]);
        assertThat(alone.logits(0)).as("stream %d token %d", s, i).isEqualTo(got[s][i]);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt", "rrpram", "hybrid"})
  void logitsStayWithinTheWeightsRoundingOfFloat32(String kind) {
    LanguageModel m = model(kind);
    IncrementalDecoder half = new IncrementalDecoder(m, 1, WeightPrecision.BF16);
    IncrementalDecoder exact = new IncrementalDecoder(m, 1, WeightPrecision.F32);
    int[] ids = TinyModels.randomTokens(12, 29, 4);
    half.start(new int[] {ids[0]});
    exact.start(new int[] {ids[0]});
    float worst = 0, scale = 0;
    for (int i = 1; i < ids.length; i++) {
      half.step(ids[i]);
      exact.step(ids[i]);
      worst = Math.max(worst, TinyModels.maxAbsDiff(half.logits(0), exact.logits(0)));
      for (float x : exact.logits(0)) scale = Math.max(scale, Math.abs(x));
    }
    assertThat(worst).as("the weights were really rounded").isGreaterThan(0f);
    assertThat(worst).as("largest logit difference, logits up to %s", scale).isLessThan(0.02f * Math.max(1f, scale));
  }

  @Test
  void theComparisonReportsTheCostOfRounding() {
    LanguageModel m = model("hybrid");
    int[] ids = TinyModels.randomTokens(30, 29, 8); // past T: slides too
    PrecisionComparison.Result r = PrecisionComparison.run(m, ids);
    assertThat(r.positions()).isEqualTo(29);
    assertThat(r.meanKl()).isGreaterThan(0).isLessThanOrEqualTo(r.maxKl()).isLessThan(1e-2);
    assertThat(r.maxLogitDiff()).isGreaterThan(0);
    assertThat(r.top1Agreement()).isBetween(0.8, 1.0);
    assertThat(Math.abs(r.natsBf16() - r.natsF32())).isLessThan(0.05);
    assertThatThrownBy(() -> PrecisionComparison.run(m, new int[] {1})).isInstanceOf(IllegalArgumentException.class);
  }
}
