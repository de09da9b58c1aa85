package orphic.engine.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import orphic.engine.kernel.Parallel;
import orphic.engine.nn.ParameterStore;
import orphic.engine.tensor.Tensor;

/**
 * Adam with decoupled weight decay, step for step as PyTorch's {@code torch.optim.AdamW}:
 *
 * <pre>
 *   t ← t + 1
 *   p ← p·(1 − lr·wd)                       (decayed segments only)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   p ← p − lr/(1 − β1ᵗ) · m / (√v/√(1 − β2ᵗ) + eps)
 * </pre>
 *
 * <p>The moments are flat arrays mirroring the store, so the update is one vectorised loop over the
 * arena, split across the worker threads. It is element-wise, so results do not depend on the
 * thread count; the scalar tail computes exactly what a vector lane does (the same fused
 * multiply-adds and correctly rounded square roots and divisions). A step allocates no arrays.
 */
public final class AdamW extends StoreOptimizer {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private final float[] p;
  private final float[] g;
  private final float[] m;
  private final float[] v;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  /** Maximal runs of segments with the same decay flag: [start, end) pairs and the flag. */
  private final int[] runStart;
  private final int[] runEnd;
  private final boolean[] runDecay;
  private final Parallel.RangeBody body = this::update;


  // The current step's scalars, set before the parallel loop (published by the pool's hand-off).
  private float decayFactor;
  private float stepSize;
  private float invSqrtBc2;

  /** PyTorch's defaults: β1 0.9, β2 0.999, eps 1e-8, weight decay 0.01. */
  public AdamW(ParameterStore store, double lr) {
    this(store, lr, 0.9, 0.999, 1e-8, 0.01);
  }

  public AdamW(ParameterStore store, double lr, double beta1, double beta2, double eps, double weightDecay) {
    if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
    if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
    if (!(eps >= 0)) throw new IllegalArgumentException("eps must be >= 0, got " + eps);
    if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    super(store, lr);
    this.p = store.data();
    this.g = store.grad();
    this.m = new float[store.size()];
    this.v = new float[store.size()];
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    List<ParameterStore.Segment> segs = store.segments();
    int[] rs = new int[segs.size()], re = new int[segs.size()];
    boolean[] rd = new boolean[segs.size()];
    int runs = 0;
    for (ParameterStore.Segment s : segs) {
      if (s.size() == 0) continue;
      if (runs > 0 && rd[runs - 1] == s.decay() && re[runs - 1] == s.offset()) {
        re[runs - 1] = s.offset() + s.size();
      } else {
        rs[runs] = s.offset();
        re[runs] = s.offset() + s.size();
        rd[runs] = s.decay();
        runs++;
      }
    }
    runStart = java.util.Arrays.copyOf(rs, runs);
    runEnd = java.util.Arrays.copyOf(re, runs);
    runDecay = java.util.Arrays.copyOf(rd, runs);
  }

  @Override
  public void step() {
    t++;
    double bc1 = 1 - Math.pow(beta1, t);
    double bc2 = 1 - Math.pow(beta2, t);
    decayFactor = (float) (1 - lr * weightDecay);
    stepSize = (float) (lr / bc1);
    invSqrtBc2 = (float) (1 / Math.sqrt(bc2));
    Parallel.range(p.length, body);
  }

  /** Updates elements [start, end), run by run (a run's decay factor is fixed). */
  private void update(int start, int end) {
    for (int r = 0; r < runStart.length; r++) {
      int s = Math.max(start, runStart[r]), e = Math.min(end, runEnd[r]);
      if (s < e) kernel(s, e, runDecay[r] ? decayFactor : 1f);
    }
  }

  // p, m, v, g over [start, end): PyTorch's AdamW update with the current step's scalars.
  private void kernel(int start, int end, float decay) {
    float b1 = (float) beta1, c1 = (float) (1 - beta1);
    float b2 = (float) beta2, c2 = (float) (1 - beta2);
    float e = (float) eps, negStep = -stepSize, ib = invSqrtBc2;
    FloatVector vb1 = FloatVector.broadcast(S, b1), vb2 = FloatVector.broadcast(S, b2);
    FloatVector vib = FloatVector.broadcast(S, ib), ve = FloatVector.broadcast(S, e);
    FloatVector vneg = FloatVector.broadcast(S, negStep);
    int i = start;
    int upper = start + S.loopBound(end - start);
    for (; i < upper; i += S.length()) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector mv = FloatVector.fromArray(S, m, i).fma(vb1, gv.mul(c1));
      FloatVector vv = FloatVector.fromArray(S, v, i).fma(vb2, gv.mul(gv).mul(c2));
      FloatVector denom = vv.sqrt().fma(vib, ve);
      FloatVector pv = mv.div(denom).fma(vneg, FloatVector.fromArray(S, p, i).mul(decay));
      mv.intoArray(m, i);
      vv.intoArray(v, i);
      pv.intoArray(p, i);
    }
    for (; i < end; i++) {
      float gi = g[i];
      float mi = Math.fma(m[i], b1, gi * c1);
      float vi = Math.fma(v[i], b2, gi * gi * c2);
      float denom = Math.fma((float) Math.sqrt(vi), ib, e);
      m[i] = mi;
      v[i] = vi;
      p[i] = Math.fma(mi / denom, negStep, p[i] * decay);
    }
  }

  /** Keys {@code m}, {@code v} (one value per parameter element) and {@code step}. */
  @Override
  public Map<String, Tensor> state() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("step", OptimizerState.stepTensor(t));
    out.put("m", OptimizerState.copyOf(m));
    out.put("v", OptimizerState.copyOf(v));
    return out;
  }

  @Override
  public void load(Map<String, Tensor> state) {
    OptimizerState.requireKeys("AdamW", state, Set.of("step", "m", "v"));
    long step = OptimizerState.step("AdamW", state);
    OptimizerState.requireSize("AdamW", state, "m", m.length);
    OptimizerState.requireSize("AdamW", state, "v", v.length);
    state.get("m").copyInto(m, 0);
    state.get("v").copyInto(v, 0);
    t = step;
  }
}
