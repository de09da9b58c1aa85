package orphic.engine.ops;

import static orphic.engine.ops.OpsATesting.assertClose;
import static orphic.engine.ops.OpsATesting.assertRefGradient;
import static orphic.engine.ops.OpsATesting.backward;
import static orphic.engine.ops.OpsATesting.fresh;
import static orphic.engine.ops.OpsATesting.leaf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import orphic.engine.ref.RefOpsA;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class LinearTest {

  /** x [...lead, in], w [out, in] (or a transposed view of [in, out]), optional bias. */
  private record Case(int[] lead, int in, int out, boolean bias, boolean transW) {
    static Case random(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      int[] lead = new int[r.nextInt(3)];
      for (int i = 0; i < lead.length; i++) lead[i] = 1 + r.nextInt(4);
      return new Case(lead, 1 + r.nextInt(6), 1 + r.nextInt(6), r.nextBoolean(), r.nextInt(4) == 0);
    }

    int rows() {
      int n = 1;
      for (int d : lead) n *= d;
      return n;
    }

    int[] xShape() {
      int[] s = Arrays.copyOf(lead, lead.length + 1);
      s[lead.length] = in;
      return s;
    }

    Tensor wRoot(long seed) {
      return transW ? leaf(seed, in, out) : leaf(seed, out, in);
    }

    Tensor w(Tensor root) {
      return transW ? root.transpose() : root;
    }

    @Override
    public String toString() {
      return "x " + Arrays.toString(xShape()) + " out=" + out + (bias ? " bias" : "") + (transW ? " Wt" : "");
    }
  }

  @RepeatedTest(12)
  void matchesTheDoubleReferenceForwardAndBackward(RepetitionInfo info) {
    long seed = 400 + info.getCurrentRepetition();
    Case c = Case.random(seed);
    Tensor x = leaf(seed, c.xShape()), wRoot = c.wRoot(seed + 1), b = c.bias ? leaf(seed + 2, c.out) : null;
    fresh(x, wRoot, b);
    Tensor w = c.w(wRoot);
    Tensor y = Linear.forward(x, w, b);
    int[] ys = c.xShape();
    ys[ys.length - 1] = c.out;
    assertThat(y.shape()).containsExactly(ys);

    double[] xd = RefOpsA.toDouble(x.toArray()), wd = RefOpsA.toDouble(w.toArray());
    double[] bd = b == null ? null : RefOpsA.toDouble(b.toArray());
    assertClose("forward " + c, y.toArray(), RefOpsA.linear(xd, wd, bd, c.rows(), c.in, c.out), 1e-6);

    float[] r = GradCheck.weights(y.size(), seed);
    float[][] g = backward(y, r, x, w, b == null ? x : b);
    RefOpsA.LinearGrads rg = RefOpsA.linearBackward(xd, wd, RefOpsA.toDouble(r), c.rows(), c.in, c.out);
    assertClose("dx " + c, g[0], rg.dx(), 1e-5);
    assertClose("dW " + c, g[1], rg.dw(), 1e-5);
    if (b != null) assertClose("db " + c, g[2], rg.db(), 1e-5);
  }

  @RepeatedTest(4)
  void referenceGradientMatchesFiniteDifferences(RepetitionInfo info) {
    long seed = 500 + info.getCurrentRepetition();
    Case c = Case.random(seed);
    int n = c.rows();
    double[] x = RefOpsA.random(seed, n * c.in), w = RefOpsA.random(seed + 1, c.out * c.in), b = RefOpsA.random(seed + 2, c.out);
    double[] r = RefOpsA.random(seed + 3, n * c.out);
    RefOpsA.LinearGrads g = RefOpsA.linearBackward(x, w, r, n, c.in, c.out);
    assertRefGradient("dx", v -> RefOpsA.linear(v, w, b, n, c.in, c.out), x, r, g.dx());
    assertRefGradient("dW", v -> RefOpsA.linear(x, v, b, n, c.in, c.out), w, r, g.dw());
    assertRefGradient("db", v -> RefOpsA.linear(x, w, v, n, c.in, c.out), b, r, g.db());
  }

  @RepeatedTest(6)
  void float32GradientMatchesFiniteDifferences(RepetitionInfo info) {
    long seed = 600 + info.getCurrentRepetition();
    Case c = Case.random(seed);
    List<Tensor> inputs = new ArrayList<>(List.of(leaf(seed, c.xShape()), c.wRoot(seed + 1)));
    if (c.bias) inputs.add(leaf(seed + 2, c.out));
    GradCheck.Report report = GradCheck.check(
        in -> Linear.forward(in.get(0), c.w(in.get(1)), in.size() > 2 ? in.get(2) : null), inputs, 1e-2, seed);
    assertThat(report.max()).as(c.toString()).isLessThan(1e-3);
  }

  @Test
  void wideLayersSumTheBiasGradientOverAllRows() {
    // Enough rows × columns to take the parallel, vectorised column-sum path (and a ragged tail).
    int n = 700, in = 3, out = 77;
    Tensor x = leaf(7, 7, 100, in), w = leaf(8, out, in), b = leaf(9, out);
    fresh(x, w, b);
    Tensor y = Linear.forward(x, w, b);
    float[] r = GradCheck.weights(y.size(), 10);
    float[][] g = backward(y, r, x, w, b);
    RefOpsA.LinearGrads rg = RefOpsA.linearBackward(RefOpsA.toDouble(x.toArray()), RefOpsA.toDouble(w.toArray()),
        RefOpsA.toDouble(r), n, in, out);
    assertClose("db", g[2], rg.db(), 1e-5);
    assertClose("dW", g[1], rg.dw(), 1e-5);
  }

  @Test
  void aTransposedWeightViewIsReadAndUpdatedInPlace() {
    // Weight tying: an [In, Out] matrix used as W through a transpose view.
    Tensor x = leaf(13, 2, 3, 4), root = leaf(14, 4, 5), b = leaf(15, 5);
    fresh(x, root, b);
    Tensor y = Linear.forward(x, root.transpose(), b);
    double[] wd = RefOpsA.toDouble(root.transpose().toArray());
    double[] xd = RefOpsA.toDouble(x.toArray());
    assertClose("forward", y.toArray(), RefOpsA.linear(xd, wd, RefOpsA.toDouble(b.toArray()), 6, 4, 5), 1e-6);
    float[] r = GradCheck.weights(y.size(), 16);
    float[][] g = backward(y, r, x, root.transpose());
    RefOpsA.LinearGrads rg = RefOpsA.linearBackward(xd, wd, RefOpsA.toDouble(r), 6, 4, 5);
    assertClose("dx", g[0], rg.dx(), 1e-6);
    assertClose("dW through the view", g[1], rg.dw(), 1e-6);
  }

  @Test
  void gradientsAccumulateAcrossUses() {
    Tensor x = leaf(11, 2, 3), w = leaf(12, 4, 3);
    fresh(x, w);
    Tensor y1 = Linear.forward(x, w, null);
    Tensor y2 = Linear.forward(x, w, null);
    Tensor loss = Reduce.sum(Concat.concat(List.of(y1, y2), 0));
    loss.backward();
    double[] once = RefOpsA.linearBackward(RefOpsA.toDouble(x.toArray()), RefOpsA.toDouble(w.toArray()),
        RefOpsA.toDouble(ones(8)), 2, 3, 4).dw();
    for (int i = 0; i < once.length; i++) once[i] *= 2;
    assertClose("dW twice", w.grad().toArray(), once, 1e-6);
  }

  private static float[] ones(int n) {
    float[] f = new float[n];
    Arrays.fill(f, 1f);
    return f;
  }

  @Test
  void malformedShapesNameTheShapes() {
    assertThatThrownBy(() -> Linear.forward(Tensor.zeros(2, 3), Tensor.zeros(4, 5), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]").hasMessageContaining("[4, 5]");
    assertThatThrownBy(() -> Linear.forward(Tensor.zeros(2, 3), Tensor.zeros(4, 3), Tensor.zeros(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5]").hasMessageContaining("[4, 3]");
  }
}
