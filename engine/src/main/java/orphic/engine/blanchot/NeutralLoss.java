package orphic.engine.blanchot;

import java.util.Arrays;
import orphic.engine.autograd.Autograd;
import orphic.engine.ops.CrossEntropy;
import orphic.engine.tensor.Tensor;

/**
 * The "neutral" loss: per-sample flooding (iFlood, Xie et al. 2022; Ishida et al. 2020) with a
 * disaster threshold (loss truncation, Kang &amp; Hashimoto 2020). A drop-in for cross-entropy:
 *
 * <pre>{@code
 * Tensor loss = NeutralLoss.of(predictions, targets);   // logits [..., V], one target per row
 * loss.backward();
 * }</pre>
 *
 * <p>With ℓ_i the label-smoothed cross-entropy of row i, n the rows that are not ignored
 * (target −1), b the flood level and τ the disaster threshold:
 *
 * <pre>
 *   L = (1/n) Σ_i w_i · [ (1 − λ)·ℓ_i + λ·(|ℓ_i − b| + b) ]
 *   b = a fixed level, or the batch mean of ℓ (detached) when {@link Options#flood} is {@link #BATCH_MEAN}
 *   TRUNCATE: w_i = 0 if ℓ_i &gt; τ, else 1           CAP: w_i = 1 and ℓ_i ← min(ℓ_i, τ)
 * </pre>
 *
 * So ∂L/∂ℓ_i = (1/n)·w_i·[(1 − λ) + λ·sign(ℓ_i − b)]: 1/n above the flood, (1 − 2λ)/n below it
 * (zero at λ = ½, ascent for λ &gt; ½), (1 − λ)/n exactly at it, 0 past the disaster threshold.
 * λ = 0 with τ = ∞ is plain cross-entropy. The batch mean b is taken over the rows that are
 * neither ignored nor past τ.
 */
public final class NeutralLoss {
  /** {@link Options#flood} value meaning "the detached batch mean of the per-row losses". */
  public static final double BATCH_MEAN = -1;

  /** What happens to a row whose loss exceeds the disaster threshold. */
  public enum Disaster {
    /** The row is dropped (weight 0): loss truncation. */
    TRUNCATE,
    /** The row's loss is capped at τ (so it carries no gradient either, but counts in the value). */
    CAP
  }

  /**
   * @param lambda          λ in [0, 1]: the share of the flooded term
   * @param flood           b ≥ 0, or {@link #BATCH_MEAN}
   * @param disaster        τ &gt; 0, or {@code Double.POSITIVE_INFINITY} for no threshold
   * @param mode            truncate or cap past τ
   * @param labelSmoothing  ε in [0, 1) of the per-row cross-entropy
   */
  public record Options(double lambda, double flood, double disaster, Disaster mode, float labelSmoothing) {
    public Options {
      if (!(lambda >= 0 && lambda <= 1)) throw new IllegalArgumentException("neutral loss: λ must be in [0, 1], got " + lambda);
      if (!(flood >= 0 || flood == BATCH_MEAN) || Double.isInfinite(flood)) {
        throw new IllegalArgumentException("neutral loss: the flood level must be a finite loss >= 0 or BATCH_MEAN, got " + flood);
      }
      if (!(disaster > 0)) throw new IllegalArgumentException("neutral loss: the disaster threshold must be > 0 (or infinite for none), got " + disaster);
      if (mode == null) throw new IllegalArgumentException("neutral loss: give a disaster mode (TRUNCATE or CAP)");
      if (!(labelSmoothing >= 0 && labelSmoothing < 1)) throw new IllegalArgumentException("neutral loss: label smoothing must be in [0, 1), got " + labelSmoothing);
    }

    /**
     * The reference behaviour, made precise: λ = ½, b = batch mean, τ = 5 nats (truncate), label
     * smoothing 0.1.
     */
    public static Options defaults() {
      return new Options(0.5, BATCH_MEAN, 5.0, Disaster.TRUNCATE, 0.1f);
    }

