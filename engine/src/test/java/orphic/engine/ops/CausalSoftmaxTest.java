package orphic.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static orphic.engine.ref.RefOpsB.assertClose;
import static orphic.engine.ref.RefOpsB.toDouble;

import java.util.List;
import orphic.engine.autograd.Autograd;
import orphic.engine.ref.RefOpsB;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class CausalSoftmaxTest {

  /** Double reference: per [L, L] matrix, row i = softmax(c·s[i, 0..i]) then zeros. */
  static double[] reference(double[] s, int n, double c) {
    double[] y = new double[s.length];
    for (int r = 0; r < s.length / n; r++) {
      int w = r % n + 1, p = r * n;
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < w; j++) m = Math.max(m, c * s[p + j]);
      double sum = 0;
      for (int j = 0; j < w; j++) sum += Math.exp(c * s[p + j] - m);
      for (int j = 0; j < w; j++) y[p + j] = Math.exp(c * s[p + j] - m) / sum;
    }
    return y;
  }

  /** Double reference backward for upstream dy. */
  static double[] referenceBackward(double[] s, int n, double c, double[] dy) {
    double[] y = reference(s, n, c);
    double[] dx = new double[s.length];
    for (int r = 0; r < s.length / n; r++) {
      int w = r % n + 1, p = r * n;
      double d = 0;
      for (int j = 0; j < w; j++) d += dy[p + j] * y[p + j];
      for (int j = 0; j < w; j++) dx[p + j] = c * y[p + j] * (dy[p + j] - d);
    }
    return dx;
  }

  /** The same as a full softmax after adding haze's −1e9 above the diagonal. */
  static double[] maskedReference(double[] s, int n, double c) {
    double[] masked = new double[s.length];
    for (int r = 0; r < s.length / n; r++) {
      for (int j = 0; j < n; j++) masked[r * n + j] = c * s[r * n + j] + (j > r % n ? -1e9 : 0);
    }
    return RefOpsB.softmax(masked, n);
  }

  @Test
  void referenceAgreesWithMaskedSoftmaxAndFiniteDifferences() {
    int n = 5;
    double[] s = RefOpsB.randn(1, 0, 1.5, 2 * n * n);
    double[] y = reference(s, n, 0.7);
    double[] masked = maskedReference(s, n, 0.7);
    for (int i = 0; i < y.length; i++) assertThat(Math.abs(y[i] - masked[i])).isLessThan(1e-15);
    double[] r = RefOpsB.randn(2, 0, 1, s.length);
    double[] numeric = GradCheck.numericGradient(v -> RefOpsB.dotProduct(r, reference(v, n, 0.7)), s.clone(), 1e-6);
    assertThat(GradCheck.relativeError(referenceBackward(s, n, 0.7, r), numeric)).isLessThan(1e-8);
  }

  @Test
  void float32MatchesReferenceForwardAndBackward() {
    long seed = 10;
    int[][] shapes = {{1, 1}, {3, 3}, {2, 7, 7}, {2, 3, 17, 17}, {4, 40, 40}};
    for (int[] shape : shapes) {
      for (float c : new float[] {1f, 0.25f}) {
        int n = shape[shape.length - 1];
        Tensor s = Tensor.randn(seed++, 2f, shape).requiresGrad(true);
        double[] sd = toDouble(s.toArray());
        Tensor y = CausalSoftmax.forward(s, c);
        String what = java.util.Arrays.toString(shape) + " c=" + c;
        assertClose(what + " forward", y.toArray(), reference(sd, n, c), 1e-6);
        double[] dy = RefOpsB.randn(seed++, 0, 1, s.size());
        RefOpsB.runBackward(y, dy);
        assertClose(what + " backward", s.grad().toArray(), referenceBackward(sd, n, c, dy), 1e-5);
      }
    }
  }

  @Test
  void maskedEntriesAreZeroAndNeverRead() {
    Tensor s = Tensor.randn(3, 1f, 2, 4, 4);
    for (int b = 0; b < 2; b++) {
      for (int i = 0; i < 4; i++) for (int j = i + 1; j < 4; j++) s.set(Float.NaN, b, i, j);
    }
    Tensor y = Ops.causalSoftmax(s, 1f);
    for (int b = 0; b < 2; b++) {
      for (int i = 0; i < 4; i++) {
        double rowSum = 0;
        for (int j = 0; j < 4; j++) {
          float v = y.get(b, i, j);
          if (j > i) assertThat(v).isZero();
          else assertThat(v).isBetween(0f, 1f);
          rowSum += v;
        }
        assertThat(rowSum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
      }
      assertThat(y.get(b, 0, 0)).isEqualTo(1f);
    }
  }

  @Test
  void gradientAccumulatesAndReadsTransposedViews() {
    Tensor base = Tensor.randn(5, 1f, 6, 6).requiresGrad(true);
    Tensor s = base.transpose(); // a strided view: copied, gradient routed back through the copy
    double[] sd = toDouble(s.toArray());
    double[] dy = RefOpsB.randn(6, 0, 1, 36);
    for (int pass = 0; pass < 2; pass++) RefOpsB.runBackward(CausalSoftmax.forward(s, 0.5f), dy);
    double[] once = referenceBackward(sd, 6, 0.5, dy);
    double[] twiceT = new double[36];
    for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) twiceT[j * 6 + i] = 2 * once[i * 6 + j];
    assertClose("accumulated", base.grad().toArray(), twiceT, 1e-5);
  }

  @Test
  void float32GradCheck() {
    Tensor s = Tensor.randn(7, 1f, 2, 5, 5);
    var report = GradCheck.check(in -> CausalSoftmax.forward(in.get(0), 0.8f), List.of(s), 1e-2, 7);
    assertThat(report.max()).isLessThan(1e-3);
  }

  @Test
  void noTapeUnderNoGradAndClearErrors() {
    Tensor s = Tensor.randn(8, 1f, 3, 3).requiresGrad(true);
    Autograd.clearTape();
    try (var ng = Autograd.noGrad()) {
      Tensor y = CausalSoftmax.forward(s, 1f);
      assertThat(y.requiresGrad()).isFalse();
    }
    assertThat(Autograd.tapeSize()).isZero();
    assertThatThrownBy(() -> CausalSoftmax.forward(Tensor.zeros(3, 4), 1f)).hasMessageContaining("[3, 4]");
    assertThatThrownBy(() -> CausalSoftmax.forward(Tensor.zeros(4), 1f)).hasMessageContaining("square");
    assertThatThrownBy(() -> CausalSoftmax.forward(Tensor.zeros(2, 2), Float.NaN)).hasMessageContaining("finite");
  }
}
