package orphic.engine.blanchot;

import java.util.List;
import java.util.function.Function;
import orphic.engine.autograd.Autograd;
import orphic.engine.kernel.Parallel;
import orphic.engine.nn.Init;
import orphic.engine.nn.Module;
import orphic.engine.tensor.Tensor;

/**
 * An ensemble of M member modules that learn together by negative correlation (Liu &amp; Yao 1999;
 * Brown, Wyatt &amp; Tiňo 2005), combined through a small learned gate over their divergences.
 *
 * <p>Per row (position) with target y, member logits z_m → p_m = softmax(z_m), p̃ = (1/M) Σ p_m:
 *
 * <pre>
 *   features  φ_m = [ D_m = ‖p_m − p̃‖²,  H_m = −Σ_v p_m,v log p_m,v ]     (divergence, uncertainty)
 *   gate      s_m = a_m + u·φ_m,   w = softmax(s)                      (a [M], u [2]; zero init: uniform)
 *   mixture   p̄ = Σ_m w_m p_m
 *   loss      ℓ = α·(−log p̄_y) + (1/M) Σ_m [ −log p_m,y − λ‖p_m − p̄‖² ]
 * </pre>
 *
 * L is the mean of ℓ over rows whose target is not −1. λ = 0 (with α = 0) trains the members
 * independently; λ &gt; 0 rewards them for disagreeing with the mixture where that costs little
 * (negative-correlation learning on probabilities). Gradients flow through everything, the gate's
 * features included. Krogh–Vedelsby: for any weights summing to 1,
 * ‖p̄ − e_y‖² = Σ w_m‖p_m − e_y‖² − Σ w_m‖p_m − p̄‖² ({@link #decompose}).
 *
 * <p>At generation time the community speaks either as the mixture ({@link #mixture}) or by
 * contrastive decoding (Li et al. 2023, {@link #contrastive}) between an expert and an amateur.
 *
 * <pre>{@code
 * var community = new UnavowableCommunity<>(List.of(a, b, c), UnavowableCommunity.Options.defaults());
 * Tensor loss = community.loss(m -> m.forward(x), targets);   // each member: x → logits [N, V]
 * loss.backward();
 * }</pre>
 */
public final class UnavowableCommunity<M extends Module> extends Module {
  /**
   * @param lambda      λ ≥ 0, weight of the divergence term (NCL); 0 = no reward for disagreeing
   * @param jointWeight α ≥ 0, weight of the mixture's own cross-entropy
   * @param gate        learn the gate (prior a and feature weights u); otherwise w is uniform
   */
  public record Options(double lambda, double jointWeight, boolean gate) {
    public Options {
      if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("community: λ must be finite and >= 0, got " + lambda);
      if (!(jointWeight >= 0) || Double.isInfinite(jointWeight)) throw new IllegalArgumentException("community: α must be finite and >= 0, got " + jointWeight);
    }

    /** λ = 0.5, α = 1, gate on. */
    public static Options defaults() {
      return new Options(0.5, 1.0, true);
    }
  }

  /** The combined prediction of rows: log p̄ [..., V], the gate weights w [N·M] and the mean disagreement. */
  public record Mixture(Tensor logProbs, float[] weights, double meanDisagreement) {}

  /** Krogh–Vedelsby terms: ensemble error, weighted member error, weighted ambiguity. */
  public record Decomposition(double ensembleError, double memberError, double ambiguity) {}

  private final List<M> members;
  private final Options options;
  private final Tensor prior; // a [M]
  private final Tensor gateWeights; // u [2]

  public UnavowableCommunity(List<M> members, Options options) {
    if (members.size() < 2) throw new IllegalArgumentException("a community needs at least 2 members, got " + members.size());
    this.options = options;
    this.members = children("members", members);
    if (options.gate()) {
      prior = parameter("prior", Init.zeros(), members.size());
      gateWeights = parameter("gate", Init.zeros(), 2);
    } else {
      prior = null;
      gateWeights = null;
    }
  }

  public List<M> members() {
    return members;
  }

