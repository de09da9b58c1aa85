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

class ReduceTest {

  private static int[] randomShape(SplittableRandom r) {
    int[] s = new int[1 + r.nextInt(3)];
    for (int i = 0; i < s.length; i++) s[i] = 1 + r.nextInt(5);
    return s;
  }

  @RepeatedTest(6)
  void sumAndMeanMatchTheDoubleReference(RepetitionInfo info) {
    long seed = 1400 + info.getCurrentRepetition();
    Tensor x = leaf(seed, randomShape(new SplittableRandom(seed)));
    double[] xd = RefOpsA.toDouble(x.toArray());

    fresh(x);
    Tensor s = Reduce.sum(x);
    assertThat(s.shape()).isEmpty();
    assertClose("sum", s.toArray(), new double[] {RefOpsA.sum(xd)}, 1e-7);
    assertClose("d sum", backward(s, new float[] {0.75f}, x)[0], RefOpsA.sumBackward(xd.length, 0.75), 0);

    fresh(x);
    Tensor m = Reduce.mean(x);
    assertClose("mean", m.toArray(), new double[] {RefOpsA.mean(xd)}, 1e-7);
    assertClose("d mean", backward(m, new float[] {-1.5f}, x)[0], RefOpsA.meanBackward(xd.length, -1.5), 1e-7);
  }

  @RepeatedTest(6)
  void sumLastAxisMatchesTheDoubleReference(RepetitionInfo info) {
    long seed = 1500 + info.getCurrentRepetition();
    int[] shape = randomShape(new SplittableRandom(seed));
    int c = shape[shape.length - 1], rows = 1;
    for (int i = 0; i < shape.length - 1; i++) rows *= shape[i];
    Tensor x = leaf(seed, shape);
    fresh(x);
    Tensor y = Reduce.sumLastAxis(x);
    assertThat(y.shape()).containsExactly(java.util.Arrays.copyOf(shape, shape.length - 1));
    double[] xd = RefOpsA.toDouble(x.toArray());
    assertClose("forward", y.toArray(), RefOpsA.sumLastAxis(xd, rows, c), 1e-7);
    float[] g = GradCheck.weights(y.size(), seed);
    assertClose("dx", backward(y, g, x)[0], RefOpsA.sumLastAxisBackward(RefOpsA.toDouble(g), rows, c), 0);
  }

  @Test
  void referenceGradientsMatchFiniteDifferences() {
    double[] x = RefOpsA.random(1, 12);
    double[] one = {0.6};
    assertRefGradient("sum", v -> new double[] {RefOpsA.sum(v)}, x, one, RefOpsA.sumBackward(12, 0.6));
    assertRefGradient("mean", v -> new double[] {RefOpsA.mean(v)}, x, one, RefOpsA.meanBackward(12, 0.6));
    double[] r = RefOpsA.random(2, 3);
    assertRefGradient("sumLastAxis", v -> RefOpsA.sumLastAxis(v, 3, 4), x, r, RefOpsA.sumLastAxisBackward(r, 3, 4));
  }

  @Test
  void float32GradientsMatchFiniteDifferences() {
    assertThat(GradCheck.check(in -> Reduce.sum(in.get(0)), List.of(leaf(3, 2, 3)), 1e-2, 1).max()).isLessThan(1e-3);
    assertThat(GradCheck.check(in -> Reduce.mean(in.get(0)), List.of(leaf(4, 3, 2)), 1e-2, 2).max()).isLessThan(1e-3);
    assertThat(GradCheck.check(in -> Reduce.sumLastAxis(in.get(0)), List.of(leaf(5, 2, 2, 3)), 1e-2, 3).max()).isLessThan(1e-3);
  }

  @Test
  void largeSumsAccumulateInDoubleWhateverTheLayout() {
    // 100 000 values of 0.1f: a float accumulator would drift visibly; chunks run in parallel.
    int n = 100_000;
    Tensor x = Tensor.full(0.1f, 250, 400);
    double exact = n * (double) 0.1f;
    assertThat((double) Reduce.sum(x).item()).isCloseTo(exact, org.assertj.core.data.Offset.offset(exact * 1e-7));
    assertThat((double) Reduce.sum(x.transpose()).item()).isCloseTo(exact, org.assertj.core.data.Offset.offset(exact * 1e-7));
    assertThat((double) Reduce.mean(x).item()).isCloseTo(0.1f, org.assertj.core.data.Offset.offset(1e-8));
  }

  @Test
  void degenerateInputsAreRejected() {
    assertThatThrownBy(() -> Reduce.sumLastAxis(Tensor.scalar(1f))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Reduce.mean(Tensor.zeros(0, 3))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 3]");
    assertThat(Reduce.sum(Tensor.zeros(0, 3)).item()).isZero();
  }
}
