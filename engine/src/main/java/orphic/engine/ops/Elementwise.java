package orphic.engine.ops;

import static orphic.engine.ops.RowKernels.L;
import static orphic.engine.ops.RowKernels.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;

/**
 * Elementwise arithmetic with suffix broadcasting: a [..., *inner], b [*inner] (a's shape or any
 * suffix of it, down to a scalar) → a's shape. b repeats over a's leading axes, so a bias [C]
 * adds to every position of [B, T, C]; its gradient is the sum over those axes.
 *
 * <p>{@code add} and {@code mul} are symmetric, so either operand may be the broadcast one;
 * {@code sub} broadcasts b only. Non-contiguous inputs are copied first.
 */
public final class Elementwise {
  private Elementwise() {}

  private enum Kind { ADD, SUB, MUL }

  private static final int REDUCTION_BLOCK = 1024;

  /** a + b → a's shape (or b's, when a is the suffix). */
  public static Tensor add(Tensor a, Tensor b) {
    return binary("add", Kind.ADD, a, b);
  }

  /** a − b → a's shape; b is a's shape or a suffix of it. */
  public static Tensor sub(Tensor a, Tensor b) {
    return binary("sub", Kind.SUB, a, b);
  }

  /** a ⊙ b → a's shape (or b's, when a is the suffix). */
  public static Tensor mul(Tensor a, Tensor b) {
    return binary("mul", Kind.MUL, a, b);
  }

  /** s · a, any shape. */
  public static Tensor scale(Tensor a, float s) {
    Tensor x = a.contiguous();
    Tensor out = Tensor.empty(x.shape());
    float[] xd = x.data(), od = out.data();
    int xo = x.offset(), oo = out.offset();
    RowKernels.overElements(x.size(), (s0, s1) -> RowKernels.scaleInto(xd, xo + s0, s, od, oo + s0, s1 - s0));
    if (Autograd.needsGrad(x)) {
      Autograd.record(out, () -> {
        float[] g = out.gradArray(), xg = x.gradArray();
        int go = out.gradOffset(), xgo = x.gradOffset();
        RowKernels.overElements(x.size(), (s0, s1) -> RowKernels.axpy(s, g, go + s0, xg, xgo + s0, s1 - s0));
      });
    }
    return out;
  }

  /** True if {@code suffix}'s shape is the trailing part of {@code full}'s shape. */
  private static boolean isSuffix(Tensor suffix, Tensor full) {
    int[] s = suffix.shape(), f = full.shape();
    if (s.length > f.length) return false;
    return Arrays.equals(s, 0, s.length, f, f.length - s.length, f.length);
  }

  private static Tensor binary(String op, Kind kind, Tensor a0, Tensor b0) {
    Tensor big = a0, small = b0;
    if (!isSuffix(b0, a0)) {
      if (kind != Kind.SUB && isSuffix(a0, b0)) {
        big = b0;
        small = a0;
      } else {
        throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a0.shape()) + " and " + Arrays.toString(b0.shape())
            + " do not broadcast; the second operand must have the first's shape or a suffix of it"
            + " (e.g. a bias [C] on [B, T, C])");
      }
    }
    Tensor a = big.contiguous(), b = small.contiguous();
    int n = a.size(), inner = b.size();
    Tensor out = Tensor.empty(a.shape());
    if (n == 0) return out;
    float[] ad = a.data(), bd = b.data(), od = out.data();
    int ao = a.offset(), bo = b.offset(), oo = out.offset();
    if (inner == n) {
      RowKernels.overElements(n, (s, e) -> combine(kind, ad, ao + s, bd, bo + s, od, oo + s, e - s));
    } else if (inner == 1) {
      float bv = bd[bo];
      RowKernels.overElements(n, (s, e) -> combineScalar(kind, ad, ao + s, bv, od, oo + s, e - s));
    } else {
      RowKernels.overRows(n / inner, inner, (r0, r1) -> {
        for (int r = r0; r < r1; r++) combine(kind, ad, ao + r * inner, bd, bo, od, oo + r * inner, inner);
      });
    }
    if (Autograd.needsGrad(a, b)) Autograd.record(out, () -> backward(kind, a, b, out));
    return out;
  }

  /** out = a ∘ b over n elements. */
  private static void combine(Kind kind, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    switch (kind) {
      case ADD -> {
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i];
      }
      case SUB -> {
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i];
      }
      case MUL -> {
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i];
      }
    }
  }

  /** out = a ∘ b for a scalar b, over n elements. */
  private static void combineScalar(Kind kind, float[] a, int ao, float b, float[] out, int oo, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    FloatVector vb = FloatVector.broadcast(S, b);
    switch (kind) {
      case ADD -> {
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(vb).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] + b;
      }
      case SUB -> {
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(vb).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] - b;
      }
      case MUL -> {
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(vb).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = a[ao + i] * b;
      }
    }
  }

  // a [rows, inner], b [inner], out [rows, inner]: ga += g (⊙ b); gb += Σ_rows ±g (⊙ a).
  private static void backward(Kind kind, Tensor a, Tensor b, Tensor out) {
    int n = a.size(), inner = b.size(), rows = n / inner;
    float[] g = out.gradArray();
    int go = out.gradOffset();
    float[] ad = a.data(), bd = b.data();
    int ao = a.offset(), bo = b.offset();
    if (a.requiresGrad()) {
      float[] ag = a.gradArray();
      int ago = a.gradOffset();
      if (kind != Kind.MUL) {
        RowKernels.overElements(n, (s, e) -> RowKernels.accumulate(g, go + s, ag, ago + s, e - s));
      } else if (inner == n) {
        RowKernels.overElements(n, (s, e) -> RowKernels.accumulateProduct(g, go + s, bd, bo + s, ag, ago + s, e - s));
      } else if (inner == 1) {
        float bv = bd[bo];
        RowKernels.overElements(n, (s, e) -> RowKernels.axpy(bv, g, go + s, ag, ago + s, e - s));
      } else {
        RowKernels.overRows(rows, inner, (r0, r1) -> {
          for (int r = r0; r < r1; r++) RowKernels.accumulateProduct(g, go + r * inner, bd, bo, ag, ago + r * inner, inner);
        });
      }
    }
    if (b.requiresGrad()) {
      float[] bg = b.gradArray();
      int bgo = b.gradOffset();
      if (inner == 1) {
        // A full reduction, serial so its order never depends on the thread count: vector sums
        // over blocks, the block sums added in double (a long float sum would lose digits).
        double s = 0;
        for (int k = 0; k < n; k += REDUCTION_BLOCK) {
          int w = Math.min(REDUCTION_BLOCK, n - k);
          s += kind == Kind.MUL ? RowKernels.dot(g, go + k, ad, ao + k, w) : RowKernels.sum(g, go + k, w);
        }
        bg[bgo] += (float) (kind == Kind.SUB ? -s : s);
        return;
      }
      // Split over columns of b; each column sums its rows in order.
      RowKernels.overColumns(inner, rows, (j0, j1) -> {
        int w = j1 - j0;
        for (int r = 0; r < rows; r++) {
          int p = r * inner + j0;
          switch (kind) {
            case ADD -> RowKernels.accumulate(g, go + p, bg, bgo + j0, w);
            case SUB -> RowKernels.axpy(-1f, g, go + p, bg, bgo + j0, w);
            case MUL -> RowKernels.accumulateProduct(g, go + p, ad, ao + p, bg, bgo + j0, w);
          }
        }
      });
    }
  }
}
