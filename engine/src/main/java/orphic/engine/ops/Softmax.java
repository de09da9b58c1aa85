package orphic.engine.ops;

import static orphic.engine.ops.RowKernels.L;
import static orphic.engine.ops.RowKernels.S;

import jdk.incubator.vector.FloatVector;
import orphic.engine.kernel.VectorMath;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Shape;
import orphic.engine.tensor.Tensor;

/**
 * Softmax and log-softmax over the last axis, x [..., C] → [..., C].
 *
 * <p>Both subtract the row maximum before exponentiating, so any finite logits are safe (±1e4
 * included); log-softmax is (x − max) − log Σ exp(x − max), never x − (max + log Σ …). A row that is entirely −∞ has no distribution and yields NaN.
 *
 * <p>Backward, from the output y alone (nothing else is saved):
 * softmax: dx = y ⊙ (dy − Σ dy ⊙ y); log-softmax: dx = dy − exp(y)·Σ dy.
 */
public final class Softmax {
  private Softmax() {}

  /** x [..., C] → [..., C], rows summing to 1. */
  public static Tensor softmax(Tensor x) {
    RowKernels.requireLastAxis("softmax", x);
    Tensor in = x.contiguous();
    int c = in.dim(-1), n = Shape.rows(in.shape());
    Tensor out = Tensor.empty(in.shape());
    if (in.size() == 0) return out;
    float[] xd = in.data(), yd = out.data();
    int xo = in.offset(), yo = out.offset();
    RowKernels.overRows(n, c, (r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        int p = r * c;
        float m = RowKernels.max(xd, xo + p, c);
        float s = VectorMath.exp(xd, xo + p, m, yd, yo + p, c);
        RowKernels.scaleInto(yd, yo + p, 1f / s, yd, yo + p, c);
      }
    });
    if (Autograd.needsGrad(in)) {
      Autograd.record(out, () -> {
        float[] dy = out.gradArray(), dx = in.gradArray();
        int dyo = out.gradOffset(), dxo = in.gradOffset();
        RowKernels.overRows(n, c, (r0, r1) -> {
          for (int r = r0; r < r1; r++) {
            int p = r * c;
            float d = RowKernels.dot(dy, dyo + p, yd, yo + p, c);
            softmaxGradientRow(yd, yo + p, dy, dyo + p, d, dx, dxo + p, c);
          }
        });
      });
    }
    return out;
  }

  /** x [..., C] → [..., C], log of the softmax: x − max − log Σ exp(x − max). */
  public static Tensor logSoftmax(Tensor x) {
    RowKernels.requireLastAxis("logSoftmax", x);
    Tensor in = x.contiguous();
    int c = in.dim(-1), n = Shape.rows(in.shape());
    Tensor out = Tensor.empty(in.shape());
    if (in.size() == 0) return out;
    float[] xd = in.data(), yd = out.data();
    int xo = in.offset(), yo = out.offset();
    RowKernels.overRows(n, c, (r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        int p = r * c;
        float m = RowKernels.max(xd, xo + p, c);
        // The output row holds the terms exp(x − max) until shiftTwiceInto overwrites it.
        float ls = (float) StrictMath.log(VectorMath.exp(xd, xo + p, m, yd, yo + p, c));
        shiftTwiceInto(xd, xo + p, m, ls, yd, yo + p, c);
      }
    });
    if (Autograd.needsGrad(in)) {
      Autograd.record(out, () -> {
        float[] dy = out.gradArray(), dx = in.gradArray();
        int dyo = out.gradOffset(), dxo = in.gradOffset();
        RowKernels.overRows(n, c, (r0, r1) -> {
          for (int r = r0; r < r1; r++) {
            int p = r * c;
            float s = RowKernels.sum(dy, dyo + p, c);
            logSoftmaxGradientRow(yd, yo + p, dy, dyo + p, s, dx, dxo + p, c);
          }
        });
      });
    }
    return out;
  }

  /**
   * out = (x − m) − ls over one row. Subtracting the max first keeps log-probabilities near the
   * top exact even for huge logits, where m + ls would be rounded to the logits' coarse ulp.
   */
  private static void shiftTwiceInto(float[] x, int xo, float m, float ls, float[] out, int oo, int c) {
    int i = 0;
    int bound = S.loopBound(c);
    FloatVector vm = FloatVector.broadcast(S, m), vl = FloatVector.broadcast(S, ls);
    for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).sub(vm).sub(vl).intoArray(out, oo + i);
    for (; i < c; i++) out[oo + i] = (x[xo + i] - m) - ls;
  }

  /** dx += y ⊙ (dy − d) over one row. */
  private static void softmaxGradientRow(float[] y, int yo, float[] dy, int dyo, float d, float[] dx, int dxo, int c) {
    int i = 0;
    int bound = S.loopBound(c);
    FloatVector vd = FloatVector.broadcast(S, d);
    for (; i < bound; i += L) {
      FloatVector.fromArray(S, dy, dyo + i).sub(vd).fma(FloatVector.fromArray(S, y, yo + i), FloatVector.fromArray(S, dx, dxo + i))
          .intoArray(dx, dxo + i);
    }
    for (; i < c; i++) dx[dxo + i] = Math.fma(dy[dyo + i] - d, y[yo + i], dx[dxo + i]);
  }

  /** dx += dy − exp(y)·s over one row; exp(y) goes through this thread's scratch row. */
  private static void logSoftmaxGradientRow(float[] y, int yo, float[] dy, int dyo, float s, float[] dx, int dxo, int c) {
    float[] p = RowKernels.scratch(c);
    VectorMath.exp(y, yo, 0f, p, 0, c);
    int i = 0;
    int bound = S.loopBound(c);
    FloatVector vs = FloatVector.broadcast(S, -s);
    for (; i < bound; i += L) {
      FloatVector.fromArray(S, p, i).fma(vs, FloatVector.fromArray(S, dy, dyo + i)).add(FloatVector.fromArray(S, dx, dxo + i))
          .intoArray(dx, dxo + i);
    }
    for (; i < c; i++) dx[dxo + i] += Math.fma(p[i], -s, dy[dyo + i]);
  }
}
