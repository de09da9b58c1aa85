package orphic.engine.ops;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import orphic.engine.autograd.Autograd;
import orphic.engine.kernel.Gemm;
import orphic.engine.kernel.Parallel;
import orphic.engine.kernel.VectorMath;
import orphic.engine.tensor.Tensor;

/**
 * Fused multi-head causal self-attention with optional extra ("void") key/value rows.
 *
 * <p>q, k, v [B, T, C], C = H·d, head h on channels h·d .. h·d+d−1 (nanoGPT's layout). For each
 * batch, head and query position i the logits are
 *
 * <pre>
 *   s_ij = q_i·k_j / √d + R_ij                for keys j ≤ i (the causal past, itself included)
 *   e_is = q_i·K̂_s / √d + o_s                 for the S extra rows (K̂ = extraKeys, o = offsets)
 *   p = softmax over [s_i0 .. s_ii, e_i0 .. e_i(S−1)]
 *   out_i = Σ_j p_ij v_j + Σ_s p_is V̂_s
 * </pre>
 *
 * R [B, H, T, T] is an optional residual score input (RealFormer: the previous layer's logits; absent
 * = 0); with keepScores the op also returns the logits s [B, H, T, T] (entries j &gt; i are 0), which
 * are differentiable, so a next layer can take them as its R.
 *
 * <p>An absent extraKeys or extraValues counts as zero rows, an absent offset as 0. So S = 1 with
 * only an offset tensor is a learnable per-head sink; at offset 0 it is softmax₁
 * (e^{x_i} / (1 + Σ_j e^{x_j})), and as the offset → −∞ it is vanilla attention.
 *
 * <p>The kernel runs over the B·H (batch, head) pairs in parallel; each pair does its products
 * with {@link Gemm} in row blocks that skip the masked upper triangle, and its softmax with the
 * row loops of {@link RowKernels} and {@link VectorMath}. The probabilities [B, H, T, T+S] (extras
 * in the last S columns) are saved for backward in a {@link Tensor#empty} buffer; masked entries
 * are zeroed only as far as the blocked products read them, unless the probabilities are kept
 * for the caller. When nothing needs them (no gradient, not kept) a per-thread [T, T+S] scratch
 * serves instead, so generation allocates only its output.
 */
public final class CausalAttention {
  private CausalAttention() {}

