package orphic.engine.blanchot;

import orphic.engine.nn.Init;
import orphic.engine.nn.Linear;
import orphic.engine.nn.Module;
import orphic.engine.ops.CausalAttention;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/**
 * Causal multi-head attention with a learnable void: x [B, T, C] → [B, T, C], H heads of d = C/H.
 *
 * <pre>
 *   z_ij = q_i·k_j/√d + S^prev_ij          j ≤ i  (S^prev: the previous layer's logits, if residual scores are on)
 *   z_i∅ = q_i·k∅_h/√d + s_h               the void: key k∅_h, logit offset s_h, value v∅_h
 *   a_i· = softmax([z_i0 .. z_ii, z_i∅]),  o_i = Σ_j a_ij v_j + a_i∅ v∅_h
 *   y_i  = wo(o_i ⊙ σ(x_i W_g + b_g))      (the gate only when on)
 *   void mass m_i = a_i∅ = 1 − Σ_j a_ij
 * </pre>
 *
 * {@link VoidMode#SINK} learns s_h only (k∅ = v∅ = 0); {@link VoidMode#KEY_VALUE} learns all three.
 * All start at 0, so at initialisation either is softmax₁ exactly (e^{z_ij} / (1 + Σ_j e^{z_ij})).
 * The gate starts at W_g = 0, b_g = 0: σ = ½, the attention output halved. The projections wq, wk,
 * wv, wo are named as in {@link orphic.engine.nn.CausalSelfAttention}, so with the void off this is
 * that layer with the same parameters. The fused kernel is {@link Ops#causalAttention}.
 *
 * <pre>{@code
 * var attention = new BlanchotianAttention(64);
 * Tensor y = attention.forward(x); // (1,10,64) in, (1,10,64) out
 * }</pre>
 */
public final class BlanchotianAttention extends Module {
  /** Which parts of the void are learnt. */
  public enum VoidMode {
    /** No void: vanilla causal attention. */
    OFF,
    /** A per-head sink logit s_h with zero key and value. */
    SINK,
    /** Per-head void key, value and logit offset. */
    KEY_VALUE
  }

  /**
   * One forward's outputs: y [B, T, C]; the logits of the real keys [B, H, T, T] when residual scores
   * are on (else null), to hand to the next layer; the void mass [B, H, T] when asked for (else null).
   */
  public record Result(Tensor output, Tensor scores, Tensor voidMass) {}

  /** Options; {@link #build()} makes the layer (call {@link Module#initialize} on the model after). */
  public static final class Builder {
    private final int dim;
    private int heads;
    private VoidMode voidMode = VoidMode.KEY_VALUE;
    private boolean residualScores;
    private boolean outputGate;
    private boolean bias = true;
    private Init init = Init.normal(0.02);
    private Init outInit = Init.normal(0.02);

    private Builder(int dim) {
      this.dim = dim;
      this.heads = defaultHeads(dim);
    }

    public Builder heads(int h) {
      this.heads = h;
      return this;
    }

    public Builder voidMode(VoidMode m) {
      this.voidMode = m == null ? VoidMode.OFF : m;
      return this;
    }

    /** RealFormer: add the previous layer's logits to this layer's. */
    public Builder residualScores(boolean on) {
      this.residualScores = on;
      return this;
    }

    /** Sigmoid gate on the attention output, before wo. */
    public Builder outputGate(boolean on) {
      this.outputGate = on;
      return this;
    }

    /** Biases on the four projections (the gate always has one). */
    public Builder bias(boolean on) {
      this.bias = on;
      return this;
    }

    /** Init of wq, wk, wv, and of wo (which writes into the residual stream). */
    public Builder init(Init projections, Init output) {
      this.init = projections;
      this.outInit = output;
      return this;
    }

    public BlanchotianAttention build() {
      return new BlanchotianAttention(this);
    }
  }

  private final int dim;
  private final int heads;
  private final VoidMode voidMode;
  private final boolean residualScores;
  private final Linear wq;
  private final Linear wk;
  private final Linear wv;
  private final Linear wo;
  private final Tensor voidLogit; // [H] or null
  private final Tensor voidKey;   // [H, d] or null
  private final Tensor voidValue; // [H, d] or null
  private final Linear gate;      // or null
  private float[] lastMeanVoidMass;

  /** Defaults: heads of 16 channels where they divide (else one head), the void on (key and value), no gate, no residual scores; initialised from seed 0. */
  public BlanchotianAttention(int dim) {
    this(builder(dim));
    initialize(0);
  }

  public static Builder builder(int dim) {
    return new Builder(dim);
  }

