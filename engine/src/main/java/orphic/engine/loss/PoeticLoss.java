package orphic.engine.loss;

import java.util.Arrays;
import orphic.engine.autograd.Autograd;
import orphic.engine.kernel.Parallel;
import orphic.engine.tensor.Shape;
import orphic.engine.tensor.Tensor;

/**
 * The "poetic" loss of issue 10: cross-entropy that rewards an open predictive distribution, with
 * an optional target-entropy band (haze's "entropy as loss"). Per row i with p = softmax(z_i),
 * target y_i, H_i = −Σ_v p_v ln p_v (nats) and h_i = H_i / ln 2 (bits), over the n rows whose
 * target is not −1:
 *
 * <pre>
 *   L = (1/n) Σ_i [ α·(−ln p_y) − (1 − α)·H_i + λ·( relu(h_lo − h_i)² + relu(h_i − h_hi)² ) ]
 * </pre>
 *
 * α in [0, 1] weighs cross-entropy against the entropy bonus; the band [h_lo, h_hi] is in bits
 * (the unit of the sampler's entropies) and penalises rows that are too confident (below h_lo) or
 * too uncertain (above h_hi) with weight λ (0 = no band). α = 1 with λ = 0 is cross-entropy.
 *
 * <p>Gradient per row (written by hand; {@code PoeticLossTest} checks it against finite
 * differences and a double-precision reference), with ∂H/∂z_v = −p_v·(ln p_v + H) and
 * b'(h) = −2·relu(h_lo − h) + 2·relu(h − h_hi):
 *
 * <pre>
 *   ∂L/∂z_v = (1/n)·[ α·(p_v − [v = y]) + (λ·b'(h)/ln 2 − (1 − α))·(−p_v·(ln p_v + H)) ]
 * </pre>
 *
 * Per row only ln Σ exp z and H are kept (a [2, N] buffer); the backward recomputes p. Rows are
 * computed in double and split over threads by row, so results do not depend on the thread count.
 */
public final class PoeticLoss {
  private static final double LN2 = Math.log(2);

  /**
   * @param alpha      α in [0, 1]: weight of cross-entropy (1 − α: of the entropy bonus)
   * @param bandLow    h_lo in bits, ≥ 0 (ignored when bandWeight is 0)
   * @param bandHigh   h_hi in bits, ≥ h_lo (ignored when bandWeight is 0)
   * @param bandWeight λ ≥ 0 of the band penalty; 0 = no band
   */
  public record Options(double alpha, double bandLow, double bandHigh, double bandWeight) {
    public Options {
      if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("poetic loss: α must be in [0, 1] (1 = cross-entropy), got " + alpha);
      if (!(bandWeight >= 0) || Double.isInfinite(bandWeight)) {
        throw new IllegalArgumentException("poetic loss: the band weight λ must be a finite number >= 0 (0 = no band), got " + bandWeight);
      }
      if (bandWeight > 0) {
        if (!(bandLow >= 0) || !(bandHigh >= bandLow) || Double.isInfinite(bandHigh)) {
          throw new IllegalArgumentException("poetic loss: the entropy band needs 0 <= low <= high (finite, in bits), got ["
              + bandLow + ", " + bandHigh + "]");
        }
      }
    }

    /** α alone, no band. */
    public static Options entropyBonus(double alpha) {
      return new Options(alpha, 0, 0, 0);
    }

    /** This with the band [low, high] bits at weight λ. */
    public Options withBand(double low, double high, double weight) {
      return new Options(alpha, low, high, weight);
    }

    boolean hasBand() {
      return bandWeight > 0;
    }
  }

  /**
   * The loss, and for logging the plain mean cross-entropy and mean entropy (nats) of the same
   * rows (computed on the way, no extra pass). With α = 1 and no band the loss is the
   * cross-entropy op's own (bit for bit) and the entropy is not computed (NaN).
   */
  public record Result(Tensor loss, double crossEntropy, double entropy) {}

  private final Options options;

  public PoeticLoss(Options options) {
    this.options = options;
  }

  public Options options() {
    return options;
  }

  /** logits [..., V] (N rows), targets: N ids in [0, V) or −1 (ignored) → scalar loss (with backward). */
  public Tensor apply(Tensor logits, int[] targets) {
    return compute(logits, targets).loss();
  }