  /**
   * Optional extras, all null/false by default.
   * extraKeys, extraValues: [H, S, d] learnable key/value rows every query may attend to (besides the causal past);
   * extraLogitOffsets: [H, S] added to those rows' logits (S=1 with zero key and value = a per-head sink logit: softmax₁ at 0);
   * keepProbabilities: {@link #forwardWithProbabilities} returns the attention weights [B, H, T, T+S] for inspection;
   * residualScores: [B, H, T, T] added to the real keys' logits (entries j &gt; i are ignored);
   * keepScores: {@link #forwardWithProbabilities} returns the logits of the real keys [B, H, T, T] as a differentiable tensor;
   * dropConnections: share p ∈ [0, 1) of the off-diagonal causal pairs (i, j &lt; i) whose logit becomes −∞ (a stochastic
   * attention mask; the diagonal is never dropped, so every row keeps a finite maximum); dropSeed chooses which: pair
   * (batch b, head h, i, j) is dropped when a hash of (dropSeed, b·H + h, i, j) falls below p, so the mask is a pure
   * function of the seed and the same for any thread count. Dropped pairs get probability 0, hence no gradient: the
   * backward needs nothing more. The kept scores (keepScores) are the logits before the mask.
   */
  public record Options(Tensor extraKeys, Tensor extraValues, Tensor extraLogitOffsets, boolean keepProbabilities,
      Tensor residualScores, boolean keepScores, float dropConnections, long dropSeed) {
    public static final Options NONE = new Options(null, null, null, false);

    public Options {
      if (!(dropConnections >= 0 && dropConnections < 1)) {
        throw new IllegalArgumentException("causalAttention: dropConnections must be in [0, 1), got " + dropConnections);
      }
    }

    /** Without a stochastic mask. */
    public Options(Tensor extraKeys, Tensor extraValues, Tensor extraLogitOffsets, boolean keepProbabilities,
        Tensor residualScores, boolean keepScores) {
      this(extraKeys, extraValues, extraLogitOffsets, keepProbabilities, residualScores, keepScores, 0f, 0L);
    }

    /** Extras only, no residual scores. */
    public Options(Tensor extraKeys, Tensor extraValues, Tensor extraLogitOffsets, boolean keepProbabilities) {
      this(extraKeys, extraValues, extraLogitOffsets, keepProbabilities, null, false);
    }

    /** A learnable per-head sink: one zero key/value row with logit {@code offsets} [H, 1]. */
    public static Options sink(Tensor offsets) {
      return new Options(null, null, offsets, false);
    }

    /** These options with {@code keepProbabilities} set. */
    public Options keepingProbabilities() {
      return new Options(extraKeys, extraValues, extraLogitOffsets, true, residualScores, keepScores, dropConnections, dropSeed);
    }

    /** These options with a stochastic mask dropping share {@code p} of the off-diagonal pairs, drawn from {@code seed}. */
    public Options droppingConnections(float p, long seed) {
      return new Options(extraKeys, extraValues, extraLogitOffsets, keepProbabilities, residualScores, keepScores, p, seed);
    }

    /** These options with residual scores {@code r} [B, H, T, T] (or null) and {@code keepScores}. */
    public Options withScores(Tensor r, boolean keep) {
      return new Options(extraKeys, extraValues, extraLogitOffsets, keepProbabilities, r, keep, dropConnections, dropSeed);
    }

    /** S, the number of extra rows (0 without extras). */
    public int extras() {
      if (extraKeys != null) return extraKeys.rank() == 3 ? extraKeys.dim(1) : -1;
      if (extraValues != null) return extraValues.rank() == 3 ? extraValues.dim(1) : -1;
      if (extraLogitOffsets != null) return extraLogitOffsets.rank() == 2 ? extraLogitOffsets.dim(1) : -1;
      return 0;
    }
  }

  /**
   * What {@link #forwardWithProbabilities} returns: the output [B, T, C] and, when the options
   * asked to keep them, the attention weights [B, H, T, T+S] (else null). The weights are the
   * buffer backward reads: treat them as read-only; they live as long as any op output (until the
   * open arena, if any, is rewound). {@code scores}: the logits of the real keys [B, H, T, T] when
   * the options asked to keep them (else null).
   */
  public record Result(Tensor output, Tensor probabilities, int extras, Tensor scores) {
    /** The "void mass" [B, H, T]: the weight each query puts on the extra rows. */
    public Tensor extraMass() {
      if (probabilities == null) {
        throw new IllegalStateException("no probabilities were kept: run with Options.keepingProbabilities()");
      }
      return CausalAttention.extraMass(probabilities, extras);
    }
  }

  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  /** Rows per Gemm block: a block of queries only needs keys up to its last row. */
  private static final int BLOCK = 32;
  private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

  /** q, k, v [B, T, C] → [B, T, C]. */
  public static Tensor forward(Tensor q, Tensor k, Tensor v, int heads, Options options) {
    Options o = options == null ? Options.NONE : options;
    if (o.keepProbabilities() || o.keepScores()) o = new Options(o.extraKeys(), o.extraValues(), o.extraLogitOffsets(), false,
        o.residualScores(), false, o.dropConnections(), o.dropSeed());
    return forwardWithProbabilities(q, k, v, heads, o).output();
  }

