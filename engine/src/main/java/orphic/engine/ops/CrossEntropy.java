package orphic.engine.ops;

import static orphic.engine.ops.RowKernels.L;
import static orphic.engine.ops.RowKernels.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import orphic.engine.kernel.VectorMath;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Shape;
import orphic.engine.tensor.Tensor;

/**
 * Softmax cross-entropy, fused with the log-softmax, with label smoothing ε.
 *
 * <p>Per row i with target t_i and log-probabilities log p = x − logsumexp(x):
 * loss_i = (1 − ε)·(−log p_t) + ε·(−mean_j log p_j), i.e. the cross-entropy against the smoothed
 * target q = (1 − ε)·onehot(t) + ε/V. Rows whose target is −1 are ignored (loss 0, no gradient).
 * Gradient: d loss_i / d x_i = softmax(x_i) − q.
 *
 * <p>{@link #forward} reduces to a scalar, Σ_i w_i·loss_i / (number of non-ignored rows);
 * {@link #perRow} keeps the rows apart for losses that weigh samples themselves. Per row only the
 * max m and ls = log Σ exp(x − m) are saved (a [2, N] buffer); the backward recomputes the softmax
 * as exp((x − m) − ls), so no [N, V] probability buffer is kept. Keeping m and ls apart (rather
 * than m + ls) keeps the probabilities exact to float precision even for logits of ±1e4.
 */
public final class CrossEntropy {
  private CrossEntropy() {}

