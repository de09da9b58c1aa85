package orphic.engine.ops;

import java.util.Arrays;
import orphic.engine.autograd.Autograd;
import orphic.engine.kernel.Gemm;
import orphic.engine.kernel.Parallel;
import orphic.engine.tensor.Tensor;

/**
 * Batched matrix product, forward and backward, on {@link Gemm}.
 *
 * <p>a [..., M, K] · b [..., K, N] → [..., M, N], or a [..., M, K] · b [K, N] (b shared by every
 * batch). Each operand's last two axes are read in place when they form a row-major matrix or its
 * transpose (a {@link Tensor#transpose()} view): the layout becomes Gemm's trans flag and leading
 * dimension, so no copy is made. Any other layout is copied with {@link Tensor#contiguous()}.
 * Gradients are written straight into each operand's gradient buffer in that same layout (a
 * transposed view's gradient lives transposed in its root's buffer).
 */
public final class MatMul {
  private MatMul() {}

  /**
   * How a rank ≥ 2 tensor's last two axes sit in storage, for Gemm: the logical matrix is
   * rows × cols; {@code trans} means storage holds its transpose (cols × rows) with row stride
   * {@code ld}. {@code batchOffsets} gives each leading-axes index's element offset from the
   * tensor's own offset.
   */
  record Layout(int rows, int cols, boolean trans, int ld, int[] batchOffsets) {

    /** The storage row stride when batches are laid end to end (so they fuse into one Gemm), else -1. */
    int fusedRowStride() {
      if (trans) return -1;
      int step = rows * ld;
      for (int i = 0; i < batchOffsets.length; i++) if (batchOffsets[i] != i * step) return -1;
      return ld;
    }

    /** The layout of t's last two axes, or null if Gemm cannot read them in place. */
    static Layout of(Tensor t) {
      int[] shape = t.shape();
      int[] st = t.strides();
      int r = shape.length;
      int rows = shape[r - 2], cols = shape[r - 1];
      int rs = st[r - 2], cs = st[r - 1];
      boolean trans;
      int ld;
      if (cs == 1 || cols <= 1) {
        // Row-major: a single row or column has no meaningful stride along its length-1 axis.
        trans = false;
        ld = rows <= 1 ? Math.max(cols, 1) : rs;
        if (cols > 1 && cs != 1) return null;
        if (rows > 1 && ld < Math.max(cols, 1)) return null;
      } else if (rs == 1 || rows <= 1) {
        trans = true;
        ld = cs;
        if (ld < Math.max(rows, 1)) return null;
      } else {
        return null;
      }
      return new Layout(rows, cols, trans, ld, batchOffsets(shape, st, r - 2));
    }

    private static int[] batchOffsets(int[] shape, int[] strides, int batchAxes) {
      int n = 1;
      for (int i = 0; i < batchAxes; i++) n *= shape[i];
      int[] offsets = new int[n];
      int[] idx = new int[batchAxes];
      for (int b = 0; b < n; b++) {
        int p = 0;
        for (int a = 0; a < batchAxes; a++) p += idx[a] * strides[a];
        offsets[b] = p;
        for (int a = batchAxes - 1; a >= 0; a--) {
          if (++idx[a] < shape[a]) break;
          idx[a] = 0;
        }
      }
      return offsets;
    }
  }

  /** a [..., M, K] · b [..., K, N] or b [K, N] → [..., M, N]. */
  public static Tensor forward(Tensor a, Tensor b) {
    int[] as = a.shape(), bs = b.shape();
    if (as.length < 2 || bs.length < 2) {
      throw new IllegalArgumentException("matmul needs matrices (rank >= 2): got a " + Arrays.toString(as)
          + " and b " + Arrays.toString(bs) + "; reshape a vector to [1, K] or [K, 1]");
    }
    int r = as.length;
    int m = as[r - 2], k = as[r - 1];
    boolean shared = bs.length == 2;
    if (!shared && !Arrays.equals(Arrays.copyOf(as, r - 2), Arrays.copyOf(bs, bs.length - 2))) {
      throw new IllegalArgumentException("matmul: batch axes of a " + Arrays.toString(as) + " and b "
          + Arrays.toString(bs) + " differ; b must be [..., K, N] with a's leading axes, or [K, N]");
    }
    if (bs[bs.length - 2] != k) {
      throw new IllegalArgumentException("matmul: inner sizes differ, a " + Arrays.toString(as) + " has K = " + k
          + " but b " + Arrays.toString(bs) + " has K = " + bs[bs.length - 2]);
    }
    int n = bs[bs.length - 1];
    Layout la = Layout.of(a);
    if (la == null) {
      a = a.contiguous();
      la = Layout.of(a);
    }
    Layout lb = Layout.of(b);
    if (lb == null) {
      b = b.contiguous();
      lb = Layout.of(b);
    }
    int[] os = as.clone();
    os[r - 1] = n;
    Tensor out = Tensor.empty(os);
    int batches = la.batchOffsets().length;
    float[] ad = a.data(), bd = b.data(), od = out.data();
    int ao = a.offset(), bo = b.offset(), oo = out.offset();
    Layout fa = la, fb = lb;
    int fusedLd = fa.fusedRowStride();
    if (shared && fusedLd >= 0) {
      // All batches' rows are one tall matrix: one Gemm over batches·M rows.
      Gemm.sgemm(false, fb.trans(), batches * m, n, k, 1f, ad, ao, fusedLd, bd, bo, fb.ld(), 0f, od, oo, n);
    } else {
      forEachBatch(batches, m * n * k, bt -> Gemm.sgemm(fa.trans(), fb.trans(), m, n, k, 1f,
          ad, ao + fa.batchOffsets()[bt], fa.ld(),
          bd, bo + (shared ? 0 : fb.batchOffsets()[bt]), fb.ld(), 0f, od, oo + bt * m * n, n));
    }
    if (Autograd.needsGrad(a, b)) {
      Tensor ta = a, tb = b;
      Autograd.record(out, () -> backward(ta, tb, fa, fb, out, shared, m, n, k));
    }
    return out;
  }