  /** As {@link #apply}, with the mean cross-entropy and entropy of the kept rows. */
  public Result compute(Tensor logits, int[] targets) {
    if (logits.rank() < 1) throw new IllegalArgumentException("poetic loss: logits must have a vocabulary axis, got shape " + Arrays.toString(logits.shape()));
    Tensor in = logits.contiguous();
    int v = in.dim(-1), n = Shape.rows(in.shape());
    if (v == 0) throw new IllegalArgumentException("poetic loss: logits " + Arrays.toString(in.shape()) + " have an empty vocabulary axis");
    if (targets == null || targets.length != n) {
      throw new IllegalArgumentException("poetic loss: logits " + Arrays.toString(in.shape()) + " hold " + n + " rows but "
          + (targets == null ? "targets is null" : "targets has " + targets.length + " entries") + "; pass one target per row (−1 to ignore)");
    }
    for (int i = 0; i < n; i++) {
      if (targets[i] < -1 || targets[i] >= v) {
        throw new IllegalArgumentException("poetic loss: target " + targets[i] + " at row " + i + " is outside [0, " + v + "); use −1 to ignore a row");
      }
    }
    if (options.alpha() == 1 && !options.hasBand()) {
      // exactly cross-entropy: the cross-entropy op itself, so such a run trains bit for bit like --loss ce
      Tensor ce = orphic.engine.ops.Ops.crossEntropy(logits, targets, null, 0f);
      return new Result(ce, ce.item(), Double.NaN);
    }
    Tensor stats = Tensor.empty(2, n);       // [2, N]: ln Σ exp z, H (nats)
    Tensor rowCe = Tensor.empty(n);          // [N]: −ln p_y
    float[] xd = in.data(), sd = stats.data(), cd = rowCe.data();
    int xo = in.offset(), so = stats.offset(), co = rowCe.offset();
    Parallel.range(n, (r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        if (targets[r] < 0) {
          sd[so + r] = 0f;
          sd[so + n + r] = 0f;
          cd[co + r] = 0f;
          continue;
        }
        int p = xo + r * v;
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < v; j++) m = Math.max(m, xd[p + j]);
        double s0 = 0, s1 = 0;
        for (int j = 0; j < v; j++) {
          double d = xd[p + j] - m;
          double e = Math.exp(d);
          s0 += e;
          if (e > 0) s1 += e * d;
        }
        double logS = Math.log(s0);
        sd[so + r] = (float) (m + logS);
        sd[so + n + r] = (float) (logS - s1 / s0);            // H = ln S − Σ e·(z − m)/S
        cd[co + r] = (float) ((m - xd[p + targets[r]]) + logS); // −ln p_y
      }
    });
    double alpha = options.alpha(), lambda = options.bandWeight();
    double total = 0, ceSum = 0, hSum = 0;
    int count = 0;
    for (int r = 0; r < n; r++) {
      if (targets[r] < 0) continue;
      count++;
      double ce = cd[co + r], h = sd[so + n + r];
      ceSum += ce;
      hSum += h;
      total += alpha * ce - (1 - alpha) * h + (options.hasBand() ? lambda * band(h / LN2) : 0);
    }
    int kept = count;
    Tensor out = Tensor.scalar(kept == 0 ? 0f : (float) (total / kept));
    if (kept > 0 && Autograd.needsGrad(in)) {
      int[] t = targets.clone(); // the caller may refill its batch arrays before backward runs
      Autograd.record(out, () -> {
        double g = out.gradArray()[out.gradOffset()] / (double) kept;
        float[] dx = in.gradArray();
        int dxo = in.gradOffset();
        Parallel.range(n, (r0, r1) -> {
          for (int r = r0; r < r1; r++) {
            if (t[r] < 0) continue;
            int p = xo + r * v, q = dxo + r * v;
            double lse = sd[so + r], h = sd[so + n + r];
            // coefficient of ∂H/∂z in the row's loss
            double c = (options.hasBand() ? lambda * bandSlope(h / LN2) / LN2 : 0) - (1 - alpha);
            for (int j = 0; j < v; j++) {
              double lp = xd[p + j] - lse, pj = Math.exp(lp);
              double dh = pj == 0 ? 0 : -pj * (lp + h);
              double d = alpha * (pj - (j == t[r] ? 1 : 0)) + c * dh;
              dx[q + j] += (float) (g * d);
            }
          }
        });
      });
    }
    return new Result(out, kept == 0 ? 0 : ceSum / kept, kept == 0 ? 0 : hSum / kept);
  }

  /** The band penalty of an entropy of h bits: relu(h_lo − h)² + relu(h − h_hi)². */
  public double band(double h) {
    double below = Math.max(0, options.bandLow() - h), above = Math.max(0, h - options.bandHigh());
    return below * below + above * above;
  }

  /** d band / d h (per bit). */
  private double bandSlope(double h) {
    return -2 * Math.max(0, options.bandLow() - h) + 2 * Math.max(0, h - options.bandHigh());
  }
}