  /**
   * logits [..., V] (N rows), targets: N ids in [0, V) or −1 (ignored), weights: N per-row
   * weights or null (all 1), labelSmoothing ε in [0, 1) → scalar mean loss. When every row is
   * ignored the loss is 0.
   */
  public static Tensor forward(Tensor logits, int[] targets, float[] weights, float labelSmoothing) {
    int n = validate("crossEntropy", logits, targets, weights, labelSmoothing);
    Tensor in = logits.contiguous();
    int v = in.dim(-1);
    Tensor stats = Tensor.empty(2, n), rowLoss = Tensor.empty(n);
    float[] ld = rowLoss.data();
    int lo = rowLoss.offset();
    rowLosses(in, targets, labelSmoothing, ld, lo, stats);
    int count = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      if (targets[i] < 0) continue;
      count++;
      total += (weights == null ? 1.0 : weights[i]) * ld[lo + i];
    }
    Tensor out = Tensor.scalar(count == 0 ? 0f : (float) (total / count));
    if (Autograd.needsGrad(in)) {
      // The per-row losses are summed; reuse their buffer for each row's factor w_i / count.
      for (int i = 0; i < n; i++) {
        ld[lo + i] = targets[i] < 0 ? 0f : (weights == null ? 1f : weights[i]) / count;
      }
      int[] t = targets.clone(); // the caller may refill its batch arrays before backward runs
      Autograd.record(out, () -> {
        float g = out.gradArray()[out.gradOffset()];
        backwardRows(in, t, labelSmoothing, stats, ld, lo, g);
      });
    }
    return out;
  }

  /**
   * Per-row losses without the reduction: logits [..., V] → [...] (one loss per row, 0 for
   * ignored rows), with backward. targets and labelSmoothing as in {@link #forward}.
   */
  public static Tensor perRow(Tensor logits, int[] targets, float labelSmoothing) {
    int n = validate("crossEntropy.perRow", logits, targets, null, labelSmoothing);
    Tensor in = logits.contiguous();
    int[] shape = in.shape();
    Tensor out = Tensor.empty(Arrays.copyOf(shape, shape.length - 1));
    Tensor stats = Tensor.empty(2, n);
    rowLosses(in, targets, labelSmoothing, out.data(), out.offset(), stats);
    if (Autograd.needsGrad(in)) {
      int[] t = targets.clone();
      Autograd.record(out, () -> backwardRows(in, t, labelSmoothing, stats, out.gradArray(), out.gradOffset(), 1f));
    }
    return out;
  }

  /** Checks shapes, targets and ε; returns the number of rows N. */
  private static int validate(String op, Tensor logits, int[] targets, float[] weights, float eps) {
    RowKernels.requireLastAxis(op, logits);
    int v = logits.dim(-1), n = Shape.rows(logits.shape());
    if (v == 0) throw new IllegalArgumentException(op + ": logits " + Arrays.toString(logits.shape()) + " have an empty vocabulary axis");
    if (targets == null) throw new IllegalArgumentException(op + ": targets is null; pass one id per row (−1 to ignore a row)");
    if (targets.length != n) {
      throw new IllegalArgumentException(op + ": logits " + Arrays.toString(logits.shape()) + " hold " + n + " rows of V = " + v
          + " but targets has " + targets.length + " entries; pass one target per row");
    }
    if (weights != null && weights.length != n) {
      throw new IllegalArgumentException(op + ": logits " + Arrays.toString(logits.shape()) + " hold " + n
          + " rows but weights has " + weights.length + " entries; pass one weight per row, or null");
    }
    if (!(eps >= 0f && eps < 1f)) throw new IllegalArgumentException(op + ": labelSmoothing must be in [0, 1), got " + eps);
    for (int i = 0; i < n; i++) {
      int t = targets[i];
      if (t < -1 || t >= v) {
        throw new IllegalArgumentException(op + ": target " + t + " at row " + i + " is outside [0, " + v
            + ") for logits " + Arrays.toString(logits.shape()) + "; use −1 to ignore a row");
      }
    }
    return n;
  }

  // x [N, V] → loss [N] (0 for ignored rows); saves per row the max m and ls = log Σ exp(x − m) into stats [2, N].
  private static void rowLosses(Tensor x, int[] targets, float eps, float[] loss, int lo, Tensor stats) {
    float[] sd = stats.data();
    int mo = stats.offset(), lso = mo + targets.length;
    int v = x.dim(-1), n = Shape.rows(x.shape());
    float[] xd = x.data();
    int xo = x.offset();
    RowKernels.overRows(n, v, (r0, r1) -> {
      float[] terms = RowKernels.scratch(v);
      for (int r = r0; r < r1; r++) {
        int t = targets[r];
        if (t < 0) {
          loss[lo + r] = 0f;
          sd[mo + r] = 0f;
          sd[lso + r] = 0f;
          continue;
        }
        int p = xo + r * v;
        float m = RowKernels.max(xd, p, v);
        float ls = (float) StrictMath.log(VectorMath.exp(xd, p, m, terms, 0, v));
        sd[mo + r] = m;
        sd[lso + r] = ls;
        // −log p_t = (m − x_t) + ls: small terms first, never rounded through m + ls.
        float nll = (m - xd[p + t]) + ls;
        loss[lo + r] = eps == 0f ? nll : (1f - eps) * nll + eps * ((m - RowKernels.sum(xd, p, v) / v) + ls);
      }
    });
  }

  // dx_i += f_i·(softmax(x_i) − q_i) with f_i = factor[i]·mult, skipping ignored rows; stats [2, N] from rowLosses.
  private static void backwardRows(Tensor x, int[] targets, float eps, Tensor stats, float[] factor, int fo, float mult) {
    float[] sd = stats.data();
    int mo = stats.offset(), lso = mo + targets.length;
    int v = x.dim(-1), n = Shape.rows(x.shape());
    float[] xd = x.data(), dx = x.gradArray();
    int xo = x.offset(), dxo = x.gradOffset();
    float uniform = eps / v;
    RowKernels.overRows(n, v, (r0, r1) -> {
      float[] probs = RowKernels.scratch(v);
      for (int r = r0; r < r1; r++) {
        int t = targets[r];
        float f = factor[fo + r] * mult;
        if (t < 0 || f == 0f) continue;
        int p = r * v;
        softmaxMinusUniformRow(xd, xo + p, sd[mo + r], sd[lso + r], uniform, f, dx, dxo + p, probs, v);
        dx[dxo + p + t] -= f * (1f - eps);
      }
    });
  }

  /** dx += f·(exp((x − m) − ls) − u) over one row, in three passes through p (a scratch row of v). */
  private static void softmaxMinusUniformRow(float[] x, int xo, float m, float ls, float u, float f, float[] dx, int dxo,
      float[] p, int v) {
    int bound = S.loopBound(v);
    FloatVector vm = FloatVector.broadcast(S, m), vl = FloatVector.broadcast(S, ls);
    int i = 0;
    for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).sub(vm).sub(vl).intoArray(p, i);
    for (; i < v; i++) p[i] = (x[xo + i] - m) - ls;
    VectorMath.exp(p, 0, 0f, p, 0, v);
    FloatVector vu = FloatVector.broadcast(S, u), vf = FloatVector.broadcast(S, f);
    for (i = 0; i < bound; i += L) {
      FloatVector.fromArray(S, p, i).sub(vu).fma(vf, FloatVector.fromArray(S, dx, dxo + i)).intoArray(dx, dxo + i);
    }
    for (; i < v; i++) dx[dxo + i] = Math.fma(p[i] - u, f, dx[dxo + i]);
  }
}