  /** As {@link #forward}, also returning the probabilities when {@code options.keepProbabilities()}. */
  public static Result forwardWithProbabilities(Tensor q, Tensor k, Tensor v, int heads, Options options) {
    Options o = options == null ? Options.NONE : options;
    Problem pb = Problem.of(q, k, v, heads, o);
    boolean grad = Autograd.needsGrad(pb.q, pb.k, pb.v, pb.keT, pb.veT, pb.offT, pb.prevT);
    boolean save = grad || o.keepProbabilities();
    Tensor probs = save ? Tensor.empty(pb.b, pb.h, pb.t, pb.l) : null;
    Tensor scores = o.keepScores() ? Tensor.empty(pb.b, pb.h, pb.t, pb.t) : null;
    Tensor out = Tensor.empty(pb.b, pb.t, pb.c);
    boolean keep = o.keepProbabilities();
    Parallel.range(pb.b * pb.h, (u0, u1) -> {
      float[] p;
      int stride;
      int base;
      if (probs != null) {
        p = probs.data();
        base = probs.offset();
        stride = pb.t * pb.l;
      } else {
        p = scratch(pb.t * pb.l);
        base = 0;
        stride = 0;
      }
      for (int u = u0; u < u1; u++) pb.forwardUnit(u, p, base + u * stride, keep, out.data(), out.offset(), scores);
    });
    if (grad) {
      // One closure for both outputs: it runs after every consumer of out and of scores.
      if (scores != null) scores.requiresGrad(true);
      Autograd.record(out, () -> pb.backward(probs, out, scores));
    }
    return new Result(out, o.keepProbabilities() ? probs : null, pb.s, scores);
  }

  /** probabilities [B, H, T, T+S] → [B, H, T]: the mass on the last {@code extras} columns (no gradient). */
  public static Tensor extraMass(Tensor probabilities, int extras) {
    int[] ps = probabilities.shape();
    if (ps.length != 4 || extras < 0 || ps[3] != ps[2] + extras) {
      throw new IllegalArgumentException("extraMass: probabilities " + Arrays.toString(ps)
          + " are not [B, H, T, T+S] with S = " + extras);
    }
    Tensor p = probabilities.contiguous();
    int rows = ps[0] * ps[1] * ps[2], l = ps[3], t = ps[2];
    Tensor mass = Tensor.empty(ps[0], ps[1], ps[2]);
    float[] pd = p.data(), md = mass.data();
    for (int r = 0; r < rows; r++) {
      double m = 0;
      for (int s = 0; s < extras; s++) m += pd[p.offset() + r * l + t + s];
      md[mass.offset() + r] = (float) m;
    }
    return mass;
  }

  private static float[] scratch(int n) {
    float[] s = SCRATCH.get();
    if (s.length < n) {
      s = new float[n];
      SCRATCH.set(s);
    }
    return s;
  }

  /** One call's validated inputs and sizes; its methods are the per-(batch, head) kernels. */
  private static final class Problem {
    final Tensor q, k, v, keT, veT, offT, prevT;
    final int b, t, c, h, d, s, l;
    final float scale;
    final float drop;
    final long dropSeed;

    private Problem(Tensor q, Tensor k, Tensor v, Tensor keT, Tensor veT, Tensor offT, Tensor prevT, int heads, int s,
        float drop, long dropSeed) {
      this.drop = drop;
      this.dropSeed = dropSeed;
      this.q = q;
      this.k = k;
      this.v = v;
      this.keT = keT;
      this.veT = veT;
      this.offT = offT;
      this.prevT = prevT;
      this.b = q.dim(0);
      this.t = q.dim(1);
      this.c = q.dim(2);
      this.h = heads;
      this.d = c / heads;
      this.s = s;
      this.l = t + s;
      this.scale = (float) (1.0 / Math.sqrt(d));
    }

