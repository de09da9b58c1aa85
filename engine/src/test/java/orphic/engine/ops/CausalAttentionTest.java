package orphic.engine.ops;

import static orphic.engine.ops.OpsATesting.assertClose;
import static orphic.engine.ops.OpsATesting.assertRefGradient;
import static orphic.engine.ops.OpsATesting.backward;
import static orphic.engine.ops.OpsATesting.fresh;
import static orphic.engine.ops.OpsATesting.leaf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import orphic.engine.autograd.Autograd;
import orphic.engine.kernel.Parallel;
import orphic.engine.ops.CausalAttention.Options;
import orphic.engine.ref.RefOpsA;
import orphic.engine.ref.RefOpsA.AttentionShape;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class CausalAttentionTest {

  /** Which extras a case has. */
  private enum Extras { NONE, SINK_OFFSET, KEYS_VALUES, ALL }

  /** One problem: sizes, extras, and its tensors (leaves). */
  private static final class Case {
    final AttentionShape shape;
    final Extras extras;
    final Tensor q, k, v, keys, values, offsets;

    Case(AttentionShape shape, Extras extras, long seed) {
      this.shape = shape;
      this.extras = extras;
      int b = shape.batch(), t = shape.time(), c = shape.channels(), h = shape.heads(), d = shape.headDim(), s = shape.extras();
      // Spread the logits (scale 2) so the softmax is far from uniform.
      q = Tensor.uniform(seed, -2f, 2f, b, t, c).requiresGrad(true);
      k = Tensor.uniform(seed + 1, -2f, 2f, b, t, c).requiresGrad(true);
      v = leaf(seed + 2, b, t, c);
      boolean kv = extras == Extras.KEYS_VALUES || extras == Extras.ALL;
      keys = kv ? leaf(seed + 3, h, s, d) : null;
      values = kv ? leaf(seed + 4, h, s, d) : null;
      offsets = extras == Extras.SINK_OFFSET || extras == Extras.ALL ? leaf(seed + 5, h, s) : null;
    }

    static Case random(long seed, int maxT) {
      SplittableRandom r = new SplittableRandom(seed);
      Extras e = Extras.values()[r.nextInt(4)];
      int s = e == Extras.NONE ? 0 : e == Extras.SINK_OFFSET ? 1 : 1 + r.nextInt(2);
      AttentionShape sh = new AttentionShape(1 + r.nextInt(2), 1 + r.nextInt(maxT), 1 + r.nextInt(3), 1 + r.nextInt(4), s);
      return new Case(sh, e, seed * 31);
    }

    Options options() {
      return new Options(keys, values, offsets, false);
    }

    List<Tensor> inputs() {
      List<Tensor> in = new ArrayList<>(List.of(q, k, v));
      for (Tensor t : new Tensor[] {keys, values, offsets}) if (t != null) in.add(t);
      return in;
    }

    /** The op applied to inputs in the order of {@link #inputs()}. */
    Tensor apply(List<Tensor> in) {
      int i = 3;
      Tensor ke = keys != null ? in.get(i++) : null;
      Tensor ve = values != null ? in.get(i++) : null;
      Tensor off = offsets != null ? in.get(i) : null;
      return CausalAttention.forward(in.get(0), in.get(1), in.get(2), shape.heads(), new Options(ke, ve, off, false));
    }

    double[] d(Tensor t) {
      return t == null ? null : RefOpsA.toDouble(t.toArray());
    }

    @Override
    public String toString() {
      return shape + " " + extras;
    }
  }

  private static void compareWithReference(Case c, long seed) {
    fresh(c.inputs().toArray(new Tensor[0]));
    CausalAttention.Result res = CausalAttention.forwardWithProbabilities(c.q, c.k, c.v, c.shape.heads(),
        c.options().keepingProbabilities());
    Tensor out = res.output();
    assertThat(out.shape()).containsExactly(c.shape.batch(), c.shape.time(), c.shape.channels());
    RefOpsA.AttentionResult ref = RefOpsA.attention(c.d(c.q), c.d(c.k), c.d(c.v), c.d(c.keys), c.d(c.values), c.d(c.offsets), c.shape);
    assertClose("output " + c, out.toArray(), ref.out(), 1e-5);
    assertClose("probabilities " + c, res.probabilities().toArray(), ref.probs(), 1e-5);

    float[] r = GradCheck.weights(out.size(), seed);
    List<Tensor> in = c.inputs();
    float[][] g = backward(out, r, in.toArray(new Tensor[0]));
    RefOpsA.AttentionGrads rg = RefOpsA.attentionBackward(c.d(c.q), c.d(c.k), c.d(c.v), c.d(c.keys), c.d(c.values),
        c.d(c.offsets), RefOpsA.toDouble(r), c.shape);
    assertClose("dq " + c, g[0], rg.dq(), 1e-5);
    assertClose("dk " + c, g[1], rg.dk(), 1e-5);
    assertClose("dv " + c, g[2], rg.dv(), 1e-5);
    int i = 3;
    if (c.keys != null) assertClose("d extraKeys " + c, g[i++], rg.dExtraKeys(), 1e-5);
    if (c.values != null) assertClose("d extraValues " + c, g[i++], rg.dExtraValues(), 1e-5);
    if (c.offsets != null) assertClose("d offsets " + c, g[i], rg.dOffsets(), 1e-5);
  }

  @RepeatedTest(16)
  void matchesTheDoubleReferenceForwardAndBackward(RepetitionInfo info) {
    long seed = 1600 + info.getCurrentRepetition();
    compareWithReference(Case.random(seed, 6), seed);
  }

  @Test
  void matchesTheReferenceAcrossRowBlocks() {
    // T = 70 spans three 32-row blocks of the kernel, with a ragged last block.
    compareWithReference(new Case(new AttentionShape(2, 70, 2, 8, 2), Extras.ALL, 5), 5);
    compareWithReference(new Case(new AttentionShape(1, 33, 3, 5, 0), Extras.NONE, 6), 6);
  }

  @Test
  void singlePositionGenerationStepMatchesTheReference() {
    compareWithReference(new Case(new AttentionShape(3, 1, 2, 4, 0), Extras.NONE, 7), 7);
    compareWithReference(new Case(new AttentionShape(1, 1, 2, 4, 1), Extras.ALL, 8), 8);
  }

  @RepeatedTest(6)
  void referenceGradientMatchesFiniteDifferences(RepetitionInfo info) {
    long seed = 1700 + info.getCurrentRepetition();
    Case c = Case.random(seed, 4);
    AttentionShape sh = c.shape;
    double[] q = c.d(c.q), k = c.d(c.k), v = c.d(c.v), ke = c.d(c.keys), ve = c.d(c.values), off = c.d(c.offsets);
    double[] r = RefOpsA.random(seed, sh.batch() * sh.time() * sh.channels());
    RefOpsA.AttentionGrads g = RefOpsA.attentionBackward(q, k, v, ke, ve, off, r, sh);
    assertRefGradient("dq " + c, x -> RefOpsA.attention(x, k, v, ke, ve, off, sh).out(), q, r, g.dq());
    assertRefGradient("dk " + c, x -> RefOpsA.attention(q, x, v, ke, ve, off, sh).out(), k, r, g.dk());
    assertRefGradient("dv " + c, x -> RefOpsA.attention(q, k, x, ke, ve, off, sh).out(), v, r, g.dv());
    if (ke != null) assertRefGradient("dKe " + c, x -> RefOpsA.attention(q, k, v, x, ve, off, sh).out(), ke, r, g.dExtraKeys());
    if (ve != null) assertRefGradient("dVe " + c, x -> RefOpsA.attention(q, k, v, ke, x, off, sh).out(), ve, r, g.dExtraValues());
    if (off != null) assertRefGradient("dOff " + c, x -> RefOpsA.attention(q, k, v, ke, ve, x, sh).out(), off, r, g.dOffsets());
  }

  @RepeatedTest(6)
  void float32GradientMatchesFiniteDifferences(RepetitionInfo info) {
    long seed = 1800 + info.getCurrentRepetition();
    Case c = Case.random(seed, 4);
    GradCheck.Report report = GradCheck.check(c::apply, c.inputs(), 1e-2, seed);
    assertThat(report.max()).as(c.toString()).isLessThan(1e-3);
  }

  @Test
  void earlierOutputsIgnoreFutureTokens() {
    Case c = new Case(new AttentionShape(2, 9, 2, 4, 1), Extras.ALL, 9);
    float[] before;
    try (var ng = Autograd.noGrad()) {
      before = CausalAttention.forward(c.q, c.k, c.v, 2, c.options()).toArray();
      int changed = 5, C = c.shape.channels();
      for (Tensor t : List.of(c.q, c.k, c.v)) {
        for (int b = 0; b < 2; b++) for (int j = 0; j < C; j++) t.set(t.get(b, changed, j) + 3f, b, changed, j);
      }
      float[] after = CausalAttention.forward(c.q, c.k, c.v, 2, c.options()).toArray();
      int prefix = changed * C; // positions 0..4 of batch 0 and of batch 1 are unchanged
      for (int b = 0; b < 2; b++) {
        for (int i = 0; i < prefix; i++) assertThat(after[b * 9 * C + i]).isEqualTo(before[b * 9 * C + i]);
        assertThat(after[b * 9 * C + prefix]).isNotEqualTo(before[b * 9 * C + prefix]);
      }
    }
  }

  @Test
  void probabilityRowsSumToOneAndTheFutureGetsNone() {
    for (Extras e : Extras.values()) {
      Case c = new Case(new AttentionShape(2, 7, 3, 4, e == Extras.NONE ? 0 : 2), e, 10);
      CausalAttention.Result res = CausalAttention.forwardWithProbabilities(c.q, c.k, c.v, 3, c.options().keepingProbabilities());
      float[] p = res.probabilities().toArray();
      int t = 7, l = t + c.shape.extras();
      for (int row = 0; row < 2 * 3 * t; row++) {
        int i = row % t;
        double sum = 0;
        for (int j = 0; j < l; j++) {
          if (j > i && j < t) assertThat(p[row * l + j]).as("masked (%d, %d)", i, j).isZero();
          sum += p[row * l + j];
        }
        assertThat(sum).as("row %d %s", row, e).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
      }
      Autograd.clearTape();
    }
  }

  @Test
  void veryNegativeExtraOffsetsGiveVanillaAttention() {
    Case vanilla = new Case(new AttentionShape(2, 6, 2, 4, 0), Extras.NONE, 11);
    Tensor offsets = Tensor.full(-1e9f, 2, 3);
    Tensor keys = leaf(12, 2, 3, 4), values = leaf(13, 2, 3, 4);
    try (var ng = Autograd.noGrad()) {
      float[] plain = CausalAttention.forward(vanilla.q, vanilla.k, vanilla.v, 2, Options.NONE).toArray();
      CausalAttention.Result withVoid = CausalAttention.forwardWithProbabilities(vanilla.q, vanilla.k, vanilla.v, 2,
          new Options(keys, values, offsets, true));
      assertClose("output", withVoid.output().toArray(), RefOpsA.toDouble(plain), 1e-6);
      for (float m : withVoid.extraMass().toArray()) assertThat(m).isLessThan(1e-6f);
    }
  }

  @Test
  void zeroSinkAtOffsetZeroIsSoftmaxOne() {
    int b = 1, t = 5, h = 2, d = 3;
    Case c = new Case(new AttentionShape(b, t, h, d, 0), Extras.NONE, 14);
    List<Options> sinks = List.of(
        Options.sink(Tensor.zeros(h, 1)).keepingProbabilities(),
        new Options(Tensor.zeros(h, 1, d), Tensor.zeros(h, 1, d), Tensor.zeros(h, 1), true));
    for (Options o : sinks) {
      CausalAttention.Result res;
      try (var ng = Autograd.noGrad()) {
        res = CausalAttention.forwardWithProbabilities(c.q, c.k, c.v, h, o);
      }
      float[] p = res.probabilities().toArray();
      float[] mass = res.extraMass().toArray();
      float[] q = c.q.toArray(), k = c.k.toArray();
      for (int hh = 0; hh < h; hh++) {
        for (int i = 0; i < t; i++) {
          // softmax₁: e^{x_j} / (1 + Σ_{j' ≤ i} e^{x_j'}), x = q·k/√d
          double[] x = new double[i + 1];
          double denom = 1;
          for (int j = 0; j <= i; j++) {
            for (int e = 0; e < d; e++) x[j] += (double) q[i * h * d + hh * d + e] * k[j * h * d + hh * d + e];
            x[j] /= Math.sqrt(d);
            denom += Math.exp(x[j]);
          }
          int row = (hh * t + i) * (t + 1);
          for (int j = 0; j <= i; j++) {
            assertThat((double) p[row + j]).isCloseTo(Math.exp(x[j]) / denom, org.assertj.core.data.Offset.offset(1e-6));
          }
          assertThat((double) mass[hh * t + i]).isCloseTo(1 / denom, org.assertj.core.data.Offset.offset(1e-6));
        }
      }
    }
  }

  @Test
  void inferenceAndThreadCountsGiveIdenticalResults() {
    Case c = new Case(new AttentionShape(3, 40, 4, 8, 1), Extras.ALL, 15);
    fresh(c.inputs().toArray(new Tensor[0]));
    Tensor trained = CausalAttention.forward(c.q, c.k, c.v, 4, c.options());
    float[] r = GradCheck.weights(trained.size(), 1);
    float[][] grads = backward(trained, r, c.inputs().toArray(new Tensor[0]));
    float[] inferred;
    try (var ng = Autograd.noGrad()) {
      inferred = CausalAttention.forward(c.q, c.k, c.v, 4, c.options()).toArray();
    }
    assertThat(inferred).containsExactly(trained.toArray());
    int previous = Parallel.threads();
    try {
      Parallel.setThreads(previous == 1 ? 2 : 1);
      fresh(c.inputs().toArray(new Tensor[0]));
      Tensor other = CausalAttention.forward(c.q, c.k, c.v, 4, c.options());
      float[][] otherGrads = backward(other, r, c.inputs().toArray(new Tensor[0]));
      assertThat(other.toArray()).containsExactly(trained.toArray());
      for (int i = 0; i < grads.length; i++) assertThat(otherGrads[i]).as("input %d", i).containsExactly(grads[i]);
    } finally {
      Parallel.setThreads(previous);
    }
  }

  @Test
  void extraMassNeedsKeptProbabilities() {
    Case c = new Case(new AttentionShape(1, 3, 1, 2, 1), Extras.SINK_OFFSET, 16);
    CausalAttention.Result res = CausalAttention.forwardWithProbabilities(c.q, c.k, c.v, 1, c.options());
    Autograd.clearTape();
    assertThat(res.probabilities()).isNull();
    assertThatThrownBy(res::extraMass).isInstanceOf(IllegalStateException.class).hasMessageContaining("keepingProbabilities");
  }

  @Test
  void malformedShapesNameTheShapes() {
    Tensor x = Tensor.zeros(2, 4, 6);
    assertThatThrownBy(() -> CausalAttention.forward(x, Tensor.zeros(2, 5, 6), x, 2, Options.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 4, 6]").hasMessageContaining("[2, 5, 6]");
    assertThatThrownBy(() -> CausalAttention.forward(x, x, x, 4, Options.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heads = 4").hasMessageContaining("[2, 4, 6]");
    assertThatThrownBy(() -> CausalAttention.forward(x, x, x, 2, new Options(Tensor.zeros(2, 1, 4), null, null, false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extraKeys [2, 1, 4]");
    assertThatThrownBy(() -> CausalAttention.forward(x, x, x, 2, new Options(Tensor.zeros(2, 1, 3), null, Tensor.zeros(2, 2), false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extraLogitOffsets [2, 2]");
    assertThatThrownBy(() -> CausalAttention.forward(Tensor.zeros(4, 6), Tensor.zeros(4, 6), Tensor.zeros(4, 6), 2, Options.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 6]");
  }
}