    public Options withLambda(double l) {
      return new Options(l, flood, disaster, mode, labelSmoothing);
    }

    public Options withFlood(double b) {
      return new Options(lambda, b, disaster, mode, labelSmoothing);
    }

    public Options withDisaster(double tau, Disaster m) {
      return new Options(lambda, flood, tau, m, labelSmoothing);
    }

    public Options withLabelSmoothing(float eps) {
      return new Options(lambda, flood, disaster, mode, eps);
    }
  }

  private final Options options;

  public NeutralLoss(Options options) {
    this.options = options;
  }

  public Options options() {
    return options;
  }

  /** The loss with {@link Options#defaults()}: logits [..., V], N targets (−1 = ignored) → scalar. */
  public static Tensor of(Tensor predictions, int[] targets) {
    return new NeutralLoss(Options.defaults()).apply(predictions, targets);
  }

  /** As {@link #of(Tensor, int[])}, targets given as a tensor of ids (one per row). */
  public static Tensor of(Tensor predictions, Tensor targets) {
    float[] t = targets.toArray();
    int[] ids = new int[t.length];
    for (int i = 0; i < t.length; i++) ids[i] = Math.round(t[i]);
    return of(predictions, ids);
  }

  /** logits [..., V] (N rows), targets: N ids (−1 = ignored) → scalar loss. */
  public Tensor apply(Tensor logits, int[] targets) {
    Tensor rows = CrossEntropy.perRow(logits, targets, options.labelSmoothing());   // [...] one ℓ_i per row
    return reduce(rows, targets, options);
  }

  /**
   * The reduction alone: per-row losses ℓ [...] (N values) → L, with ∂L/∂ℓ_i from the table in
   * the class comment. Rows whose target is −1 are skipped.
   */
  public static Tensor reduce(Tensor perRow, int[] targets, Options o) {
    int n = perRow.size();
    if (targets.length != n) {
      throw new IllegalArgumentException("neutral loss: " + n + " per-row losses " + Arrays.toString(perRow.shape()) + " but "
          + targets.length + " targets; pass one target per row");
    }
    Tensor rows = perRow.contiguous();
    float[] l = rows.toArray();
    double tau = o.disaster();
    boolean truncate = o.mode() == Disaster.TRUNCATE;
    int count = 0, kept = 0;
    double keptSum = 0;
    for (int i = 0; i < n; i++) {
      if (targets[i] < 0) continue;
      count++;
      if (l[i] <= tau) {
        kept++;
        keptSum += l[i];
      }
    }
    double b = o.flood() == BATCH_MEAN ? (kept == 0 ? 0 : keptSum / kept) : o.flood();
    double lambda = o.lambda(), total = 0;
    float[] weight = new float[n]; // ∂L/∂ℓ_i
    for (int i = 0; i < n; i++) {
      if (targets[i] < 0) continue;
      double li = l[i];
      if (li > tau) {
        if (truncate) continue;
        li = tau;                  // capped: constant in ℓ_i, no gradient
        total += (1 - lambda) * li + lambda * (Math.abs(li - b) + b);
        continue;
      }
      total += (1 - lambda) * li + lambda * (Math.abs(li - b) + b);
      weight[i] = (float) (((1 - lambda) + lambda * Math.signum(li - b)) / count);
    }
    Tensor out = Tensor.scalar(count == 0 ? 0f : (float) (total / count));
    if (Autograd.needsGrad(rows)) {
      Autograd.record(out, () -> {
        float g = out.gradArray()[out.gradOffset()];
        float[] dl = rows.gradArray();
        int go = rows.gradOffset();
        for (int i = 0; i < n; i++) dl[go + i] += g * weight[i];
      });
    }
    return out;
  }

  /** ∂L/∂ℓ_i for one row, n rows in all (the gradient-weight table; for tests and docs). */
  public static double gradientWeight(double loss, double flood, double lambda, double disaster, int n) {
    if (loss > disaster) return 0;
    return ((1 - lambda) + lambda * Math.signum(loss - flood)) / n;
  }
}
