package orphic.engine.ops;

import static orphic.engine.ops.OpsATesting.assertClose;
import static orphic.engine.ops.OpsATesting.assertRefGradient;
import static orphic.engine.ops.OpsATesting.backward;
import static orphic.engine.ops.OpsATesting.fresh;
import static orphic.engine.ops.OpsATesting.leaf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import orphic.engine.ref.RefOpsA;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class MatMulTest {

  /** A random problem: batch axes, sizes, whether b is shared, and which operands are transposed views. */
  private record Case(int[] batch, int m, int k, int n, boolean shared, boolean transA, boolean transB) {
    static Case random(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      int axes = r.nextInt(3);
      int[] batch = new int[axes];
      for (int i = 0; i < axes; i++) batch[i] = 1 + r.nextInt(3);
      return new Case(batch, 1 + r.nextInt(5), 1 + r.nextInt(5), 1 + r.nextInt(5), axes > 0 && r.nextBoolean(),
          r.nextBoolean(), r.nextBoolean());
    }

    @Override
    public String toString() {
      return "batch " + java.util.Arrays.toString(batch) + " m=" + m + " k=" + k + " n=" + n
          + (shared ? " shared" : "") + (transA ? " At" : "") + (transB ? " Bt" : "");
    }

    int batches() {
      int n = 1;
      for (int b : batch) n *= b;
      return n;
    }

    /** Root shape of an operand whose logical matrix is rows×cols, stored transposed when asked. */
    int[] root(boolean batched, int rows, int cols, boolean trans) {
      int[] lead = batched ? batch : new int[0];
      int[] s = java.util.Arrays.copyOf(lead, lead.length + 2);
      s[lead.length] = trans ? cols : rows;
      s[lead.length + 1] = trans ? rows : cols;
      return s;
    }

    Tensor aRoot(long seed) {
      return leaf(seed, root(true, m, k, transA));
    }

    Tensor bRoot(long seed) {
      return leaf(seed, root(!shared, k, n, transB));
    }

    Tensor apply(Tensor aRoot, Tensor bRoot) {
      return MatMul.forward(transA ? aRoot.transpose() : aRoot, transB ? bRoot.transpose() : bRoot);
    }
  }

  @RepeatedTest(12)
  void matchesTheDoubleReferenceForwardAndBackward(RepetitionInfo info) {
    long seed = 100 + info.getCurrentRepetition();
    Case c = Case.random(seed);
    Tensor aRoot = c.aRoot(seed * 7), bRoot = c.bRoot(seed * 11);
    Tensor a = c.transA ? aRoot.transpose() : aRoot, b = c.transB ? bRoot.transpose() : bRoot;
    fresh(aRoot, bRoot);
    Tensor out = c.apply(aRoot, bRoot);
    int[] expectedShape = java.util.Arrays.copyOf(c.batch, c.batch.length + 2);
    expectedShape[c.batch.length] = c.m;
    expectedShape[c.batch.length + 1] = c.n;
    assertThat(out.shape()).containsExactly(expectedShape);

    double[] ad = RefOpsA.toDouble(a.toArray()), bd = RefOpsA.toDouble(b.toArray());
    double[] ref = RefOpsA.matmul(ad, bd, c.batches(), c.m, c.k, c.n, c.shared);
    assertClose("forward " + c, out.toArray(), ref, 1e-6);

    float[] seedGrad = GradCheck.weights(out.size(), seed);
    float[][] grads = backward(out, seedGrad, a, b);
    RefOpsA.MatMulGrads rg = RefOpsA.matmulBackward(ad, bd, RefOpsA.toDouble(seedGrad), c.batches(), c.m, c.k, c.n, c.shared);
    assertClose("dA " + c, grads[0], rg.da(), 1e-5);
    assertClose("dB " + c, grads[1], rg.db(), 1e-5);
  }

  @RepeatedTest(4)
  void referenceGradientMatchesFiniteDifferences(RepetitionInfo info) {
    long seed = 200 + info.getCurrentRepetition();
    Case c = Case.random(seed);
    int batches = c.batches();
    double[] a = RefOpsA.random(seed, batches * c.m * c.k);
    double[] b = RefOpsA.random(seed + 1, (c.shared ? 1 : batches) * c.k * c.n);
    double[] r = RefOpsA.random(seed + 2, batches * c.m * c.n);
    RefOpsA.MatMulGrads g = RefOpsA.matmulBackward(a, b, r, batches, c.m, c.k, c.n, c.shared);
    assertRefGradient("dA", x -> RefOpsA.matmul(x, b, batches, c.m, c.k, c.n, c.shared), a, r, g.da());
    assertRefGradient("dB", x -> RefOpsA.matmul(a, x, batches, c.m, c.k, c.n, c.shared), b, r, g.db());
  }

  @RepeatedTest(6)
  void float32GradientMatchesFiniteDifferences(RepetitionInfo info) {
    long seed = 300 + info.getCurrentRepetition();
    Case c = Case.random(seed);
    GradCheck.Report report = GradCheck.check(in -> c.apply(in.get(0), in.get(1)),
        List.of(c.aRoot(seed), c.bRoot(seed + 1)), 1e-2, seed);
    assertThat(report.max()).as(c.toString()).isLessThan(1e-3);
  }

  @Test
  void transposedViewsEqualContiguousCopies() {
    Tensor aRoot = leaf(1, 3, 5, 4); // a = aRootᵀ: [3, 4, 5]
    Tensor bRoot = leaf(2, 6, 5);    // b = bRootᵀ: [5, 6], shared
    fresh(aRoot, bRoot);
    Tensor viaViews = MatMul.forward(aRoot.transpose(), bRoot.transpose());
    float[][] viewGrads = backward(viaViews, GradCheck.weights(viaViews.size(), 3), aRoot, bRoot);

    Tensor aCopy = Tensor.of(aRoot.transpose().toArray(), 3, 4, 5).requiresGrad(true);
    Tensor bCopy = Tensor.of(bRoot.transpose().toArray(), 5, 6).requiresGrad(true);
    fresh(aCopy, bCopy);
    Tensor viaCopies = MatMul.forward(aCopy, bCopy);
    float[][] copyGrads = backward(viaCopies, GradCheck.weights(viaCopies.size(), 3), aCopy, bCopy);

    assertClose("forward", viaViews.toArray(), RefOpsA.toDouble(viaCopies.toArray()), 1e-6);
    // The views' gradients live in the roots' (transposed) layout.
    assertClose("dA", Tensor.of(viewGrads[0], 3, 5, 4).transpose().toArray(), RefOpsA.toDouble(copyGrads[0]), 1e-6);
    assertClose("dB", Tensor.of(viewGrads[1], 6, 5).transpose().toArray(), RefOpsA.toDouble(copyGrads[1]), 1e-6);
  }

  @Test
  void slicedBatchViewsReadAtTheirOffset() {
    Tensor root = leaf(4, 4, 3, 2);
    Tensor b = leaf(5, 2, 2, 5);
    fresh(root, b);
    Tensor a = root.slice(1, 3); // batches 1 and 2
    Tensor out = MatMul.forward(a, b);
    double[] ref = RefOpsA.matmul(RefOpsA.toDouble(a.toArray()), RefOpsA.toDouble(b.toArray()), 2, 3, 2, 5, false);
    assertClose("forward", out.toArray(), ref, 1e-6);
    float[][] g = backward(out, GradCheck.weights(out.size(), 6), root);
    // Batches 0 and 3 of the root are untouched.
    for (int i = 0; i < 6; i++) assertThat(g[0][i]).isZero();
    for (int i = 18; i < 24; i++) assertThat(g[0][i]).isZero();
  }

  @Test
  void malformedShapesNameTheShapes() {
    assertThatThrownBy(() -> MatMul.forward(Tensor.zeros(2, 3), Tensor.zeros(4, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]").hasMessageContaining("[4, 5]");
    assertThatThrownBy(() -> MatMul.forward(Tensor.zeros(2, 2, 3), Tensor.zeros(3, 3, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 2, 3]").hasMessageContaining("[3, 3, 5]");
    assertThatThrownBy(() -> MatMul.forward(Tensor.zeros(3), Tensor.zeros(3, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3]");
  }
}
