package orphic.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static orphic.engine.ref.RefOpsB.assertClose;
import static orphic.engine.ref.RefOpsB.toDouble;

import java.util.List;
import orphic.engine.ref.RefOpsB;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class GeluTest {
  private static final int L = RowKernels.L;

  /** erf to 16 digits, from tables (Abramowitz & Stegun 7.1 values, recomputed). */
  private static final double[][] ERF = {
      {0.1, 0.1124629160182849}, {0.5, 0.5204998778130465}, {1.0, 0.8427007929497149},
      {1.5, 0.9661051464753108}, {2.0, 0.9953222650189527}, {3.0, 0.9999779095030014},
      {3.5, 0.9999992569016276}, {5.0, 0.9999999999984626}};

  @Test
  void referenceErfMatchesKnownValues() {
    for (double[] e : ERF) {
      assertThat(RefOpsB.erf(e[0])).as("erf(%s)", e[0]).isCloseTo(e[1], within(2e-15));
      assertThat(RefOpsB.erf(-e[0])).isCloseTo(-e[1], within(2e-15));
    }
    assertThat(RefOpsB.erf(0)).isZero();
    assertThat(RefOpsB.erfc(4) / 1.541725790028002e-8).isCloseTo(1.0, within(1e-14));
    assertThat(RefOpsB.erfc(9) / 4.137031746513810e-37).isCloseTo(1.0, within(1e-14));
    // Near 0, erf(x) ≈ 2x/√π: relative accuracy must hold there too.
    assertThat(RefOpsB.erf(1e-10) / (2e-10 / Math.sqrt(Math.PI))).isCloseTo(1.0, within(1e-15));
  }

  @Test
  void floatErfIsAccurateToAFewUlp() {
    double worstUlps = 0;
    for (int i = -100000; i <= 100000; i++) {
      float x = i * 1e-4f; // [-10, 10]
      double exact = RefOpsB.erf(x);
      double ulps = Math.abs(Gelu.erf(x) - exact) / Math.ulp((float) exact == 0 ? Float.MIN_NORMAL : (float) exact);
      worstUlps = Math.max(worstUlps, ulps);
    }
    assertThat(worstUlps).isLessThan(4);
    for (float x : new float[] {1e-30f, 1e-8f, -3e-5f}) {
      assertThat(Gelu.erf(x) / (2 * x / Math.sqrt(Math.PI))).isCloseTo(1.0, within(1e-6));
    }
    // 1 + erf(z) keeps its relative accuracy where erf(z) → −1 (GELU's negative tail).
    double worstRelative = 0;
    for (int i = 1000; i <= 92000; i++) {
      float z = -i * 1e-4f; // [-9.2, -0.1]: down to where erfc leaves float's normal range
      double exact = RefOpsB.erfc(-z);
      worstRelative = Math.max(worstRelative, Math.abs(Gelu.onePlusErf(z) - exact) / exact);
    }
    assertThat(worstRelative).isLessThan(1e-6);
    assertThat(Gelu.erf(Float.NaN)).isNaN();
    assertThat(Gelu.erf(Float.POSITIVE_INFINITY)).isEqualTo(1f);
    assertThat(Gelu.erf(Float.NEGATIVE_INFINITY)).isEqualTo(-1f);
    assertThat(Gelu.onePlusErf(Float.NEGATIVE_INFINITY)).isZero();
    assertThat(Gelu.onePlusErf(-12f)).isZero();
  }

  @Test
  void vectorAndScalarPathsAgreeBitForBit() {
    // A tensor of 4L + 3 runs its bulk in vector lanes; one element at a time runs the scalar twins.
    float[] x = Tensor.randn(5, 4f, 4 * L + 3).toArray();
    x[0] = 0f; x[1] = -0f; x[2] = -13f; x[3] = 14f; x[4] = -20f; x[5] = 1.4142135f; x[6] = -1.4142135f;
    double[] dy = RefOpsB.randn(6, 0, 1, x.length);
    for (Gelu.Mode mode : Gelu.Mode.values()) {
      Tensor all = Tensor.of(x.clone(), x.length).requiresGrad(true);
      Tensor y = Gelu.forward(all, mode);
      RefOpsB.runBackward(y, dy);
      float[] ya = y.toArray(), ga = all.grad().toArray();
      for (int i = 0; i < x.length; i++) {
        Tensor one = Tensor.of(new float[] {x[i]}, 1).requiresGrad(true);
        Tensor y1 = Gelu.forward(one, mode);
        RefOpsB.runBackward(y1, new double[] {dy[i]});
        assertThat(Float.floatToIntBits(ya[i])).as("%s forward x=%s", mode, x[i]).isEqualTo(Float.floatToIntBits(y1.toArray()[0]));
        assertThat(Float.floatToIntBits(ga[i])).as("%s backward x=%s", mode, x[i])
            .isEqualTo(Float.floatToIntBits(one.grad().toArray()[0]));
      }
    }
  }

  @Test
  void erfFormKeepsRelativeAccuracyInTheNegativeTail() {
    // GELU(x) = xΦ(x) is tiny for x ≪ 0; it and its derivative keep float relative accuracy down to
    // |GELU| ~ 1e-30 (x ≈ −11), in the vector lanes and the scalar tail alike.
    int n = 20 * L + 3;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = -1f - 10f * i / (n - 1);
    Tensor xt = Tensor.of(x.clone(), n).requiresGrad(true);
    Tensor y = Gelu.forward(xt, Gelu.Mode.ERF);
    double[] ones = new double[n];
    java.util.Arrays.fill(ones, 1.0);
    RefOpsB.runBackward(y, ones);
    double[] yr = RefOpsB.gelu(toDouble(x), false), gr = RefOpsB.geluBackward(toDouble(x), ones, false);
    float[] yf = y.toArray(), gf = xt.grad().toArray();
    for (int i = 0; i < n; i++) {
      assertThat(Math.abs(yf[i] - yr[i]) / Math.abs(yr[i])).as("GELU(%s)", x[i]).isLessThan(1e-6);
      assertThat(Math.abs(gf[i] - gr[i]) / Math.abs(gr[i])).as("GELU'(%s)", x[i]).isLessThan(1e-6);
    }
  }

  @Test
  void referenceBackwardMatchesFiniteDifferences() {
    double[] x = RefOpsB.randn(1, 0, 2, 40), r = RefOpsB.randn(2, 0, 1, 40);
    for (boolean tanh : new boolean[] {true, false}) {
      double[] numeric = GradCheck.numericGradient(v -> RefOpsB.dotProduct(r, RefOpsB.gelu(v, tanh)), x.clone(), 1e-5);
      assertThat(GradCheck.relativeError(RefOpsB.geluBackward(x, r, tanh), numeric)).as("tanh=" + tanh).isLessThan(1e-6);
    }
  }

  @Test
  void float32MatchesReferenceForwardAndBackward() {
    int[][] shapes = {{1}, {L - 1}, {L}, {L + 1}, {3, 3 * L + 5}, {2, 5, 77}, {40001}};
    long seed = 10;
    for (Gelu.Mode mode : Gelu.Mode.values()) {
      boolean tanh = mode == Gelu.Mode.TANH;
      for (int[] shape : shapes) {
        for (int rep = 0; rep < (shape[0] > 10_000 ? 1 : 3); rep++) {
          Tensor x = Tensor.randn(seed++, 3f, shape).requiresGrad(true);
          double[] xd = toDouble(x.toArray());
          Tensor y = Gelu.forward(x, mode);
          assertClose(mode + " forward", y.toArray(), RefOpsB.gelu(xd, tanh), 2e-6);
          double[] dy = RefOpsB.randn(seed++, 0, 1, x.size());
          RefOpsB.runBackward(y, dy);
          assertClose(mode + " backward", x.grad().toArray(), RefOpsB.geluBackward(xd, dy, tanh), 2e-6);
        }
      }
    }
  }

  @Test
  void float32GradCheck() {
    for (Gelu.Mode mode : Gelu.Mode.values()) {
      for (int n : new int[] {5, L + 3}) {
        var report = GradCheck.check(in -> Gelu.forward(in.get(0), mode), List.of(Tensor.randn(n, 1.5f, 2, n)), 1e-2, n);
        assertThat(report.max()).as(mode + " n=" + n).isLessThan(1e-3);
      }
    }
  }

  @Test
  void extremesStayFinite() {
    Tensor x = Tensor.of(new float[] {-30, -10, 0, 10, 30}, 5);
    for (Gelu.Mode mode : Gelu.Mode.values()) {
      float[] y = Gelu.forward(x, mode).toArray();
      assertThat(y[0]).isCloseTo(0f, within(1e-6f));
      assertThat(y[1]).isCloseTo(0f, within(1e-6f));
      assertThat(y[2]).isZero();
      assertThat(y[3]).isCloseTo(10f, within(1e-5f));
      assertThat(y[4]).isCloseTo(30f, within(1e-5f));
    }
    assertThatThrownBy(() -> Gelu.forward(x, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mode");
  }
}