  public int size() {
    return members.size();
  }

  public Options options() {
    return options;
  }

  /** Runs every member ({@code run}: member → logits [..., V]) and returns the NCL loss. */
  public Tensor loss(Function<M, Tensor> run, int[] targets) {
    return loss(members.stream().map(run).toList(), targets);
  }

  /** The NCL loss of the class comment over the members' logits (each [..., V], N rows) → scalar. */
  public Tensor loss(List<Tensor> memberLogits, int[] targets) {
    return new Pass(memberLogits, targets, true).lossTensor();
  }

  /** The mixture log p̄ of the members' logits (no gradient: train with {@link #loss}). */
  public Mixture mixture(List<Tensor> memberLogits) {
    Pass p = new Pass(memberLogits, null, false);
    return new Mixture(p.logMixture, java.util.Arrays.copyOfRange(p.buf, p.wo, p.wo + p.n * p.m), p.disagreement / p.n);
  }

  // ------------------------------------------------------------------ the fused pass

  /** One forward over all rows; keeps what the backward needs. */
  private final class Pass {
    final int m;
    final int n;
    final int v;
    final Tensor[] z;
    final int[] targets;
    // One arena buffer (no float arrays per step): log p [M, N, V] at lpo, w [N, M] at wo, φ [N, M, 2] at fo.
    final float[] buf;
    final int lpo;
    final int wo;
    final int fo;
    final double[] rowLoss; // [N]
    Tensor logMixture;      // [..., V] when not training
    double disagreement;

    Pass(List<Tensor> logits, int[] targets, boolean forLoss) {
      m = logits.size();
      if (m != members.size()) throw new IllegalArgumentException("community of " + members.size() + " members got " + m + " logit tensors");
      z = new Tensor[m];
      for (int i = 0; i < m; i++) z[i] = logits.get(i).contiguous();
      int[] shape = z[0].shape();
      v = z[0].dim(-1);
      n = z[0].size() / v;
      for (int i = 1; i < m; i++) {
        if (!java.util.Arrays.equals(z[i].shape(), shape)) {
          throw new IllegalArgumentException("member " + i + " gave logits " + java.util.Arrays.toString(z[i].shape()) + " but member 0 gave "
              + java.util.Arrays.toString(shape) + ": members must share the vocabulary and the batch");
        }
      }
      if (targets != null && targets.length != n) throw new IllegalArgumentException("community loss: " + n + " rows but " + targets.length + " targets");
      this.targets = targets;
      Tensor scratch = Tensor.empty(m * n * v + 3 * n * m);
      buf = scratch.data();
      lpo = scratch.offset();
      wo = lpo + m * n * v;
      fo = wo + n * m;
      rowLoss = new double[n];
      Tensor mix = forLoss ? null : Tensor.empty(shape);
      logMixture = mix;
      double[] dis = new double[n];
      float[] a = prior == null ? null : prior.toArray(), u = gateWeights == null ? null : gateWeights.toArray();
      Parallel.range(n, (r0, r1) -> {
        double[] pb = new double[v], pt = new double[v], s = new double[m];
        for (int r = r0; r < r1; r++) {
          forwardRow(r, a, u, pb, pt, s, mix, dis);
        }
      });
      for (double d : dis) disagreement += d;
    }