    static Problem of(Tensor q, Tensor k, Tensor v, int heads, Options o) {
      int[] qs = q.shape();
      if (qs.length != 3 || !Arrays.equals(qs, k.shape()) || !Arrays.equals(qs, v.shape())) {
        throw new IllegalArgumentException("causalAttention: q " + Arrays.toString(qs) + ", k " + Arrays.toString(k.shape())
            + " and v " + Arrays.toString(v.shape()) + " must all be [B, T, C]");
      }
      if (heads < 1 || qs[2] % heads != 0 || (qs[2] == 0)) {
        throw new IllegalArgumentException("causalAttention: C = " + qs[2] + " of q " + Arrays.toString(qs)
            + " must be a positive multiple of heads = " + heads);
      }
      int d = qs[2] / heads;
      int s = o.extras();
      checkExtra("extraKeys", o.extraKeys(), heads, s, d, qs);
      checkExtra("extraValues", o.extraValues(), heads, s, d, qs);
      Tensor off = o.extraLogitOffsets();
      if (off != null && (off.rank() != 2 || off.dim(0) != heads || off.dim(1) != s)) {
        throw new IllegalArgumentException("causalAttention: extraLogitOffsets " + Arrays.toString(off.shape())
            + " must be [H, S] = [" + heads + ", " + s + "] for q " + Arrays.toString(qs) + " and " + heads + " heads");
      }
      Tensor r = o.residualScores();
      if (r != null && (r.rank() != 4 || r.dim(0) != qs[0] || r.dim(1) != heads || r.dim(2) != qs[1] || r.dim(3) != qs[1])) {
        throw new IllegalArgumentException("causalAttention: residualScores " + Arrays.toString(r.shape()) + " must be [B, H, T, T] = ["
            + qs[0] + ", " + heads + ", " + qs[1] + ", " + qs[1] + "] for q " + Arrays.toString(qs) + ": pass the previous layer's kept scores");
      }
      return new Problem(q.contiguous(), k.contiguous(), v.contiguous(), contiguous(o.extraKeys()),
          contiguous(o.extraValues()), contiguous(off), contiguous(r), heads, s, o.dropConnections(), o.dropSeed());
    }

    private static void checkExtra(String name, Tensor x, int heads, int s, int d, int[] qs) {
      if (x == null) return;
      if (x.rank() != 3 || x.dim(0) != heads || x.dim(1) != s || x.dim(2) != d || s < 1) {
        throw new IllegalArgumentException("causalAttention: " + name + " " + Arrays.toString(x.shape()) + " must be [H, S, d] = ["
            + heads + ", S, " + d + "] for q " + Arrays.toString(qs) + " and " + heads + " heads, with one S for all extras");
      }
    }

    private static Tensor contiguous(Tensor x) {
      return x == null ? null : x.contiguous();
    }

    /** Offset of head h of batch bi in a [B, T, C] tensor starting at {@code base}. */
    int headOffset(int base, int u) {
      int bi = u / h, hi = u % h;
      return base + bi * t * c + hi * d;
    }

