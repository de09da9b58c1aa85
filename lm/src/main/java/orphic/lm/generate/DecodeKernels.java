package orphic.lm.generate;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import orphic.engine.kernel.VectorMath;
import orphic.engine.ops.Gelu;

/**
 * The row kernels of incremental decoding: a few rows of activations against a transposed, padded
 * weight matrix ({@link DecoderWeights}), layer norm, GELU and one query's attention over a key/value
 * cache.
 *
 * <p>Determinism: every output element is one fused multiply-add chain in a fixed order (the
 * input index ascending), whatever the number of rows, the tile that computed it or the thread
 * that ran it; lane sums go through {@link VectorMath#sum} and exponentials through
 * {@link VectorMath#exp}. So a row decoded alone and the same row decoded among N streams give the
 * same bits, interpreted or compiled.
 */
final class DecodeKernels {
  private DecodeKernels() {}

  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));

  // ---------------------------------------------------------------- rows × matrix

  /**
   * y[r, j0..j1) (+)= x[r, 0..in) · W[0..in, j0..j1) + b[j0..j1) for rows r in [0, m).
   * W is [in, ldw] row-major; j0, j1 multiples of L. Shapes: x [m, xs], y [m, ys].
   * residual: y = y + (x·W + b); else y = x·W + b.
   */
  static void linear(float[] x, int xs, int m, int in, float[] w, int ldw, float[] b,
      float[] y, int ys, boolean residual, int j0, int j1) {
    int j = j0;
    for (; j + 4 * L <= j1; j += 4 * L) {
      int r = 0;
      for (; r + 4 <= m; r += 4) tile4x4(x, r * xs, xs, in, w, ldw, j, b, y, r * ys, ys, residual);
      for (; r < m; r++) tile1x4(x, r * xs, in, w, ldw, j, b, y, r * ys, residual);
    }
    for (; j < j1; j += L) {
      int r = 0;
      for (; r + 4 <= m; r += 4) tile4x1(x, r * xs, xs, in, w, ldw, j, b, y, r * ys, ys, residual);
      for (; r < m; r++) tile1x1(x, r * xs, in, w, ldw, j, b, y, r * ys, residual);
    }
  }

  private static void store(FloatVector acc, float[] b, int j, float[] y, int yi, boolean residual) {
    FloatVector v = acc.add(FloatVector.fromArray(S, b, j));
    if (residual) v = FloatVector.fromArray(S, y, yi).add(v);
    v.intoArray(y, yi);
  }

  // 4 rows × 4 vectors: 16 accumulators; each step loads 4 weight vectors shared by 4 rows.
  private static void tile4x4(float[] x, int xi, int xs, int in, float[] w, int ldw, int j, float[] b,
      float[] y, int yi, int ys, boolean residual) {
    FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
    FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
    FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
    FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
    int x0 = xi, x1 = xi + xs, x2 = x1 + xs, x3 = x2 + xs;
    for (int p = 0, wi = j; p < in; p++, wi += ldw) {
      FloatVector w0 = FloatVector.fromArray(S, w, wi);
      FloatVector w1 = FloatVector.fromArray(S, w, wi + L);
      FloatVector w2 = FloatVector.fromArray(S, w, wi + 2 * L);
      FloatVector w3 = FloatVector.fromArray(S, w, wi + 3 * L);
      FloatVector v = FloatVector.broadcast(S, x[x0 + p]);
      a00 = v.fma(w0, a00);
      a01 = v.fma(w1, a01);
      a02 = v.fma(w2, a02);
      a03 = v.fma(w3, a03);
      v = FloatVector.broadcast(S, x[x1 + p]);
      a10 = v.fma(w0, a10);
      a11 = v.fma(w1, a11);
      a12 = v.fma(w2, a12);
      a13 = v.fma(w3, a13);
      v = FloatVector.broadcast(S, x[x2 + p]);
      a20 = v.fma(w0, a20);
      a21 = v.fma(w1, a21);
      a22 = v.fma(w2, a22);
      a23 = v.fma(w3, a23);
      v = FloatVector.broadcast(S, x[x3 + p]);
      a30 = v.fma(w0, a30);
      a31 = v.fma(w1, a31);
      a32 = v.fma(w2, a32);
      a33 = v.fma(w3, a33);
    }
    store(a00, b, j, y, yi + j, residual);
    store(a01, b, j + L, y, yi + j + L, residual);
    store(a02, b, j + 2 * L, y, yi + j + 2 * L, residual);
    store(a03, b, j + 3 * L, y, yi + j + 3 * L, residual);
    yi += ys;
    store(a10, b, j, y, yi + j, residual);
    store(a11, b, j + L, y, yi + j + L, residual);
    store(a12, b, j + 2 * L, y, yi + j + 2 * L, residual);
    store(a13, b, j + 3 * L, y, yi + j + 3 * L, residual);
    yi += ys;
    store(a20, b, j, y, yi + j, residual);
    store(a21, b, j + L, y, yi + j + L, residual);
    store(a22, b, j + 2 * L, y, yi + j + 2 * L, residual);
    store(a23, b, j + 3 * L, y, yi + j + 3 * L, residual);
    yi += ys;
    store(a30, b, j, y, yi + j, residual);
    store(a31, b, j + L, y, yi + j + L, residual);
    store(a32, b, j + 2 * L, y, yi + j + 2 * L, residual);
    store(a33, b, j + 3 * L, y, yi + j + 3 * L, residual);
  }

  private static void tile1x4(float[] x, int xi, int in, float[] w, int ldw, int j, float[] b,
      float[] y, int yi, boolean residual) {
    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
    for (int p = 0, wi = j; p < in; p++, wi += ldw) {
      FloatVector v = FloatVector.broadcast(S, x[xi + p]);
      a0 = v.fma(FloatVector.fromArray(S, w, wi), a0);
      a1 = v.fma(FloatVector.fromArray(S, w, wi + L), a1);
      a2 = v.fma(FloatVector.fromArray(S, w, wi + 2 * L), a2);
      a3 = v.fma(FloatVector.fromArray(S, w, wi + 3 * L), a3);
    }
    store(a0, b, j, y, yi + j, residual);
    store(a1, b, j + L, y, yi + j + L, residual);
    store(a2, b, j + 2 * L, y, yi + j + 2 * L, residual);
    store(a3, b, j + 3 * L, y, yi + j + 3 * L, residual);
  }

  private static void tile4x1(float[] x, int xi, int xs, int in, float[] w, int ldw, int j, float[] b,
      float[] y, int yi, int ys, boolean residual) {
    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
    int x0 = xi, x1 = xi + xs, x2 = x1 + xs, x3 = x2 + xs;
    for (int p = 0, wi = j; p < in; p++, wi += ldw) {
      FloatVector wv = FloatVector.fromArray(S, w, wi);
      a0 = FloatVector.broadcast(S, x[x0 + p]).fma(wv, a0);
      a1 = FloatVector.broadcast(S, x[x1 + p]).fma(wv, a1);
      a2 = FloatVector.broadcast(S, x[x2 + p]).fma(wv, a2);
      a3 = FloatVector.broadcast(S, x[x3 + p]).fma(wv, a3);
    }
    store(a0, b, j, y, yi + j, residual);
    store(a1, b, j, y, yi + ys + j, residual);
    store(a2, b, j, y, yi + 2 * ys + j, residual);
    store(a3, b, j, y, yi + 3 * ys + j, residual);
  }

  private static void tile1x1(float[] x, int xi, int in, float[] w, int ldw, int j, float[] b,
      float[] y, int yi, boolean residual) {
    FloatVector a = FloatVector.zero(S);
    for (int p = 0, wi = j; p < in; p++, wi += ldw) a = FloatVector.broadcast(S, x[xi + p]).fma(FloatVector.fromArray(S, w, wi), a);
    store(a, b, j, y, yi + j, residual);
  }

  // ---------------------------------------------------------------- row ops

  /** out[o..o+width) = layerNorm(x[xi..xi+c)) · γ + β, padding (c..width) zero via γ = β = 0 there. */
  static void layerNorm(float[] x, int xi, int c, int width, float[] gamma, float[] beta, float eps, float[] out, int oi) {
    float mean = sum(x, xi, c) / c;
    FloatVector vm = FloatVector.broadcast(S, mean);
    int bound = S.loopBound(c), i = 0;
    float ss = 0f;
    if (bound > 0) {
      FloatVector acc = FloatVector.zero(S);
      for (; i < bound; i += L) {
        FloatVector d = FloatVector.fromArray(S, x, xi + i).sub(vm);
        acc = d.fma(d, acc);
      }
      ss = VectorMath.sum(acc);
    }
    for (; i < c; i++) {
      float d = x[xi + i] - mean;
      ss = Math.fma(d, d, ss);
    }
    float rs = (float) (1 / Math.sqrt(ss / c + eps));
    FloatVector vr = FloatVector.broadcast(S, rs);
    for (i = 0; i < width; i += L) {
      FloatVector h = FloatVector.fromArray(S, x, xi + i).sub(vm).mul(vr);
      h.fma(FloatVector.fromArray(S, gamma, i), FloatVector.fromArray(S, beta, i)).intoArray(out, oi + i);
    }
  }

  /** Σ x[o..o+n) in a fixed order: lanes accumulate, then {@link VectorMath#sum}, then the tail. */
  static float sum(float[] x, int o, int n) {
    int bound = S.loopBound(n), i = 0;
    float s = 0f;
    if (bound > 0) {
      FloatVector acc = FloatVector.zero(S);
      for (; i < bound; i += L) acc = acc.add(FloatVector.fromArray(S, x, o + i));
      s = VectorMath.sum(acc);
    }
    for (; i < n; i++) s += x[o + i];
    return s;
  }

  /** In place over x[o..o+n): exact GELU, ½x(1 + erf(x/√2)), with the engine's float erf. */
  static void gelu(float[] x, int o, int n) {
    for (int i = o, e = o + n; i < e; i++) {
      float v = x[i];
      x[i] = 0.5f * v * (1f + Gelu.erf(v * INV_SQRT2));
    }
  }

  /** y[yi..yi+n) = a[ai..) + b[bi..), n a multiple of L. */
  static void add(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
    for (int i = 0; i < n; i += L) {
      FloatVector.fromArray(S, a, ai + i).add(FloatVector.fromArray(S, b, bi + i)).intoArray(y, yi + i);
    }
  }

  // ---------------------------------------------------------------- attention

  /**
   * One query's causal attention over n cached positions, all heads.
   * q at q[qi..qi+C); keys kt [C, tp] (channel-major: key j of channel c at c·tp + j, tp a
   * multiple of L); values v [T, vs] (value j at j·vs); scores scratch [tp]; out at out[oi..oi+C).
   * Per head h (channels h·d..h·d+d−1): s_j = q·k_j/√d, p = softmax(s), out = Σ_j p_j v_j.
   */
  static void attention(float[] q, int qi, float[] kt, int tp, float[] v, int vs, int n, int heads, int d,
      float scale, float[] scores, float[] out, int oi) {
    int np = (n + L - 1) / L * L;
    for (int h = 0; h < heads; h++) {
      int c0 = h * d;
      scoresOf(q, qi + c0, kt, c0 * tp, tp, d, np, scores);
      // scale, max over the n live scores (the rest of the last vector is stale and ignored)
      float max = Float.NEGATIVE_INFINITY;
      int bound = S.loopBound(n), j = 0;
      if (bound > 0) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; j < bound; j += L) {
          FloatVector s = FloatVector.fromArray(S, scores, j).mul(scale);
          s.intoArray(scores, j);
          m = m.max(s);
        }
        max = m.reduceLanes(VectorOperators.MAX); // exact in any order, unlike ADD
      }
      for (; j < n; j++) {
        float s = scores[j] * scale;
        scores[j] = s;
        max = Math.max(max, s);
      }
      // exponentials and their sum, in a fixed order
      float total = 0f;
      FloatVector vmax = FloatVector.broadcast(S, max);
      j = 0;
      if (bound > 0) {
        FloatVector acc = FloatVector.zero(S);
        for (; j < bound; j += L) {
          FloatVector e = VectorMath.exp(FloatVector.fromArray(S, scores, j).sub(vmax));
          e.intoArray(scores, j);
          acc = acc.add(e);
        }
        total = VectorMath.sum(acc);
      }
      for (; j < n; j++) {
        float e = VectorMath.exp(scores[j] - max);
        scores[j] = e;
        total += e;
      }
      weightedValues(scores, n, v, vs, c0, d, 1f / total, out, oi + c0);
    }
  }

  /** scores[0..np) = Σ_c q[c]·kt[c, 0..np) over the d channels of one head (np a multiple of L). */
  private static void scoresOf(float[] q, int qi, float[] kt, int ki, int tp, int d, int np, float[] scores) {
    int j = 0;
    for (; j + 4 * L <= np; j += 4 * L) {
      FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
      for (int c = 0, k = ki + j; c < d; c++, k += tp) {
        FloatVector qc = FloatVector.broadcast(S, q[qi + c]);
        s0 = qc.fma(FloatVector.fromArray(S, kt, k), s0);
        s1 = qc.fma(FloatVector.fromArray(S, kt, k + L), s1);
        s2 = qc.fma(FloatVector.fromArray(S, kt, k + 2 * L), s2);
        s3 = qc.fma(FloatVector.fromArray(S, kt, k + 3 * L), s3);
      }
      s0.intoArray(scores, j);
      s1.intoArray(scores, j + L);
      s2.intoArray(scores, j + 2 * L);
      s3.intoArray(scores, j + 3 * L);
    }
    for (; j < np; j += L) {
      FloatVector s = FloatVector.zero(S);
      for (int c = 0, k = ki + j; c < d; c++, k += tp) s = FloatVector.broadcast(S, q[qi + c]).fma(FloatVector.fromArray(S, kt, k), s);
      s.intoArray(scores, j);
    }
  }

  /**
   * out[0..d) = inv · Σ_{j<n} e_j · v[j·vs + c0 ..]: four partial sums over j mod 4, combined as
   * (s0 + s1) + (s2 + s3), so the latency chains overlap and the order stays fixed.
   */
  private static void weightedValues(float[] e, int n, float[] v, int vs, int c0, int d, float inv, float[] out, int oi) {
    int c = 0;
    for (; c + L <= d; c += L) {
      FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
      int j = 0, vi = c0 + c;
      for (; j + 4 <= n; j += 4, vi += 4 * vs) {
        s0 = FloatVector.broadcast(S, e[j]).fma(FloatVector.fromArray(S, v, vi), s0);
        s1 = FloatVector.broadcast(S, e[j + 1]).fma(FloatVector.fromArray(S, v, vi + vs), s1);
        s2 = FloatVector.broadcast(S, e[j + 2]).fma(FloatVector.fromArray(S, v, vi + 2 * vs), s2);
        s3 = FloatVector.broadcast(S, e[j + 3]).fma(FloatVector.fromArray(S, v, vi + 3 * vs), s3);
      }
      for (; j < n; j++, vi += vs) s0 = FloatVector.broadcast(S, e[j]).fma(FloatVector.fromArray(S, v, vi), s0);
      s0.add(s1).add(s2.add(s3)).mul(inv).intoArray(out, oi + c);
    }
    // Heads narrower than a vector (or a ragged end): scalar, same grouping.
    for (; c < d; c++) {
      float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
      int j = 0, vi = c0 + c;
      for (; j + 4 <= n; j += 4, vi += 4 * vs) {
        s0 = Math.fma(e[j], v[vi], s0);
        s1 = Math.fma(e[j + 1], v[vi + vs], s1);
        s2 = Math.fma(e[j + 2], v[vi + 2 * vs], s2);
        s3 = Math.fma(e[j + 3], v[vi + 3 * vs], s3);
      }
      for (; j < n; j++, vi += vs) s0 = Math.fma(e[j], v[vi], s0);
      out[oi + c] = (s0 + s1 + (s2 + s3)) * inv;
    }
  }
}
