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

class EmbeddingTest {

  /** ids with repeats (so the scatter-add really adds), shaped [b, t]. */
  private static int[] ids(SplittableRandom r, int n, int v) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) ids[i] = r.nextInt(v);
    return ids;
  }

  @RepeatedTest(8)
  void matchesTheDoubleReferenceForwardAndBackward(RepetitionInfo info) {
    long seed = 700 + info.getCurrentRepetition();
    SplittableRandom r = new SplittableRandom(seed);
    int v = 1 + r.nextInt(6), c = 1 + r.nextInt(40), b = 1 + r.nextInt(3), t = 1 + r.nextInt(5);
    int[] ids = ids(r, b * t, v);
    Tensor table = leaf(seed, v, c);
    fresh(table);
    Tensor out = Embedding.forward(table, ids, b, t);
    assertThat(out.shape()).containsExactly(b, t, c);
    double[] td = RefOpsA.toDouble(table.toArray());
    assertClose("forward", out.toArray(), RefOpsA.embedding(td, c, ids), 0);
    float[] g = GradCheck.weights(out.size(), seed);
    float[][] grads = backward(out, g, table);
    assertClose("dTable", grads[0], RefOpsA.embeddingBackward(RefOpsA.toDouble(g), v, c, ids), 1e-6);
  }

  @RepeatedTest(3)
  void referenceGradientMatchesFiniteDifferences(RepetitionInfo info) {
    long seed = 800 + info.getCurrentRepetition();
    SplittableRandom rng = new SplittableRandom(seed);
    int v = 4, c = 3;
    int[] ids = ids(rng, 7, v);
    double[] table = RefOpsA.random(seed, v * c), r = RefOpsA.random(seed + 1, ids.length * c);
    assertRefGradient("dTable", x -> RefOpsA.embedding(x, c, ids), table, r, RefOpsA.embeddingBackward(r, v, c, ids));
  }

  @RepeatedTest(3)
  void float32GradientMatchesFiniteDifferences(RepetitionInfo info) {
    long seed = 900 + info.getCurrentRepetition();
    int[] ids = ids(new SplittableRandom(seed), 6, 5);
    GradCheck.Report report = GradCheck.check(in -> Embedding.forward(in.get(0), ids, 2, 3), List.of(leaf(seed, 5, 4)), 1e-2, seed);
    assertThat(report.max()).isLessThan(1e-3);
  }

  @Test
  void emptyShapeMeansOneAxisAndTransposedTablesWork() {
    Tensor root = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3); // table = rootᵀ [3, 2]
    Tensor out = Embedding.forward(root.transpose(), new int[] {2, 0, 2});
    assertThat(out.shape()).containsExactly(3, 2);
    assertThat(out.toArray()).containsExactly(3, 6, 1, 4, 3, 6);
  }

  @Test
  void outOfRangeIdsAreRejectedWithTheirPosition() {
    Tensor table = Tensor.zeros(5, 2);
    assertThatThrownBy(() -> Embedding.forward(table, new int[] {0, 5}, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id 5").hasMessageContaining("position 1")
        .hasMessageContaining("5 rows");
    assertThatThrownBy(() -> Embedding.forward(table, new int[] {-1}, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id -1");
  }

  @Test
  void malformedShapesNameTheShapes() {
    assertThatThrownBy(() -> Embedding.forward(Tensor.zeros(5, 2), new int[] {0, 1, 2}, 2, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 ids").hasMessageContaining("[2, 2]");
    assertThatThrownBy(() -> Embedding.forward(Tensor.zeros(5), new int[] {0}, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5]");
  }
}