    /**
     * Unit u = (batch, head): probabilities into p at pOff [T×L], output head slice into o. Masked
     * entries are zeroed where the blocked products read them, or everywhere when {@code full}.
     */
    void forwardUnit(int u, float[] p, int pOff, boolean full, float[] o, int oBase, Tensor scores) {
      int hi = u % h;
      int qOff = headOffset(q.offset(), u), kOff = headOffset(k.offset(), u), vOff = headOffset(v.offset(), u);
      float[] qd = q.data(), kd = k.data(), vd = v.data();
      for (int i0 = 0; i0 < t; i0 += BLOCK) {
        int i1 = Math.min(t, i0 + BLOCK);
        Gemm.sgemm(false, true, i1 - i0, i1, d, scale, qd, qOff + i0 * c, c, kd, kOff, c, 0f, p, pOff + i0 * l, l);
      }
      if (prevT != null) {
        float[] rd = prevT.data();
        int rOff = prevT.offset() + u * t * t;
        for (int i = 0; i < t; i++) {
          for (int j = 0; j <= i; j++) p[pOff + i * l + j] += rd[rOff + i * t + j];
        }
      }
      if (scores != null) {
        float[] sd = scores.data();
        int sOff = scores.offset() + u * t * t;
        for (int i = 0; i < t; i++) {
          System.arraycopy(p, pOff + i * l, sd, sOff + i * t, i + 1);
          Arrays.fill(sd, sOff + i * t + i + 1, sOff + i * t + t, 0f);
        }
      }
      if (drop > 0) {
        for (int i = 1; i < t; i++) {
          for (int j = 0; j < i; j++) if (dropped(dropSeed, u, i, j, drop)) p[pOff + i * l + j] = Float.NEGATIVE_INFINITY;
        }
      }
      if (s > 0) {
        if (keT != null) {
          Gemm.sgemm(false, true, t, s, d, scale, qd, qOff, c, keT.data(), keT.offset() + hi * s * d, d, 0f, p, pOff + t, l);
        } else {
          for (int i = 0; i < t; i++) Arrays.fill(p, pOff + i * l + t, pOff + i * l + l, 0f);
        }
        if (offT != null) {
          float[] od = offT.data();
          int oo = offT.offset() + hi * s;
          for (int i = 0; i < t; i++) {
            int r = pOff + i * l + t;
            for (int e = 0; e < s; e++) p[r + e] += od[oo + e];
          }
        }
      }
      for (int i = 0; i < t; i++) softmaxRow(p, pOff + i * l, i + 1, full ? t : blockEnd(i));
      int outOff = headOffset(oBase, u);
      for (int i0 = 0; i0 < t; i0 += BLOCK) {
        int i1 = Math.min(t, i0 + BLOCK);
        Gemm.sgemm(false, false, i1 - i0, d, i1, 1f, p, pOff + i0 * l, l, vd, vOff, c, 0f, o, outOff + i0 * c, c);
      }
      if (s > 0 && veT != null) {
        Gemm.sgemm(false, false, t, d, s, 1f, p, pOff + t, l, veT.data(), veT.offset() + hi * s * d, d, 1f, o, outOff, c);
      }
    }

    /** End of the row block holding row i: the blocked products read masked entries up to here. */
    int blockEnd(int i) {
      return Math.min(t, (i / BLOCK + 1) * BLOCK);
    }

    /** Softmax of one row over its first {@code n} (causal) entries and its S extras; masked entries up to zeroTo ← 0. */
    private void softmaxRow(float[] p, int r, int n, int zeroTo) {
      float max = RowKernels.max(p, r, n);
      for (int e = 0; e < s; e++) max = Math.max(max, p[r + t + e]);
      float sum = VectorMath.exp(p, r, max, p, r, n) + VectorMath.exp(p, r + t, max, p, r + t, s);
      float inv = 1f / sum;
      RowKernels.scaleInto(p, r, inv, p, r, n);
      RowKernels.scaleInto(p, r + t, inv, p, r + t, s);
      Arrays.fill(p, r + n, r + zeroTo, 0f);
    }