  /** dA += dC·op(B)ᵀ and dB += op(A)ᵀ·dC, each written in its operand's storage layout. */
  private static void backward(Tensor a, Tensor b, Layout la, Layout lb, Tensor out, boolean shared, int m, int n, int k) {
    float[] g = out.gradArray();
    int go = out.gradOffset();
    float[] ad = a.data(), bd = b.data();
    int ao = a.offset(), bo = b.offset();
    int batches = la.batchOffsets().length;
    int fusedLd = la.fusedRowStride();
    if (a.requiresGrad()) {
      float[] ga = a.gradArray();
      int gao = a.gradOffset();
      if (shared && fusedLd >= 0) {
        Gemm.sgemm(false, !lb.trans(), batches * m, k, n, 1f, g, go, n, bd, bo, lb.ld(), 1f, ga, gao, fusedLd);
      } else {
        forEachBatch(batches, m * n * k, bt -> {
          int bOff = bo + (shared ? 0 : lb.batchOffsets()[bt]);
          int gOff = go + bt * m * n;
          int aOff = gao + la.batchOffsets()[bt];
          if (!la.trans()) {
            Gemm.sgemm(false, !lb.trans(), m, k, n, 1f, g, gOff, n, bd, bOff, lb.ld(), 1f, ga, aOff, la.ld());
          } else {
            // storage holds Aᵀ [K×M]: += op(B)·dCᵀ
            Gemm.sgemm(lb.trans(), true, k, m, n, 1f, bd, bOff, lb.ld(), g, gOff, n, 1f, ga, aOff, la.ld());
          }
        });
      }
    }
    if (b.requiresGrad()) {
      float[] gb = b.gradArray();
      int gbo = b.gradOffset();
      if (shared && fusedLd >= 0) {
        if (!lb.trans()) {
          Gemm.sgemm(true, false, k, n, batches * m, 1f, ad, ao, fusedLd, g, go, n, 1f, gb, gbo, lb.ld());
        } else {
          Gemm.sgemm(true, false, n, k, batches * m, 1f, g, go, n, ad, ao, fusedLd, 1f, gb, gbo, lb.ld());
        }
      } else {
        // A shared b sums over batches, so those run in order; separate b's can run side by side.
        Batch body = bt -> {
          int aOff = ao + la.batchOffsets()[bt];
          int gOff = go + bt * m * n;
          int bOff = gbo + (shared ? 0 : lb.batchOffsets()[bt]);
          if (!lb.trans()) {
            Gemm.sgemm(!la.trans(), false, k, n, m, 1f, ad, aOff, la.ld(), g, gOff, n, 1f, gb, bOff, lb.ld());
          } else {
            // storage holds Bᵀ [N×K]: += dCᵀ·op(A)
            Gemm.sgemm(true, la.trans(), n, k, m, 1f, g, gOff, n, ad, aOff, la.ld(), 1f, gb, bOff, lb.ld());
          }
        };
        if (shared) {
          for (int bt = 0; bt < batches; bt++) body.run(bt);
        } else {
          forEachBatch(batches, m * n * k, body);
        }
      }
    }
  }

  @FunctionalInterface
  private interface Batch {
    void run(int batch);
  }

  /** Below this many multiply-adds per batch, batches run in parallel (each Gemm on one thread). */
  private static final int SMALL_GEMM = 1 << 18;

  /**
   * Runs one Gemm per batch. Many small products go to the workers a batch at a time; otherwise
   * batches run in order and each Gemm parallelises inside. Either way each output element is
   * computed by one Gemm call, so results do not depend on the thread count.
   */
  private static void forEachBatch(int batches, long work, Batch body) {
    if (batches > 1 && work < SMALL_GEMM) {
      Parallel.range(batches, (s, e) -> {
        for (int bt = s; bt < e; bt++) body.run(bt);
      });
    } else {
      for (int bt = 0; bt < batches; bt++) body.run(bt);
    }
  }
}
