package orphic.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static orphic.engine.ref.RefOpsB.assertClose;
import static orphic.engine.ref.RefOpsB.toDouble;

import java.util.Arrays;
import java.util.List;
import orphic.engine.ref.RefOpsB;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
  private static final int L = RowKernels.L;

  @Test
  void referenceBackwardMatchesFiniteDifferences() {
    int c = 6, n = 4 * c;
    double[] x = RefOpsB.randn(1, 0, 2, n), r = RefOpsB.randn(2, 0, 1, n);
    double[] ns = GradCheck.numericGradient(v -> RefOpsB.dotProduct(r, RefOpsB.softmax(v, c)), x.clone(), 1e-5);
    assertThat(GradCheck.relativeError(RefOpsB.softmaxBackward(x, c, r), ns)).isLessThan(1e-6);
    double[] nl = GradCheck.numericGradient(v -> RefOpsB.dotProduct(r, RefOpsB.logSoftmax(v, c)), x.clone(), 1e-5);
    assertThat(GradCheck.relativeError(RefOpsB.logSoftmaxBackward(x, c, r), nl)).isLessThan(1e-6);
  }

  @Test
  void float32MatchesReferenceForwardAndBackward() {
    int[][] fixed = {{1}, {3, 1}, {4, L - 1}, {3, L}, {2, 3, L + 1}, {5, 3 * L + 5}, {2, 2, 100}, {40, 1031}};
    List<int[]> shapes = RefOpsB.shapes(fixed, 41, 8, 200);
    long seed = 40;
    for (int[] shape : shapes) {
      for (boolean log : new boolean[] {false, true}) {
        int c = shape[shape.length - 1];
        Tensor x = Tensor.randn(seed++, 3f, shape).requiresGrad(true);
        double[] xd = toDouble(x.toArray());
        String what = (log ? "logSoftmax " : "softmax ") + Arrays.toString(shape);
        Tensor y = log ? Softmax.logSoftmax(x) : Softmax.softmax(x);
        assertClose(what + " forward", y.toArray(), log ? RefOpsB.logSoftmax(xd, c) : RefOpsB.softmax(xd, c), 2e-6);
        double[] dy = RefOpsB.randn(seed++, 0, 1, x.size());
        RefOpsB.runBackward(y, dy);
        double[] ref = log ? RefOpsB.logSoftmaxBackward(xd, c, dy) : RefOpsB.softmaxBackward(xd, c, dy);
        assertClose(what + " backward", x.grad().toArray(), ref, 1e-5);
      }
    }
  }

  @Test
  void float32GradCheck() {
    for (int c : new int[] {5, L + 3}) {
      var s = GradCheck.check(in -> Softmax.softmax(in.get(0)), List.of(Tensor.randn(c, 1f, 3, c)), 1e-2, c);
      assertThat(s.max()).as("softmax c=" + c).isLessThan(1e-3);
      var l = GradCheck.check(in -> Softmax.logSoftmax(in.get(0)), List.of(Tensor.randn(c + 1, 1f, 3, c)), 1e-2, c);
      assertThat(l.max()).as("logSoftmax c=" + c).isLessThan(1e-3);
    }
  }

  @Test
  void rowsSumToOne() {
    int c = 3 * L + 7;
    float[] y = Softmax.softmax(Tensor.randn(3, 4f, 6, c)).toArray();
    for (int r = 0; r < 6; r++) {
      double s = 0;
      for (int j = 0; j < c; j++) {
        assertThat(y[r * c + j]).isBetween(0f, 1f);
        s += y[r * c + j];
      }
      assertThat(s).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void survivesHugeLogits() {
    float[] v = new float[2 * (L + 2)];
    for (int i = 0; i < v.length; i++) v[i] = (i % 3 == 0 ? 1e4f : -1e4f) + i;
    Tensor x = Tensor.of(v, 2, L + 2).requiresGrad(true);
    Tensor y = Softmax.softmax(x);
    double[] xd = toDouble(v);
    assertClose("softmax ±1e4", y.toArray(), RefOpsB.softmax(xd, L + 2), 1e-6);
    for (float p : y.toArray()) assertThat(Float.isFinite(p)).isTrue();
    double[] dy = RefOpsB.randn(1, 0, 1, v.length);
    RefOpsB.runBackward(y, dy);
    assertClose("softmax ±1e4 backward", x.grad().toArray(), RefOpsB.softmaxBackward(xd, L + 2, dy), 1e-5);
    float[] ly = Softmax.logSoftmax(Tensor.of(v, 2, L + 2)).toArray();
    for (float p : ly) assertThat(Float.isFinite(p)).isTrue();
    // Near the top the log-probabilities are float-exact; 2e4 below it, float's ulp is 2e-3.
    double[] lref = RefOpsB.logSoftmax(xd, L + 2);
    for (int i = 0; i < ly.length; i++) {
      assertThat((double) ly[i]).isCloseTo(lref[i], within(lref[i] > -100 ? 1e-5 : 2e-3));
    }
  }

  @Test
  void scalarInputIsRejected() {
    assertThatThrownBy(() -> Softmax.softmax(Tensor.scalar(1f))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("softmax").hasMessageContaining("[]");
    assertThatThrownBy(() -> Softmax.logSoftmax(Tensor.scalar(1f))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logSoftmax");
  }

  @Test
  void nonContiguousInputWorks() {
    Tensor root = Tensor.randn(5, 1f, 7, 5).requiresGrad(true);
    Tensor y = Softmax.softmax(root.transpose()); // rows of 7
    double[] xd = toDouble(root.transpose().toArray());
    assertClose("forward", y.toArray(), RefOpsB.softmax(xd, 7), 2e-6);
    double[] dy = RefOpsB.randn(6, 0, 1, 35);
    RefOpsB.runBackward(y, dy);
    assertClose("backward", root.transpose().grad().toArray(), RefOpsB.softmaxBackward(xd, 7, dy), 1e-5);
  }
}