    void backward(Tensor probs, Tensor out, Tensor scores) {
      boolean qg = q.requiresGrad(), kg = k.requiresGrad(), vg = v.requiresGrad();
      boolean keg = keT != null && keT.requiresGrad(), veg = veT != null && veT.requiresGrad();
      boolean offg = offT != null && offT.requiresGrad();
      boolean prevg = prevT != null && prevT.requiresGrad();
      boolean needScores = qg || kg || keg || offg || prevg;
      // The kept scores' gradient (when a later op used them) adds to the logits' gradient.
      float[] sg = scores != null && scores.hasGrad() ? scores.gradArray() : null;
      int sgBase = sg != null ? scores.gradOffset() : 0;
      float[] dr = prevg ? prevT.gradArray() : null;
      int drBase = prevg ? prevT.gradOffset() : 0;
      // Per-unit extras gradients [B·H, S, 2d+1] (keys, values, offsets), summed over the batch afterwards
      // in a fixed order: units of one head run on different threads.
      int partLen = s * (2 * d + 1);
      boolean extrasGrad = keg || veg || offg;
      Tensor partT = extrasGrad ? Tensor.empty(b * h * partLen) : null;
      float[] part = extrasGrad ? partT.data() : null;
      int partBase = extrasGrad ? partT.offset() : 0;
      float[] g = out.gradArray();
      int gBase = out.gradOffset();
      float[] dq = qg ? q.gradArray() : null, dk = kg ? k.gradArray() : null, dv = vg ? v.gradArray() : null;
      int dqBase = qg ? q.gradOffset() : 0, dkBase = kg ? k.gradOffset() : 0, dvBase = vg ? v.gradOffset() : 0;
      float[] p = probs.data();
      int pBase = probs.offset();
      Parallel.range(b * h, (u0, u1) -> {
        float[] gs = needScores ? scratch(t * l) : null;
        for (int u = u0; u < u1; u++) {
          int hi = u % h;
          int pOff = pBase + u * t * l;
          int gOff = headOffset(gBase, u);
          int qOff = headOffset(q.offset(), u), kOff = headOffset(k.offset(), u), vOff = headOffset(v.offset(), u);
          if (vg) {
            // dV_j += Σ_{i ≥ j} p_ij dO_i, in key blocks that skip the zero upper triangle.
            int dvOff = headOffset(dvBase, u);
            for (int j0 = 0; j0 < t; j0 += BLOCK) {
              int j1 = Math.min(t, j0 + BLOCK);
              Gemm.sgemm(true, false, j1 - j0, d, t - j0, 1f, p, pOff + j0 * l + j0, l, g, gOff + j0 * c, c,
                  1f, dv, dvOff + j0 * c, c);
            }
          }
          if (veg) {
            Gemm.sgemm(true, false, s, d, t, 1f, p, pOff + t, l, g, gOff, c, 0f, part, partBase + u * partLen + s * d, d);
          }
          if (!needScores) continue;
          // dP = dO·[V; V̂]ᵀ, then dS = P ⊙ (dP − rowsum(P ⊙ dP)), in place in gs.
          for (int i0 = 0; i0 < t; i0 += BLOCK) {
            int i1 = Math.min(t, i0 + BLOCK);
            Gemm.sgemm(false, true, i1 - i0, i1, d, 1f, g, gOff + i0 * c, c, v.data(), vOff, c, 0f, gs, i0 * l, l);
          }
          if (s > 0) {
            if (veT != null) {
              Gemm.sgemm(false, true, t, s, d, 1f, g, gOff, c, veT.data(), veT.offset() + hi * s * d, d, 0f, gs, t, l);
            } else {
              for (int i = 0; i < t; i++) Arrays.fill(gs, i * l + t, i * l + l, 0f);
            }
          }
          for (int i = 0; i < t; i++) scoreGradRow(p, pOff + i * l, gs, i * l, i + 1, blockEnd(i));
          if (sg != null) {
            int so = sgBase + u * t * t;
            for (int i = 0; i < t; i++) {
              for (int j = 0; j <= i; j++) gs[i * l + j] += sg[so + i * t + j];
            }
          }
          if (prevg) {
            int ro = drBase + u * t * t;
            for (int i = 0; i < t; i++) {
              for (int j = 0; j <= i; j++) dr[ro + i * t + j] += gs[i * l + j];
            }
          }
          if (qg) {
            int dqOff = headOffset(dqBase, u);
            for (int i0 = 0; i0 < t; i0 += BLOCK) {
              int i1 = Math.min(t, i0 + BLOCK);
              Gemm.sgemm(false, false, i1 - i0, d, i1, scale, gs, i0 * l, l, k.data(), kOff, c, 1f, dq, dqOff + i0 * c, c);
            }
            if (s > 0 && keT != null) {
              Gemm.sgemm(false, false, t, d, s, scale, gs, t, l, keT.data(), keT.offset() + hi * s * d, d, 1f, dq, dqOff, c);
            }
          }
          if (kg) {
            int dkOff = headOffset(dkBase, u);
            for (int j0 = 0; j0 < t; j0 += BLOCK) {
              int j1 = Math.min(t, j0 + BLOCK);
              Gemm.sgemm(true, false, j1 - j0, d, t - j0, scale, gs, j0 * l + j0, l, q.data(), qOff + j0 * c, c,
                  1f, dk, dkOff + j0 * c, c);
            }
          }
          if (keg) {
            Gemm.sgemm(true, false, s, d, t, scale, gs, t, l, q.data(), qOff, c, 0f, part, partBase + u * partLen, d);
          }
          if (offg) {
            int po = partBase + u * partLen + 2 * s * d;
            for (int e = 0; e < s; e++) {
              float sum = 0f;
              for (int i = 0; i < t; i++) sum += gs[i * l + t + e];
              part[po + e] = sum;
            }
          }
        }
      });
      if (extrasGrad) {
        // Σ over the batch, in batch order, into [H, S, d] / [H, S].
        for (int hi = 0; hi < h; hi++) {
          for (int bi = 0; bi < b; bi++) {
            int po = partBase + (bi * h + hi) * partLen;
            if (keg) addInto(part, po, keT.gradArray(), keT.gradOffset() + hi * s * d, s * d);
            if (veg) addInto(part, po + s * d, veT.gradArray(), veT.gradOffset() + hi * s * d, s * d);
            if (offg) addInto(part, po + 2 * s * d, offT.gradArray(), offT.gradOffset() + hi * s, s);
          }
        }
      }
    }