    private void forwardRow(int r, float[] a, float[] u, double[] pb, double[] pt, double[] s, Tensor mix, double[] dis) {
      java.util.Arrays.fill(pt, 0);
      for (int k = 0; k < m; k++) {
        float[] zd = z[k].data();
        int zo = z[k].offset() + r * v, lo = (k * n + r) * v;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < v; j++) max = Math.max(max, zd[zo + j]);
        double sum = 0;
        for (int j = 0; j < v; j++) sum += StrictMath.exp(zd[zo + j] - max);
        double ls = StrictMath.log(sum);
        double h = 0;
        for (int j = 0; j < v; j++) {
          double lp = zd[zo + j] - max - ls;
          buf[lpo + lo + j] = (float) lp;
          double p = StrictMath.exp(lp);
          pt[j] += p / m;
          h -= p * lp;
        }
        buf[fo + (r * m + k) * 2 + 1] = (float) h;
      }
      double smax = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < m; k++) {
        int lo = (k * n + r) * v;
        double d = 0;
        for (int j = 0; j < v; j++) {
          double e = StrictMath.exp(buf[lpo + lo + j]) - pt[j];
          d += e * e;
        }
        buf[fo + (r * m + k) * 2] = (float) d;
        s[k] = a == null ? 0 : a[k] + u[0] * d + u[1] * buf[fo + (r * m + k) * 2 + 1];
        smax = Math.max(smax, s[k]);
      }
      double zs = 0;
      for (int k = 0; k < m; k++) zs += StrictMath.exp(s[k] - smax);
      java.util.Arrays.fill(pb, 0);
      double hw = 0; // Σ w_m H_m
      for (int k = 0; k < m; k++) {
        double wk = StrictMath.exp(s[k] - smax) / zs;
        buf[wo + r * m + k] = (float) wk;
        hw += wk * buf[fo + (r * m + k) * 2 + 1];
        int lo = (k * n + r) * v;
        for (int j = 0; j < v; j++) pb[j] += wk * StrictMath.exp(buf[lpo + lo + j]);
      }
      double hbar = 0;
      for (int j = 0; j < v; j++) if (pb[j] > 0) hbar -= pb[j] * StrictMath.log(pb[j]);
      dis[r] = Math.max(0, hbar - hw); // generalised Jensen–Shannon divergence of the members under w
      if (mix != null) {
        float[] md = mix.data();
        int mo = mix.offset() + r * v;
        for (int j = 0; j < v; j++) md[mo + j] = (float) logMixture(r, j);
        return;
      }
      int y = targets[r];
      if (y < 0) return;
      double div = 0;
      for (int k = 0; k < m; k++) {
        int lo = (k * n + r) * v;
        for (int j = 0; j < v; j++) {
          double e = StrictMath.exp(buf[lpo + lo + j]) - pb[j];
          div += e * e;
        }
      }
      double memberNll = 0;
      for (int k = 0; k < m; k++) memberNll -= buf[lpo + (k * n + r) * v + y];
      rowLoss[r] = -options.jointWeight() * logMixture(r, y) + (memberNll - options.lambda() * div) / m;
    }

    /** log p̄_j = logsumexp_m(log w_m + log p_m,j), stable when every p_m,j underflows. */
    private double logMixture(int r, int j) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < m; k++) max = Math.max(max, StrictMath.log(buf[wo + r * m + k]) + buf[lpo + (k * n + r) * v + j]);
      if (max == Double.NEGATIVE_INFINITY) return max;
      double sum = 0;
      for (int k = 0; k < m; k++) sum += StrictMath.exp(StrictMath.log(buf[wo + r * m + k]) + buf[lpo + (k * n + r) * v + j] - max);
      return max + StrictMath.log(sum);
    }

    Tensor lossTensor() {
      int count = 0;
      double total = 0;
      for (int r = 0; r < n; r++) {
        if (targets[r] < 0) continue;
        count++;
        total += rowLoss[r];
      }
      Tensor out = Tensor.scalar(count == 0 ? 0f : (float) (total / count));
      boolean params = prior != null && (prior.requiresGrad() || gateWeights.requiresGrad());
      if (count > 0 && (Autograd.needsGrad(z) || (params && Autograd.isGradEnabled()))) {
        int c = count;
        Autograd.record(out, () -> backward(out.gradArray()[out.gradOffset()] / c));
      }
      return out;
    }

    private void backward(float scale) {
      double lambda = options.lambda(), alpha = options.jointWeight();
      float[] u = gateWeights == null ? null : gateWeights.toArray();
      // Gradient buffers are allocated lazily (from this thread's arena): take them before the workers run.
      for (Tensor zk : z) if (zk.requiresGrad()) zk.gradArray();
      // Per-row gate gradients, summed in row order afterwards: the same for any thread count.
      double[] dParams = prior == null ? null : new double[n * (m + 2)];
      Parallel.range(n, (r0, r1) -> {
        double[] p = new double[m * v], pb = new double[v], pt = new double[v], sumP = new double[v], e = new double[v];
        double[] g = new double[v], r = new double[m], ds = new double[m];
        for (int row = r0; row < r1; row++) {
          int y = targets[row];
          if (y < 0) continue;
          backwardRow(row, y, scale, lambda, alpha, u, p, pb, pt, sumP, e, g, r, ds, dParams);
        }
      });
      if (prior != null) {
        float[] da = prior.gradArray(), du = gateWeights.gradArray();
        int ao = prior.gradOffset(), uo = gateWeights.gradOffset();
        double[] sum = new double[m + 2];
        for (int row = 0; row < n; row++) for (int k = 0; k < m + 2; k++) sum[k] += dParams[row * (m + 2) + k];
        for (int k = 0; k < m; k++) da[ao + k] += (float) sum[k];
        du[uo] += (float) sum[m];
        du[uo + 1] += (float) sum[m + 1];
      }
    }

    private void backwardRow(int row, int y, float scale, double lambda, double alpha, float[] u, double[] p, double[] pb,
        double[] pt, double[] sumP, double[] e, double[] g, double[] resp, double[] ds, double[] dParams) {
      java.util.Arrays.fill(pb, 0);
      java.util.Arrays.fill(pt, 0);
      for (int k = 0; k < m; k++) {
        int lo = (k * n + row) * v;
        double wk = buf[wo + row * m + k];
        for (int j = 0; j < v; j++) {
          double pk = StrictMath.exp(buf[lpo + lo + j]);
          p[k * v + j] = pk;
          pb[j] += wk * pk;
          pt[j] += pk / m;
        }
      }
      for (int j = 0; j < v; j++) sumP[j] = pt[j] * m;
      // responsibilities r_m = w_m p_m,y / p̄_y
      double lpy = logMixture(row, y);
      for (int k = 0; k < m; k++) resp[k] = StrictMath.exp(StrictMath.log(buf[wo + row * m + k]) + buf[lpo + (k * n + row) * v + y] - lpy);
      // ∂ℓ/∂s: α(w − r) + w ⊙ (c − Σ w c), c_m = (2λ/M)(S − M p̄)·p_m
      double cbar = 0;
      double[] cm = ds; // reuse: first c_m, then ds
      for (int k = 0; k < m; k++) {
        double c = 0;
        for (int j = 0; j < v; j++) c += (sumP[j] - m * pb[j]) * p[k * v + j];
        cm[k] = 2 * lambda / m * c;
        cbar += buf[wo + row * m + k] * cm[k];
      }
      for (int k = 0; k < m; k++) {
        double wk = buf[wo + row * m + k];
        ds[k] = alpha * (wk - resp[k]) + wk * (cm[k] - cbar);
      }
      if (prior != null) {
        int base = row * (m + 2);
        for (int k = 0; k < m; k++) {
          dParams[base + k] = scale * ds[k];
          dParams[base + m] += scale * ds[k] * buf[fo + (row * m + k) * 2];
          dParams[base + m + 1] += scale * ds[k] * buf[fo + (row * m + k) * 2 + 1];
        }
      }
      // E = Σ_j ds_j u_0 (p_j − p̃): the divergence features' shared term
      java.util.Arrays.fill(e, 0);
      if (u != null) {
        for (int k = 0; k < m; k++) for (int j = 0; j < v; j++) e[j] += ds[k] * u[0] * (p[k * v + j] - pt[j]);
      }
      for (int k = 0; k < m; k++) {
        double wk = buf[wo + row * m + k];
        int lo = (k * n + row) * v;
        double dot = 0;
        for (int j = 0; j < v; j++) {
          double pk = p[k * v + j];
          double gk = wk * 2 * lambda / m * (sumP[j] - m * pb[j]) - 2 * lambda / m * (pk - pb[j]);
          if (u != null) gk += ds[k] * u[0] * 2 * (pk - pt[j]) - 2.0 / m * e[j] - ds[k] * u[1] * (buf[lpo + lo + j] + 1);
          g[j] = gk;
          dot += gk * pk;
        }
        double own = alpha * resp[k] + 1.0 / m; // mixture CE (through the responsibilities) + the member's own CE
        Tensor zk = z[k];
        if (!zk.requiresGrad()) continue;
        float[] dz = zk.gradArray();
        int zo = zk.gradOffset() + row * v;
        for (int j = 0; j < v; j++) {
          double pk = p[k * v + j];
          double d = pk * (g[j] - dot) + own * (pk - (j == y ? 1 : 0));
          dz[zo + j] += (float) (scale * d);
        }
      }
    }
  }

  // ------------------------------------------------------------------ analysis and decoding

  /**
   * The ambiguity decomposition of squared error for members f_m (vectors), weights w (Σ w = 1)
   * and target t: ‖f̄ − t‖² = Σ w_m‖f_m − t‖² − Σ w_m‖f_m − f̄‖², f̄ = Σ w_m f_m.
   */
  public static Decomposition decompose(double[][] members, double[] weights, double[] target) {
    int d = target.length;
    double[] mean = new double[d];
    for (int k = 0; k < members.length; k++) for (int j = 0; j < d; j++) mean[j] += weights[k] * members[k][j];
    double ens = 0, mem = 0, amb = 0;
    for (int j = 0; j < d; j++) ens += (mean[j] - target[j]) * (mean[j] - target[j]);
    for (int k = 0; k < members.length; k++) {
      double e = 0, a = 0;
      for (int j = 0; j < d; j++) {
        e += (members[k][j] - target[j]) * (members[k][j] - target[j]);
        a += (members[k][j] - mean[j]) * (members[k][j] - mean[j]);
      }
      mem += weights[k] * e;
      amb += weights[k] * a;
    }
    return new Decomposition(ens, mem, amb);
  }

  /**
   * Contrastive decoding (Li et al. 2023) between an expert and an amateur, row by row over [..., V]
   * logits (normalised here): score(x) = log p_E(x) − β·log p_A(x) on the plausible head
   * {x : p_E(x) ≥ α·max p_E}, −∞ elsewhere. α = 0.1 and β = 1 are the paper's. No gradient.
   */
  public static Tensor contrastive(Tensor expert, Tensor amateur, double alpha, double beta) {
    if (!java.util.Arrays.equals(expert.shape(), amateur.shape())) {
      throw new IllegalArgumentException("contrastive decoding: expert " + java.util.Arrays.toString(expert.shape()) + " and amateur "
          + java.util.Arrays.toString(amateur.shape()) + " logits differ in shape");
    }
    if (!(alpha > 0 && alpha <= 1)) throw new IllegalArgumentException("contrastive decoding: α must be in (0, 1], got " + alpha);
    float[] ed = expert.contiguous().toArray(), ad = amateur.contiguous().toArray();
    int v = expert.dim(-1), n = ed.length / v;
    float[] out = new float[ed.length];
    double logAlpha = StrictMath.log(alpha);
    for (int r = 0; r < n; r++) {
      double le = logSumExp(ed, r * v, v), la = logSumExp(ad, r * v, v);
      double maxE = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < v; j++) maxE = Math.max(maxE, ed[r * v + j] - le);
      for (int j = 0; j < v; j++) {
        double lpe = ed[r * v + j] - le;
        out[r * v + j] = lpe >= maxE + logAlpha ? (float) (lpe - beta * (ad[r * v + j] - la)) : Float.NEGATIVE_INFINITY;
      }
    }
    return Tensor.of(out, expert.shape());
  }

  private static double logSumExp(float[] x, int off, int v) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < v; j++) max = Math.max(max, x[off + j]);
    double s = 0;
    for (int j = 0; j < v; j++) s += StrictMath.exp(x[off + j] - max);
    return max + StrictMath.log(s);
  }
}
