package orphic.engine.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import orphic.engine.kernel.Parallel;
import orphic.engine.nn.ParameterStore;
import orphic.engine.tensor.Tensor;

/**
 * Stochastic gradient Langevin dynamics (Welling &amp; Teh 2011): a gradient step plus Gaussian
 * noise, at a constant step it samples rather than converges.
 *
 * <pre>
 *   plain:           p ← p − lr·(g + wd·p) + √(2·lr·τ)·ξ               ξ ~ N(0, I)
 *   preconditioned:  v ← β·v + (1 − β)·g²;  v̂ = v/(1 − βᵗ);  G = 1/(√v̂ + eps)
 *                    p ← p·(1 − lr·wd) − lr·G·g + √(2·lr·τ·G)·ξ
 * </pre>
 *
 * (wd·p is the gradient of a Gaussian prior, on decayed segments only.) The preconditioned form
 * is pSGLD (Li, Chen, Carlson &amp; Carin 2016) without its Γ correction, with Adam's bias
 * correction of v and the prior's decay left unpreconditioned (as AdamW does), so that
 * parameters with no gradient are neither thrown far by a huge G nor destabilised by their decay.
 *
 * For a loss U the plain chain's stationary density is ∝ exp(−U/τ) (as lr → 0); with U the mean
 * per-token loss over N training tokens, τ = 1/N samples the Bayesian posterior. On the quadratic
 * U = ½k·p² the discrete chain's stationary variance is exactly τ / (k·(1 − lr·k/2)).
 *
 * <p>The noise ξ of element i at step t is a pure function of (seed, t, i) (a counter-based hash),
 * so it does not depend on the thread count and a restored optimizer continues bit for bit.
 */
public final class Sgld extends StoreOptimizer {
  private final float[] p;
  private final float[] g;
  /** Second-moment estimate of the preconditioner; empty for plain SGLD. */
  private final float[] v;
  private final double temperature;
  private final double weightDecay;
  private final double beta;
  private final double eps;
  private final long seed;
  private final int[] segStart;
  private final int[] segEnd;
  private final boolean[] segDecay;
  private final Parallel.RangeBody body = this::update;


  /** Plain SGLD at temperature τ with L2 prior weight wd. */
  public Sgld(ParameterStore store, double lr, double temperature, double weightDecay, long seed) {
    this(store, lr, temperature, weightDecay, 0, 1e-8, seed);
  }

