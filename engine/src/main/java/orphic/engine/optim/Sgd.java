package orphic.engine.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import orphic.engine.kernel.Parallel;
import orphic.engine.nn.ParameterStore;
import orphic.engine.tensor.Tensor;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, step for step as PyTorch's {@code
 * torch.optim.SGD} with dampening 0:
 *
 * <pre>
 *   d ← g + wd·p                          (L2 weight decay, decayed segments only)
 *   b ← d on the first step, else μ·b + d  (when μ ≠ 0)
 *   d ← d + μ·b if Nesterov, else b
 *   p ← p − lr·d
 * </pre>
 *
 * <p>One element-wise loop over the arena, split across the worker threads.
 */
public final class Sgd extends StoreOptimizer {
  private final float[] p;
  private final float[] g;
  /** Momentum buffer; empty when momentum is 0. */
  private final float[] b;
  private final double momentum;
  private final double weightDecay;
  private final boolean nesterov;
  private final boolean[] elementDecays;
  private final int[] segStart;
  private final int[] segEnd;
  private final Parallel.RangeBody body = this::update;


  public Sgd(ParameterStore store, double lr, double momentum, double weightDecay) {
    this(store, lr, momentum, weightDecay, false);
  }

  public Sgd(ParameterStore store, double lr, double momentum, double weightDecay, boolean nesterov) {
    if (!(momentum >= 0)) throw new IllegalArgumentException("momentum must be >= 0, got " + momentum);
    if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    if (nesterov && momentum == 0) throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
    super(store, lr);
    this.p = store.data();
    this.g = store.grad();
    this.b = new float[momentum != 0 ? store.size() : 0];
    this.momentum = momentum;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
    int n = store.segments().size();
    segStart = new int[n];
    segEnd = new int[n];
    elementDecays = new boolean[n];
    for (int i = 0; i < n; i++) {
      ParameterStore.Segment s = store.segments().get(i);
      segStart[i] = s.offset();
      segEnd[i] = s.offset() + s.size();
      elementDecays[i] = s.decay();
    }
  }

  @Override
  public void step() {
    t++;
    Parallel.range(p.length, body);
  }

  private void update(int start, int end) {
    for (int i = 0; i < segStart.length; i++) {
      int s = Math.max(start, segStart[i]), e = Math.min(end, segEnd[i]);
      if (s < e) kernel(s, e, elementDecays[i] ? (float) weightDecay : 0f);
    }
  }

  // p, b, g over [start, end).
  private void kernel(int start, int end, float wd) {
    float mu = (float) momentum, rate = (float) lr;
    boolean first = t == 1;
    for (int i = start; i < end; i++) {
      float d = wd != 0 ? Math.fma(wd, p[i], g[i]) : g[i];
      if (mu != 0) {
        float bi = first ? d : Math.fma(mu, b[i], d);
        b[i] = bi;
        d = nesterov ? Math.fma(mu, bi, d) : bi;
      }
      p[i] = Math.fma(-rate, d, p[i]);
    }
  }

  /** Keys {@code step} and, with momentum, {@code momentum} (one value per parameter element). */
  @Override
  public Map<String, Tensor> state() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("step", OptimizerState.stepTensor(t));
    if (momentum != 0) out.put("momentum", OptimizerState.copyOf(b));
    return out;
  }

  @Override
  public void load(Map<String, Tensor> state) {
    OptimizerState.requireKeys("SGD", state, momentum != 0 ? Set.of("step", "momentum") : Set.of("step"));
    long step = OptimizerState.step("SGD", state);
    if (momentum != 0) {
      OptimizerState.requireSize("SGD", state, "momentum", b.length);
      state.get("momentum").copyInto(b, 0);
    }
    t = step;
  }
}
