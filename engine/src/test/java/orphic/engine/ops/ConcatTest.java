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

class ConcatTest {

  /** A random rank-1..3 shape, an axis in it (maybe given negative), and sizes along that axis. */
  private record Case(int[] shape, int axis, int givenAxis, int[] sizes) {
    static Case random(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      int rank = 1 + r.nextInt(3);
      int[] shape = new int[rank];
      for (int i = 0; i < rank; i++) shape[i] = 1 + r.nextInt(3);
      int axis = r.nextInt(rank);
      int[] sizes = new int[1 + r.nextInt(3)];
      for (int i = 0; i < sizes.length; i++) sizes[i] = r.nextInt(3); // zero-sized parts included
      return new Case(shape, axis, r.nextBoolean() ? axis - rank : axis, sizes);
    }

    int outer() {
      int n = 1;
      for (int i = 0; i < axis; i++) n *= shape[i];
      return n;
    }

    int inner() {
      int n = 1;
      for (int i = axis + 1; i < shape.length; i++) n *= shape[i];
      return n;
    }

    int[] partShape(int p) {
      int[] s = shape.clone();
      s[axis] = sizes[p];
      return s;
    }

    int[] wholeShape() {
      int[] s = shape.clone();
      s[axis] = Arrays.stream(sizes).sum();
      return s;
    }

    @Override
    public String toString() {
      return Arrays.toString(shape) + " axis " + givenAxis + " sizes " + Arrays.toString(sizes);
    }
  }

  @RepeatedTest(10)
  void concatMatchesTheDoubleReference(RepetitionInfo info) {
    long seed = 1000 + info.getCurrentRepetition();
    Case c = Case.random(seed);
    List<Tensor> parts = new ArrayList<>();
    List<double[]> ref = new ArrayList<>();
    for (int p = 0; p < c.sizes.length; p++) {
      Tensor t = leaf(seed + p, c.partShape(p));
      parts.add(t);
      ref.add(RefOpsA.toDouble(t.toArray()));
    }
    fresh(parts.toArray(new Tensor[0]));
    Tensor out = Concat.concat(parts, c.givenAxis);
    assertThat(out.shape()).as(c.toString()).containsExactly(c.wholeShape());
    assertClose("forward " + c, out.toArray(), RefOpsA.concat(ref, c.outer(), c.sizes, c.inner()), 0);
    float[] g = GradCheck.weights(out.size(), seed);
    float[][] grads = backward(out, g, parts.toArray(new Tensor[0]));
    List<double[]> rg = RefOpsA.concatBackward(RefOpsA.toDouble(g), c.outer(), c.sizes, c.inner());
    for (int p = 0; p < parts.size(); p++) assertClose("d part " + p + " " + c, grads[p], rg.get(p), 0);
  }

  @RepeatedTest(10)
  void splitMatchesTheDoubleReference(RepetitionInfo info) {
    long seed = 1100 + info.getCurrentRepetition();
    Case c = Case.random(seed);
    Tensor x = leaf(seed, c.wholeShape());
    fresh(x);
    List<Tensor> pieces = Concat.split(x, c.givenAxis, c.sizes);
    List<double[]> ref = RefOpsA.split(RefOpsA.toDouble(x.toArray()), c.outer(), c.sizes, c.inner());
    List<double[]> seeds = new ArrayList<>();
    for (int p = 0; p < pieces.size(); p++) {
      assertThat(pieces.get(p).shape()).containsExactly(c.partShape(p));
      assertClose("piece " + p + " " + c, pieces.get(p).toArray(), ref.get(p), 0);
      float[] g = GradCheck.weights(pieces.get(p).size(), seed + p);
      seeds.add(RefOpsA.toDouble(g));
      float[] pg = pieces.get(p).gradArray();
      for (int i = 0; i < g.length; i++) pg[pieces.get(p).gradOffset() + i] += g[i];
    }
    float[][] grads = backward(Tensor.scalar(0), new float[0], x);
    assertClose("dx " + c, grads[0], RefOpsA.splitBackward(seeds, c.outer(), c.sizes, c.inner()), 0);
  }

  @RepeatedTest(3)
  void referenceGradientsMatchFiniteDifferences(RepetitionInfo info) {
    long seed = 1200 + info.getCurrentRepetition();
    Case c = Case.random(seed);
    int outer = c.outer(), inner = c.inner();
    List<double[]> parts = new ArrayList<>();
    for (int p = 0; p < c.sizes.length; p++) parts.add(RefOpsA.random(seed + p, outer * c.sizes[p] * inner));
    int total = Arrays.stream(c.sizes).sum();
    double[] r = RefOpsA.random(seed + 9, outer * total * inner);
    List<double[]> grads = RefOpsA.concatBackward(r, outer, c.sizes, inner);
    for (int p = 0; p < parts.size(); p++) {
      int which = p;
      assertRefGradient("concat d part " + p, x -> {
        List<double[]> in = new ArrayList<>(parts);
        in.set(which, x);
        return RefOpsA.concat(in, outer, c.sizes, inner);
      }, parts.get(p), r, grads.get(p));
    }
    // split: L = Σ_p r_p ⊙ piece_p, i.e. the weights of the pieces laid end to end.
    double[] x = RefOpsA.concat(parts, outer, c.sizes, inner);
    List<double[]> rp = RefOpsA.split(r, outer, c.sizes, inner);
    double[] flatR = rp.stream().flatMapToDouble(Arrays::stream).toArray();
    assertRefGradient("split dx", v -> RefOpsA.split(v, outer, c.sizes, inner).stream().flatMapToDouble(Arrays::stream).toArray(),
        x, flatR, RefOpsA.splitBackward(rp, outer, c.sizes, inner));
  }

  @RepeatedTest(3)
  void float32GradientsMatchFiniteDifferences(RepetitionInfo info) {
    long seed = 1300 + info.getCurrentRepetition();
    GradCheck.Report concat = GradCheck.check(in -> Concat.concat(in, 1), List.of(leaf(seed, 2, 1, 3), leaf(seed + 1, 2, 2, 3)), 1e-2, seed);
    assertThat(concat.max()).isLessThan(1e-3);
    // Re-concatenating the pieces with one scaled checks that each piece's gradient lands in its own block.
    GradCheck.Report split = GradCheck.check(in -> {
      List<Tensor> p = Concat.split(in.get(0), -1, 1, 3);
      return Concat.concat(List.of(p.get(1), Concat.concat(List.of(p.get(0), p.get(0)), -1)), -1);
    }, List.of(leaf(seed + 2, 3, 4)), 1e-2, seed);
    assertThat(split.max()).isLessThan(1e-3);
  }

  @Test
  void transposedPartsAreReadInLogicalOrder() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor out = Concat.concat(List.of(a.transpose(), a), 0);
    assertThat(out.toArray()).containsExactly(1, 3, 2, 4, 1, 2, 3, 4);
  }

  @Test
  void malformedShapesNameTheShapes() {
    assertThatThrownBy(() -> Concat.concat(List.of(Tensor.zeros(2, 3), Tensor.zeros(3, 3)), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]").hasMessageContaining("[3, 3]");
    assertThatThrownBy(() -> Concat.concat(List.of(Tensor.zeros(2, 3)), 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("axis 2");
    assertThatThrownBy(() -> Concat.concat(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Concat.split(Tensor.zeros(2, 5), 1, 2, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 5]").hasMessageContaining("[2, 2]");
  }
}