    /** One row: g ← p ⊙ (g − Σ p⊙g) over the causal entries and extras; masked entries up to zeroTo ← 0. */
    private void scoreGradRow(float[] p, int pr, float[] g, int gr, int n, int zeroTo) {
      float dot = RowKernels.dot(p, pr, g, gr, n) + RowKernels.dot(p, pr + t, g, gr + t, s);
      softmaxGrad(p, pr, g, gr, n, dot);
      softmaxGrad(p, pr + t, g, gr + t, s, dot);
      Arrays.fill(g, gr + n, gr + zeroTo, 0f);
    }
  }

  // ---------------------------------------------------------------- loops over one row
  // exp and lane sums come from VectorMath and RowKernels, so results do not depend on the JIT.
  // Every helper takes arrays: no FloatVector or mask crosses a call (docs/architecture.md, Kernels).

  /** g ← p ⊙ (g − dot) over n entries. */
  private static void softmaxGrad(float[] p, int po, float[] g, int go, int n, float dot) {
    int i = 0;
    FloatVector vd = FloatVector.broadcast(F, dot);
    for (int bound = F.loopBound(n); i < bound; i += F.length()) {
      FloatVector.fromArray(F, p, po + i).mul(FloatVector.fromArray(F, g, go + i).sub(vd)).intoArray(g, go + i);
    }
    for (; i < n; i++) g[go + i] = p[po + i] * (g[go + i] - dot);
  }

  /**
   * Whether the stochastic mask drops pair (i, j) of unit u = b·H + h: SplitMix64 of (seed, u, i, j)
   * as a uniform in [0, 1) below p. Never the diagonal.
   */
  public static boolean dropped(long seed, int u, int i, int j, float p) {
    if (i == j || p <= 0) return false;
    long z = seed + 0x9E3779B97F4A7C15L * (((long) u << 42) ^ ((long) i << 21) ^ j ^ 0x5DEECE66DL);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 40) * 0x1.0p-24f < p;
  }

  private static void addInto(float[] src, int so, float[] dst, int dOff, int n) {
    for (int i = 0; i < n; i++) dst[dOff + i] += src[so + i];
  }
}