  private BlanchotianAttention(Builder b) {
    if (b.dim < 1 || b.heads < 1 || b.dim % b.heads != 0) {
      throw new IllegalArgumentException("BlanchotianAttention needs dim divisible by heads, got dim " + b.dim + " and " + b.heads + " heads");
    }
    this.dim = b.dim;
    this.heads = b.heads;
    this.voidMode = b.voidMode;
    this.residualScores = b.residualScores;
    int d = dim / heads;
    wq = child("wq", new Linear(dim, dim, b.bias, b.init));
    wk = child("wk", new Linear(dim, dim, b.bias, b.init));
    wv = child("wv", new Linear(dim, dim, b.bias, b.init));
    wo = child("wo", new Linear(dim, dim, b.bias, b.outInit));
    voidLogit = voidMode != VoidMode.OFF ? parameter("void_logit", Init.zeros(), heads) : null;
    voidKey = voidMode == VoidMode.KEY_VALUE ? parameter("void_key", Init.zeros(), heads, d) : null;
    voidValue = voidMode == VoidMode.KEY_VALUE ? parameter("void_value", Init.zeros(), heads, d) : null;
    gate = b.outputGate ? child("gate", new Linear(dim, dim, true, Init.zeros())) : null;
  }

  private static int defaultHeads(int dim) {
    return dim % 16 == 0 ? dim / 16 : 1;
  }

  /** x [B, T, C] → [B, T, C]. */
  public Tensor forward(Tensor x) {
    return forward(x, null, false).output();
  }

  /**
   * x [B, T, C] → {@link Result}. {@code previousScores} [B, H, T, T]: the previous layer's {@link
   * Result#scores()} (null for the first layer; ignored when residual scores are off). With {@code
   * keepVoidMass} the result carries the void mass and {@link #lastMeanVoidMass()} is updated.
   */
  public Result forward(Tensor x, Tensor previousScores, boolean keepVoidMass) {
    if (x.rank() != 3 || x.dim(2) != dim) {
      throw new IllegalArgumentException("BlanchotianAttention(" + dim + ") expects [B, T, " + dim + "], got " + java.util.Arrays.toString(x.shape()));
    }
    int d = dim / heads;
    CausalAttention.Options o = new CausalAttention.Options(
        voidKey == null ? null : voidKey.reshape(heads, 1, d),
        voidValue == null ? null : voidValue.reshape(heads, 1, d),
        voidLogit == null ? null : voidLogit.reshape(heads, 1),
        keepVoidMass && voidMode != VoidMode.OFF,
        residualScores ? previousScores : null,
        residualScores);
    CausalAttention.Result r = CausalAttention.forwardWithProbabilities(wq.forward(x), wk.forward(x), wv.forward(x), heads, o);
    Tensor mass = null;
    if (keepVoidMass) {
      mass = voidMode == VoidMode.OFF ? Tensor.zeros(x.dim(0), heads, x.dim(1)) : r.extraMass();
      lastMeanVoidMass = meanPerHead(mass);
    }
    Tensor y = r.output();
    if (gate != null) y = Gate.forward(y, gate.forward(x));
    return new Result(wo.forward(y), r.scores(), mass);
  }

  /** mass [B, H, T] → per-head means [H]. */
  private static float[] meanPerHead(Tensor mass) {
    int b = mass.dim(0), h = mass.dim(1), t = mass.dim(2);
    float[] md = mass.contiguous().data();
    int mo = mass.contiguous().offset();
    float[] out = new float[h];
    for (int hi = 0; hi < h; hi++) {
      double s = 0;
      for (int bi = 0; bi < b; bi++) for (int i = 0; i < t; i++) s += md[mo + (bi * h + hi) * t + i];
      out[hi] = (float) (s / ((double) b * t));
    }
    return out;
  }

  /** Per-head mean void mass [H] of the last forward that kept it (a copy), or null if none has. */
  public float[] lastMeanVoidMass() {
    return lastMeanVoidMass == null ? null : lastMeanVoidMass.clone();
  }

  public int heads() {
    return heads;
  }

  public int dim() {
    return dim;
  }

  public VoidMode voidMode() {
    return voidMode;
  }

  public boolean residualScores() {
    return residualScores;
  }

  public boolean outputGate() {
    return gate != null;
  }

  /** The sink logits s_h [H], or null without a void. */
  public Tensor voidLogit() {
    return voidLogit;
  }

  /** k∅ [H, d], or null unless {@link VoidMode#KEY_VALUE}. */
  public Tensor voidKey() {
    return voidKey;
  }

  /** v∅ [H, d], or null unless {@link VoidMode#KEY_VALUE}. */
  public Tensor voidValue() {
    return voidValue;
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

  /** The gate projection W_g, b_g, or null without a gate. */
  public Linear gate() {
    return gate;
  }
}
