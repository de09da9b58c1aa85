package orphic.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static orphic.engine.ref.RefOpsB.assertClose;
import static orphic.engine.ref.RefOpsB.toDouble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import orphic.engine.kernel.Parallel;
import orphic.engine.ref.RefOpsB;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class ElementwiseTest {
  private static final int L = RowKernels.L;

  private enum Op { ADD, SUB, MUL }

  private static Tensor apply(Op op, Tensor a, Tensor b) {
    return switch (op) {
      case ADD -> Elementwise.add(a, b);
      case SUB -> Elementwise.sub(a, b);
      case MUL -> Elementwise.mul(a, b);
    };
  }

  private static double[] ref(Op op, double[] a, double[] b) {
    return switch (op) {
      case ADD -> RefOpsB.add(a, b);
      case SUB -> RefOpsB.sub(a, b);
      case MUL -> RefOpsB.mul(a, b);
    };
  }

  private static double[][] refBackward(Op op, double[] a, double[] b, double[] dy) {
    return switch (op) {
      case ADD -> RefOpsB.addBackward(a, b, dy);
      case SUB -> RefOpsB.subBackward(a, b, dy);
      case MUL -> RefOpsB.mulBackward(a, b, dy);
    };
  }

  @Test
  void referenceBackwardMatchesFiniteDifferences() {
    int[][] sizes = {{12, 12}, {12, 4}, {12, 1}};
    for (Op op : Op.values()) {
      for (int[] s : sizes) {
        double[] a = RefOpsB.randn(1, 0, 1, s[0]), b = RefOpsB.randn(2, 0, 1, s[1]), r = RefOpsB.randn(3, 0, 1, s[0]);
        double[][] g = refBackward(op, a, b, r);
        double[] na = GradCheck.numericGradient(x -> RefOpsB.dotProduct(r, ref(op, x, b)), a.clone(), 1e-5);
        double[] nb = GradCheck.numericGradient(x -> RefOpsB.dotProduct(r, ref(op, a, x)), b.clone(), 1e-5);
        assertThat(GradCheck.relativeError(g[0], na)).as(op + " da " + Arrays.toString(s)).isLessThan(1e-6);
        assertThat(GradCheck.relativeError(g[1], nb)).as(op + " db " + Arrays.toString(s)).isLessThan(1e-6);
      }
    }
    double[] a = RefOpsB.randn(4, 0, 1, 7), r = RefOpsB.randn(5, 0, 1, 7);
    double[] ns = GradCheck.numericGradient(x -> RefOpsB.dotProduct(r, RefOpsB.scale(x, -1.7)), a, 1e-5);
    assertThat(GradCheck.relativeError(RefOpsB.scaleBackward(r, -1.7), ns)).isLessThan(1e-6);
  }

  /** Random shapes: a [lead..., inner] with the last axis often off the vector width; b a random suffix. */
  private static List<int[][]> shapes(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] widths = {1, 2, L - 1, L, L + 1, 3 * L + 5, 100, 257};
    List<int[][]> out = new ArrayList<>();
    for (int t = 0; t < 30; t++) {
      int rank = 1 + rng.nextInt(3);
      int[] a = new int[rank];
      for (int i = 0; i < rank - 1; i++) a[i] = 1 + rng.nextInt(5);
      a[rank - 1] = widths[rng.nextInt(widths.length)];
      int k = rng.nextInt(rank + 1); // suffix length; 0 = scalar
      out.add(new int[][] {a, Arrays.copyOfRange(a, rank - k, rank)});
    }
    out.add(new int[][] {{9, 4099}, {4099}});        // large, parallel path
    out.add(new int[][] {{9, 4099}, {9, 4099}});
    out.add(new int[][] {{40000}, {}});              // large, scalar b
    return out;
  }

  @Test
  void float32MatchesReferenceForwardAndBackward() {
    long seed = 100;
    for (int[][] s : shapes(7)) {
      for (Op op : Op.values()) {
        seed++;
        Tensor a = Tensor.randn(seed, 1f, s[0]).requiresGrad(true);
        Tensor b = Tensor.randn(seed + 1000, 1f, s[1]).requiresGrad(true);
        double[] ad = toDouble(a.toArray()), bd = toDouble(b.toArray());
        String what = op + " " + Arrays.toString(s[0]) + " ∘ " + Arrays.toString(s[1]);
        Tensor out = apply(op, a, b);
        assertThat(out.shape()).isEqualTo(s[0]);
        assertClose(what + " forward", out.toArray(), ref(op, ad, bd), 1e-6);
        double[] dy = RefOpsB.randn(seed + 2000, 0, 1, out.size());
        RefOpsB.runBackward(out, dy);
        double[][] g = refBackward(op, ad, bd, dy);
        assertClose(what + " da", a.grad().toArray(), g[0], 1e-6);
        assertClose(what + " db", b.grad().toArray(), g[1], 2e-5);
      }
    }
  }

  @Test
  void scaleMatchesReference() {
    for (int n : new int[] {1, L - 1, 3 * L + 5, 40000}) {
      Tensor a = Tensor.randn(n, 1f, n).requiresGrad(true);
      Tensor out = Elementwise.scale(a, -0.37f);
      assertClose("scale forward", out.toArray(), RefOpsB.scale(toDouble(a.toArray()), -0.37f), 1e-6);
      double[] dy = RefOpsB.randn(n + 1, 0, 1, n);
      RefOpsB.runBackward(out, dy);
      assertClose("scale backward", a.grad().toArray(), RefOpsB.scaleBackward(dy, -0.37f), 1e-6);
    }
  }

  @Test
  void float32GradCheck() {
    int[][][] cases = {{{3, 5}, {3, 5}}, {{2, 3, 7}, {7}}, {{4, 3}, {}}, {{2, 2, 3}, {2, 3}}};
    long seed = 1;
    for (int[][] c : cases) {
      for (Op op : Op.values()) {
        Tensor a = Tensor.randn(seed++, 1f, c[0]), b = Tensor.randn(seed++, 1f, c[1]);
        var report = GradCheck.check(in -> apply(op, in.get(0), in.get(1)), List.of(a, b), 1e-2, seed);
        assertThat(report.max()).as(op + " " + Arrays.toString(c[0]) + " ∘ " + Arrays.toString(c[1])).isLessThan(1e-3);
      }
    }
    var report = GradCheck.check(in -> Elementwise.scale(in.get(0), 2.5f), List.of(Tensor.randn(9, 1f, 3, 4)), 1e-2, 3);
    assertThat(report.max()).isLessThan(1e-3);
  }

  @Test
  void addAndMulBroadcastEitherOperandSubDoesNot() {
    Tensor big = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), bias = Tensor.of(new float[] {10, 20, 30}, 3);
    assertThat(Elementwise.add(bias, big).toArray()).containsExactly(11, 22, 33, 14, 25, 36);
    assertThat(Elementwise.mul(bias, big).shape()).containsExactly(2, 3);
    assertThat(Elementwise.sub(big, bias).toArray()).containsExactly(-9, -18, -27, -6, -15, -24);
    assertThatThrownBy(() -> Elementwise.sub(bias, big)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[3]").hasMessageContaining("[2, 3]");
  }

  @Test
  void theSameTensorOnBothSidesGetsBothGradients() {
    Tensor x = Tensor.of(new float[] {1, -2, 3}, 3).requiresGrad(true);
    RefOpsB.runBackward(Elementwise.mul(x, x), new double[] {1, 1, 1});
    assertThat(x.grad().toArray()).containsExactly(2, -4, 6);
    x.zeroGrad();
    RefOpsB.runBackward(Elementwise.add(x, x), new double[] {1, 1, 1});
    assertThat(x.grad().toArray()).containsExactly(2, 2, 2);
    x.zeroGrad();
    RefOpsB.runBackward(Elementwise.sub(x, x), new double[] {1, 1, 1});
    assertThat(x.grad().toArray()).containsExactly(0, 0, 0);
  }

  @Test
  void malformedShapesAreRejectedNamingBoth() {
    assertThatThrownBy(() -> Elementwise.add(Tensor.zeros(2, 3), Tensor.zeros(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]").hasMessageContaining("[2]");
    assertThatThrownBy(() -> Elementwise.mul(Tensor.zeros(4, 3), Tensor.zeros(3, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 3]").hasMessageContaining("[3, 3]");
  }

  @Test
  void nonContiguousInputsAreCopiedAndGradientsReachTheRoot() {
    Tensor root = Tensor.randn(3, 1f, 4, 6).requiresGrad(true);
    Tensor b = Tensor.randn(4, 1f, 4).requiresGrad(true);
    Tensor view = root.transpose(); // [6, 4]
    Tensor out = Elementwise.mul(view, b);
    double[] vd = toDouble(view.toArray()), bd = toDouble(b.toArray());
    assertClose("forward", out.toArray(), RefOpsB.mul(vd, bd), 1e-6);
    double[] dy = RefOpsB.randn(5, 0, 1, 24);
    RefOpsB.runBackward(out, dy);
    double[][] g = RefOpsB.mulBackward(vd, bd, dy);
    assertClose("d view", root.transpose().grad().toArray(), g[0], 1e-6);
    assertClose("d b", b.grad().toArray(), g[1], 1e-6);
  }

  @Test
  void broadcastGradientDoesNotDependOnThreadCount() {
    int before = Parallel.threads();
    float[][] grads = new float[2][];
    try {
      for (int t = 1; t <= 2; t++) {
        Parallel.setThreads(t);
        Tensor a = Tensor.randn(1, 1f, 64, 1031).requiresGrad(true);
        Tensor b = Tensor.randn(2, 1f, 1031).requiresGrad(true);
        Tensor out = Elementwise.mul(a, b);
        RefOpsB.runBackward(out, RefOpsB.randn(3, 0, 1, out.size()));
        grads[t - 1] = b.grad().toArray();
      }
    } finally {
      Parallel.setThreads(before);
    }
    assertThat(grads[1]).containsExactly(grads[0]);
  }
}
