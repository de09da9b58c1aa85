package orphic.engine.ref;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scalar double-precision reference kernels for matmul, linear, causal attention, embedding,
 * concat/split and the reductions: forward and backward, written as the plainest loops over the
 * definitions. They define the semantics the float32 ops are tested against, and are themselves
 * checked against finite differences.
 *
 * <p>Arrays are row-major. Backward functions take the upstream gradient of the output and return
 * fresh gradients for the inputs.
 */
public final class RefOpsA {
  private RefOpsA() {}

  // ---------------------------------------------------------------- helpers

  public static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) d[i] = x[i];
    return d;
  }

  /** Uniform values in [-1, 1), seeded. */
  public static double[] random(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = r.nextDouble() * 2 - 1;
    return x;
  }

  /** Σ r ⊙ y: the scalar loss through which reference gradients are checked. */
  public static double weighted(double[] r, double[] y) {
    double s = 0;
    for (int i = 0; i < y.length; i++) s += r[i] * y[i];
    return s;
  }

  // ---------------------------------------------------------------- matmul

  /** a [batch, M, K] · b [batch, K, N] (or b [K, N] when shared) → [batch, M, N]. */
  public static double[] matmul(double[] a, double[] b, int batch, int m, int k, int n, boolean shared) {
    double[] c = new double[batch * m * n];
    for (int t = 0; t < batch; t++) {
      int bo = shared ? 0 : t * k * n;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int p = 0; p < k; p++) s += a[t * m * k + i * k + p] * b[bo + p * n + j];
          c[t * m * n + i * n + j] = s;
        }
      }
    }
    return c;
  }

  public record MatMulGrads(double[] da, double[] db) {}

  /** dA = dC·Bᵀ, dB = Aᵀ·dC (summed over batches when b is shared). */
  public static MatMulGrads matmulBackward(double[] a, double[] b, double[] dc, int batch, int m, int k, int n, boolean shared) {
    double[] da = new double[a.length];
    double[] db = new double[b.length];
    for (int t = 0; t < batch; t++) {
      int bo = shared ? 0 : t * k * n;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double g = dc[t * m * n + i * n + j];
          for (int p = 0; p < k; p++) {
            da[t * m * k + i * k + p] += g * b[bo + p * n + j];
            db[bo + p * n + j] += g * a[t * m * k + i * k + p];
          }
        }
      }
    }
    return new MatMulGrads(da, db);
  }

  // ---------------------------------------------------------------- linear

  /** x [N, In], w [Out, In], bias [Out] or null → y [N, Out] = x·Wᵀ + b. */
  public static double[] linear(double[] x, double[] w, double[] bias, int rows, int in, int out) {
    double[] y = new double[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double s = bias == null ? 0 : bias[o];
        for (int i = 0; i < in; i++) s += x[r * in + i] * w[o * in + i];
        y[r * out + o] = s;
      }
    }
    return y;
  }

  public record LinearGrads(double[] dx, double[] dw, double[] db) {}

  public static LinearGrads linearBackward(double[] x, double[] w, double[] dy, int rows, int in, int out) {
    double[] dx = new double[rows * in];
    double[] dw = new double[out * in];
    double[] db = new double[out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double g = dy[r * out + o];
        db[o] += g;
        for (int i = 0; i < in; i++) {
          dx[r * in + i] += g * w[o * in + i];
          dw[o * in + i] += g * x[r * in + i];
        }
      }
    }
    return new LinearGrads(dx, dw, db);
  }

  // ---------------------------------------------------------------- causal attention

  /** Sizes of an attention problem: q, k, v [B, T, H·d]; extras [H, S, d]; offsets [H, S]. */
  public record AttentionShape(int batch, int time, int heads, int headDim, int extras) {
    public int channels() {
      return heads * headDim;
    }
  }

  /** Output [B, T, C] and probabilities [B, H, T, T+S] (masked entries 0). */
  public record AttentionResult(double[] out, double[] probs) {}

  /**
   * Multi-head causal attention with S extra rows; extraKeys, extraValues [H, S, d] and offsets
   * [H, S] may each be null (zero).
   */
  public static AttentionResult attention(double[] q, double[] k, double[] v, double[] extraKeys, double[] extraValues,
      double[] offsets, AttentionShape sh) {
    int bN = sh.batch(), t = sh.time(), h = sh.heads(), d = sh.headDim(), s = sh.extras(), c = sh.channels(), l = t + s;
    double scale = 1 / Math.sqrt(d);
    double[] out = new double[bN * t * c];
    double[] probs = new double[bN * h * t * l];
    for (int b = 0; b < bN; b++) {
      for (int hh = 0; hh < h; hh++) {
        for (int i = 0; i < t; i++) {
          double[] logit = new double[l];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < l; j++) {
            if (j < t && j > i) continue;
            double z = 0;
            for (int e = 0; e < d; e++) z += q[at(b, i, hh, e, sh)] * key(k, extraKeys, b, j, hh, e, sh);
            z *= scale;
            if (j >= t && offsets != null) z += offsets[hh * s + (j - t)];
            logit[j] = z;
            max = Math.max(max, z);
          }
          double sum = 0;
          for (int j = 0; j < l; j++) {
            if (j < t && j > i) continue;
            sum += Math.exp(logit[j] - max);
          }
          int pr = ((b * h + hh) * t + i) * l;
          for (int j = 0; j < l; j++) {
            if (j < t && j > i) continue;
            double p = Math.exp(logit[j] - max) / sum;
            probs[pr + j] = p;
            for (int e = 0; e < d; e++) out[at(b, i, hh, e, sh)] += p * key(v, extraValues, b, j, hh, e, sh);
          }
        }
      }
    }
    return new AttentionResult(out, probs);
  }

  public record AttentionGrads(double[] dq, double[] dk, double[] dv, double[] dExtraKeys, double[] dExtraValues,
      double[] dOffsets) {}

  public static AttentionGrads attentionBackward(double[] q, double[] k, double[] v, double[] extraKeys,
      double[] extraValues, double[] offsets, double[] dout, AttentionShape sh) {
    int bN = sh.batch(), t = sh.time(), h = sh.heads(), d = sh.headDim(), s = sh.extras(), l = t + s;
    double scale = 1 / Math.sqrt(d);
    double[] probs = attention(q, k, v, extraKeys, extraValues, offsets, sh).probs();
    double[] dq = new double[q.length], dk = new double[k.length], dv = new double[v.length];
    double[] dke = new double[h * s * d], dve = new double[h * s * d], doff = new double[h * s];
    for (int b = 0; b < bN; b++) {
      for (int hh = 0; hh < h; hh++) {
        for (int i = 0; i < t; i++) {
          int pr = ((b * h + hh) * t + i) * l;
          double[] dp = new double[l];
          double dot = 0;
          for (int j = 0; j < l; j++) {
            if (j < t && j > i) continue;
            double g = 0;
            for (int e = 0; e < d; e++) g += dout[at(b, i, hh, e, sh)] * key(v, extraValues, b, j, hh, e, sh);
            dp[j] = g;
            dot += probs[pr + j] * g;
          }
          for (int j = 0; j < l; j++) {
            if (j < t && j > i) continue;
            double p = probs[pr + j];
            double ds = p * (dp[j] - dot);
            for (int e = 0; e < d; e++) {
              double go = dout[at(b, i, hh, e, sh)];
              double qv = q[at(b, i, hh, e, sh)];
              dq[at(b, i, hh, e, sh)] += scale * ds * key(k, extraKeys, b, j, hh, e, sh);
              if (j < t) {
                dk[at(b, j, hh, e, sh)] += scale * ds * qv;
                dv[at(b, j, hh, e, sh)] += p * go;
              } else {
                dke[(hh * s + j - t) * d + e] += scale * ds * qv;
                dve[(hh * s + j - t) * d + e] += p * go;
              }
            }
            if (j >= t) doff[hh * s + j - t] += ds;
          }
        }
      }
    }
    return new AttentionGrads(dq, dk, dv, dke, dve, doff);
  }

  /** Index of element e of head hh at time i of batch b in a [B, T, C] array. */
  private static int at(int b, int i, int hh, int e, AttentionShape sh) {
    return (b * sh.time() + i) * sh.channels() + hh * sh.headDim() + e;
  }

  /** Component e of key (or value) row j of head hh: the causal rows, then the S extras (zero when absent). */
  private static double key(double[] x, double[] extra, int b, int j, int hh, int e, AttentionShape sh) {
    if (j < sh.time()) return x[at(b, j, hh, e, sh)];
    if (extra == null) return 0;
    return extra[(hh * sh.extras() + j - sh.time()) * sh.headDim() + e];
  }

  // ---------------------------------------------------------------- embedding

  /** table [V, C], ids [N] → [N, C]. */
  public static double[] embedding(double[] table, int c, int[] ids) {
    double[] out = new double[ids.length * c];
    for (int i = 0; i < ids.length; i++) System.arraycopy(table, ids[i] * c, out, i * c, c);
    return out;
  }

  /** dTable [V, C] = Σ over positions of dOut rows, by id. */
  public static double[] embeddingBackward(double[] dout, int v, int c, int[] ids) {
    double[] dt = new double[v * c];
    for (int i = 0; i < ids.length; i++) {
      for (int j = 0; j < c; j++) dt[ids[i] * c + j] += dout[i * c + j];
    }
    return dt;
  }

  // ---------------------------------------------------------------- concat / split

  /** Parts [outer, sizes[p], inner] → [outer, Σsizes, inner]. */
  public static double[] concat(List<double[]> parts, int outer, int[] sizes, int inner) {
    int total = 0;
    for (int s : sizes) total += s;
    double[] out = new double[outer * total * inner];
    for (int o = 0; o < outer; o++) {
      int at = 0;
      for (int p = 0; p < parts.size(); p++) {
        for (int a = 0; a < sizes[p]; a++) {
          for (int i = 0; i < inner; i++) out[(o * total + at + a) * inner + i] = parts.get(p)[(o * sizes[p] + a) * inner + i];
        }
        at += sizes[p];
      }
    }
    return out;
  }

  /** Gradient of concat: the output gradient cut back into parts (which is exactly split). */
  public static List<double[]> concatBackward(double[] dout, int outer, int[] sizes, int inner) {
    return split(dout, outer, sizes, inner);
  }

  /** x [outer, Σsizes, inner] → parts [outer, sizes[p], inner]. */
  public static List<double[]> split(double[] x, int outer, int[] sizes, int inner) {
    int total = 0;
    for (int s : sizes) total += s;
    List<double[]> parts = new ArrayList<>();
    int at = 0;
    for (int size : sizes) {
      double[] part = new double[outer * size * inner];
      for (int o = 0; o < outer; o++) {
        for (int a = 0; a < size; a++) {
          for (int i = 0; i < inner; i++) part[(o * size + a) * inner + i] = x[(o * total + at + a) * inner + i];
        }
      }
      parts.add(part);
      at += size;
    }
    return parts;
  }

  /** Gradient of split: the parts' gradients pasted back together (which is exactly concat). */
  public static double[] splitBackward(List<double[]> dparts, int outer, int[] sizes, int inner) {
    return concat(dparts, outer, sizes, inner);
  }

  // ---------------------------------------------------------------- reductions

  public static double sum(double[] x) {
    double s = 0;
    for (double v : x) s += v;
    return s;
  }

  public static double[] sumBackward(int n, double g) {
    double[] dx = new double[n];
    java.util.Arrays.fill(dx, g);
    return dx;
  }

  public static double mean(double[] x) {
    return sum(x) / x.length;
  }

  public static double[] meanBackward(int n, double g) {
    return sumBackward(n, g / n);
  }

  /** x [N, C] → [N]. */
  public static double[] sumLastAxis(double[] x, int rows, int c) {
    double[] out = new double[rows];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < c; j++) out[r] += x[r * c + j];
    }
    return out;
  }

  public static double[] sumLastAxisBackward(double[] g, int rows, int c) {
    double[] dx = new double[rows * c];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < c; j++) dx[r * c + j] = g[r];
    }
    return dx;
  }
}
