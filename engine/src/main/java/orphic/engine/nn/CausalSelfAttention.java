package orphic.engine.nn;

import orphic.engine.ops.CausalAttention;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/**
 * Multi-head causal self-attention: x [B, T, C] → wo(attention(wq(x), wk(x), wv(x))) [B, T, C],
 * H heads of d = C/H. The four projections are separate {@link Linear} children ({@code wq, wk, wv,
 * wo}); the attention itself is the fused {@link Ops#causalAttention} op.
 */
public final class CausalSelfAttention extends Module {
  private final int dim;
  private final int heads;
  private final Linear wq;
  private final Linear wk;
  private final Linear wv;
  private final Linear wo;

  /** GPT-2's normal(0.02) for all four projections. */
  public CausalSelfAttention(int dim, int heads, boolean bias) {
    this(dim, heads, bias, Init.normal(0.02), Init.normal(0.02));
  }

  /**
   * {@code init} for wq, wk, wv; {@code outInit} for wo, which writes into the residual stream
   * (GPT-2 scales it: {@link Init#scaledResidual}).
   */
  public CausalSelfAttention(int dim, int heads, boolean bias, Init init, Init outInit) {
    if (heads < 1 || dim % heads != 0) {
      throw new IllegalArgumentException("attention needs dim divisible by heads, got dim " + dim + " and " + heads + " heads");
    }
    this.dim = dim;
    this.heads = heads;
    this.wq = child("wq", new Linear(dim, dim, bias, init));
    this.wk = child("wk", new Linear(dim, dim, bias, init));
    this.wv = child("wv", new Linear(dim, dim, bias, init));
    this.wo = child("wo", new Linear(dim, dim, bias, outInit));
  }

  /** x: [B, T, C] → [B, T, C]. */
  public Tensor forward(Tensor x) {
    return forward(x, CausalAttention.Options.NONE);
  }

  /**
   * x: [B, T, C] → [B, T, C], with the attention extras of {@code options} (extra key/value rows,
   * logit offsets, kept probabilities).
   */
  public Tensor forward(Tensor x, CausalAttention.Options options) {
    if (x.rank() != 3) throw new IllegalArgumentException("attention expects [B, T, C], got rank " + x.rank());
    Shapes.requireLastAxis("CausalSelfAttention", x, dim);
    Tensor y = Ops.causalAttention(wq.forward(x), wk.forward(x), wv.forward(x), heads, options);
    return wo.forward(y);
  }

  public int heads() {
    return heads;
  }

  /** Channels per head, C/H. */
  public int headDim() {
    return dim / heads;
  }

  public Linear wq() {
    return wq;
  }

  public Linear wk() {
    return wk;
  }

  public Linear wv() {
    return wv;
  }

  public Linear wo() {
    return wo;
  }
}