  /**
   * SGLD; with {@code beta} in (0, 1) RMSprop-preconditioned (pSGLD), with {@code beta} = 0 plain.
   */
  public Sgld(ParameterStore store, double lr, double temperature, double weightDecay, double beta, double eps, long seed) {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) throw new IllegalArgumentException("SGLD temperature must be finite and >= 0, got " + temperature);
    if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("preconditioner decay must be in [0, 1) (0 = plain SGLD), got " + beta);
    if (!(eps > 0)) throw new IllegalArgumentException("eps must be > 0, got " + eps);
    super(store, lr);
    this.p = store.data();
    this.g = store.grad();
    this.v = new float[beta > 0 ? store.size() : 0];
    this.temperature = temperature;
    this.weightDecay = weightDecay;
    this.beta = beta;
    this.eps = eps;
    this.seed = seed;
    int n = store.segments().size();
    segStart = new int[n];
    segEnd = new int[n];
    segDecay = new boolean[n];
    for (int i = 0; i < n; i++) {
      ParameterStore.Segment s = store.segments().get(i);
      segStart[i] = s.offset();
      segEnd[i] = s.offset() + s.size();
      segDecay[i] = s.decay();
    }
  }

  public double temperature() {
    return temperature;
  }

  public boolean preconditioned() {
    return beta > 0;
  }

  @Override
  public void step() {
    t++;
    Parallel.range(p.length, body);
  }

  private void update(int start, int end) {
    for (int i = 0; i < segStart.length; i++) {
      int s = Math.max(start, segStart[i]), e = Math.min(end, segEnd[i]);
      if (s < e) kernel(s, e, segDecay[i] ? (float) weightDecay : 0f);
    }
  }

  // p, v, g over [start, end).
  private void kernel(int start, int end, float wd) {
    float rate = (float) lr;
    double noiseVar = 2 * lr * temperature;
    float invSqrtBc = beta == 0 ? 1f : (float) (1 / Math.sqrt(1 - Math.pow(beta, t)));
    long stream = mix(seed ^ mix(t * 0x9E3779B97F4A7C15L));
    long pair = -1, normals = 0; // elements 2q and 2q + 1 share one polar draw
    if (beta == 0) {
      float sd = (float) Math.sqrt(noiseVar);
      for (int i = start; i < end; i++) {
        float d = wd != 0 ? Math.fma(wd, p[i], g[i]) : g[i];
        float noise = 0f;
        if (sd != 0) {
          if (i >>> 1 != pair) {
            pair = i >>> 1;
            normals = normalPair(stream, pair);
          }
          noise = sd * pick(normals, i);
        }
        p[i] = Math.fma(-rate, d, p[i]) + noise;
      }
    } else {
      float b = (float) beta, c = (float) (1 - beta), e = (float) eps, decay = 1f - rate * wd;
      for (int i = start; i < end; i++) {
        float gi = g[i];
        float vi = Math.fma(v[i], b, gi * gi * c);
        v[i] = vi;
        float precond = 1f / Math.fma((float) Math.sqrt(vi), invSqrtBc, e);
        float noise = 0f;
        if (noiseVar != 0) {
          if (i >>> 1 != pair) {
            pair = i >>> 1;
            normals = normalPair(stream, pair);
          }
          noise = (float) Math.sqrt(noiseVar * precond) * pick(normals, i);
        }
        p[i] = Math.fma(-rate * precond, gi, p[i] * decay) + noise;
      }
    }
  }

  /** The standard normal value of element i of a step's stream. */
  static float gaussian(long stream, long i) {
    return pick(normalPair(stream, i >>> 1), i);
  }

  private static float pick(long normals, long i) {
    return Float.intBitsToFloat((int) ((i & 1) == 0 ? normals : normals >>> 32));
  }

  /**
   * Two independent standard normal values for elements 2q and 2q + 1, packed as float bits (low:
   * even element): Marsaglia's polar method on hashed uniforms (attempt a of pair q hashes (q, a)),
   * one logarithm per pair and no trigonometry; StrictMath keeps it the same on every JVM and JIT tier.
   */
  private static long normalPair(long stream, long q) {
    for (long a = 0; ; a++) {
      long key = stream + (q * 64 + a) * 0xBF58476D1CE4E5B9L;
      double u = (mix(key) >>> 11) * 0x1.0p-52 - 1;                       // [−1, 1)
      double v = (mix(key ^ 0x632BE59BD9B4E019L) >>> 11) * 0x1.0p-52 - 1;
      double s = u * u + v * v;
      if (s > 0 && s < 1) {
        double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        return (Float.floatToRawIntBits((float) (u * f)) & 0xFFFFFFFFL) | ((long) Float.floatToRawIntBits((float) (v * f)) << 32);
      }
    }
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Keys {@code step} and, when preconditioned, {@code v} (one value per parameter element). */
  @Override
  public Map<String, Tensor> state() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("step", OptimizerState.stepTensor(t));
    if (beta > 0) out.put("v", OptimizerState.copyOf(v));
    return out;
  }

  @Override
  public void load(Map<String, Tensor> state) {
    OptimizerState.requireKeys("SGLD", state, beta > 0 ? Set.of("step", "v") : Set.of("step"));
    long step = OptimizerState.step("SGLD", state);
    if (beta > 0) {
      OptimizerState.requireSize("SGLD", state, "v", v.length);
      state.get("v").copyInto(v, 0);
    }
    t = step;
  }
}
