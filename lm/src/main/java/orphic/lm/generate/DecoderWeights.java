package orphic.lm.generate;

import java.util.Arrays;
import java.util.Map;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;

/**
 * A GPT's or a haze model's weights repacked for one-row-at-a-time decoding: every linear map stored transposed,
 * [In, Out] with Out padded to a whole number of vectors and cut into column panels
 * ({@link DecodeKernels#panelIndex}), so that a row of activations
 * times a matrix is a sum of weight rows scaled by scalars (no horizontal sums, no transposes on
 * the hot path). Activation rows are padded the same way; the padding columns of every weight
 * and bias are zero, so padded activations stay exactly zero.
 *
 * <p>Read from the model's live parameter tensors by their checkpoint names ({@code wte.weight},
 * {@code blocks.{i}.attn.wq.weight}, …), the same names {@code model.safetensors} uses. The copy is
 * a snapshot: {@link #refresh()} re-reads it after the model has been trained further.
 *
 * <p><b>haze</b> ({@code HazeModel}): every per-row map of a block's heads is one matrix
 * {@link Layer#qkv} [E, projWidth], no bias: content q, k and values (all heads side by side, as
 * the gpt layout) at {@link #qOff}, {@link #kOff}, {@link #vOff}, RRPRAM values at {@link #vrOff}
 * (−1 where the head kind has none). A hybrid head's gate is folded into its value columns
 * (g·Wv_rrpram, (1 − g)·Wv_content), as the model's forward does. The RRPRAM position matrices
 * Wr [E, T] of all heads are {@link Layer#wr} [H, E, tp] (tp = T padded), read one query row
 * against the first n columns. No output projection: {@code wo} is empty. MLP W0, W1 and the
 * head W2 are haze's [in, out] matrices, packed the same way as the transposed gpt ones.
 *
 * <p><b>Precision</b> ({@link WeightPrecision}): with BF16 every matrix above (qkv, wo, fc, proj,
 * wr, head) is rounded to bfloat16 in place and also kept as its bfloat16 bits ({@code …H} arrays,
 * half the bytes), which the one-row kernels read; the kernels for many rows (prefill) read the
 * rounded floats. Both give the same float32 weights, so a row's numbers do not depend on which
 * kernel computed it. With F32 the {@code …H} arrays are empty (and with BF16 when no half copies
 * are asked for: tests then compare the float kernels on the same rounded weights).
 */
final class DecoderWeights {
  final LanguageModel model;
  final int vocab, context, dim, heads, headDim, hidden, layers;
  /** Padded widths: of the residual row, the MLP's hidden row, the logits row. */
  final int dimP, hiddenP, vocabP;
  final boolean tied;
  final WeightPrecision precision;
  /** haze: rrpram/content/hybrid heads, tanh GELU, no attention output projection, no biases. */
  final boolean haze;
  /** Columns of {@link Layer#qkv}; offsets of its blocks (−1 = absent); T padded to lanes. */
  final int projWidth, qOff, kOff, vOff, vrOff, contextP;

  final float[] wte;      // [V, dimP]: token embedding rows
  final float[] wpe;      // [T, dimP]: position embedding rows
  final Layer[] blocks;
  final float[] lnFGamma, lnFBeta; // [dimP]
  final float[] head;     // [C, vocabP]: head (or wte when tied), transposed, in panels
  final short[] headH;    // BF16: head's bfloat16 bits, same layout; else empty

  /** One block: pre-norm attention (q, k, v fused into one map) and MLP. */
  static final class Layer {
    final float[] ln1Gamma, ln1Beta;   // [dimP]
    // matrices [In, Out] in panels; biases [Out]
    final float[] qkv, qkvBias;        // [C, 3·dimP], [3·dimP]: q at 0, k at dimP, v at 2·dimP
    final float[] wo, woBias;          // [C, dimP], [dimP]
    final float[] ln2Gamma, ln2Beta;   // [dimP]
    final float[] fc, fcBias;          // [C, hiddenP], [hiddenP]
    final float[] proj, projBias;      // [hidden, dimP], [dimP]
    final float[] wr;                  // haze rrpram: [H, C, tp]; else empty
    // BF16: the matrices' bfloat16 bits in the same layouts; else empty
    final short[] qkvH, woH, fcH, projH, wrH;

    Layer(int dim, int dimP, int hidden, int hiddenP, int projWidth, boolean haze, int wrSize, boolean bf16) {
      ln1Gamma = new float[dimP];
      ln1Beta = new float[dimP];
      qkv = new float[dim * projWidth];
      qkvBias = new float[projWidth];
      wo = new float[haze ? 0 : dim * dimP];
      woBias = new float[dimP];
      wr = new float[wrSize];
      ln2Gamma = new float[dimP];
      ln2Beta = new float[dimP];
      fc = new float[dim * hiddenP];
      fcBias = new float[hiddenP];
      proj = new float[hidden * dimP];
      projBias = new float[dimP];
      qkvH = new short[bf16 ? qkv.length : 0];
      woH = new short[bf16 ? wo.length : 0];
      fcH = new short[bf16 ? fc.length : 0];
      projH = new short[bf16 ? proj.length : 0];
      wrH = new short[bf16 ? wr.length : 0];
    }
  }

  /** halfCopies: with BF16, also keep the bfloat16 bits for the one-row kernels (false only in tests). */
  DecoderWeights(LanguageModel model, int lanes, WeightPrecision precision, boolean halfCopies) {
    ModelConfig c = model.config();
    if (!supports(model)) {
      throw new IllegalArgumentException("incremental decoding needs a gpt or haze model, got arch '" + c.arch()
          + "': use Generator.fullRecompute for this model");
    }
    this.model = model;
    this.precision = precision;
    boolean bf16 = precision == WeightPrecision.BF16 && halfCopies;
    vocab = c.vocabSize();
    context = c.context();
    dim = c.dim();
    heads = c.heads();
    headDim = c.headDim();
    hidden = c.mlpHidden();
    layers = c.layers();
    haze = c.arch().equals("haze");
    tied = !haze && c.tieWeights();
    dimP = roundUp(dim, lanes);
    contextP = roundUp(context, lanes);
    boolean content = !haze || !c.headKind().equals("rrpram"), rrpram = haze && !c.headKind().equals("content");
    int blocksOf = 0;
    qOff = content ? dimP * blocksOf++ : -1;
    kOff = content ? dimP * blocksOf++ : -1;
    vOff = content ? dimP * blocksOf++ : -1;
    vrOff = rrpram ? dimP * blocksOf++ : -1;
    projWidth = blocksOf * dimP;
    hiddenP = roundUp(hidden, lanes);
    vocabP = roundUp(vocab, lanes);
    wte = new float[vocab * dimP];
    wpe = new float[context * dimP];
    blocks = new Layer[layers];
    for (int i = 0; i < layers; i++) blocks[i] = new Layer(dim, dimP, hidden, hiddenP, projWidth, haze, rrpram ? heads * dim * contextP : 0, bf16);
    lnFGamma = new float[dimP];
    lnFBeta = new float[dimP];
    head = new float[dim * vocabP];
    headH = new short[bf16 ? head.length : 0];
    refresh();
  }

  /** Whether the model is one this class can pack: the gpt and haze families. */
  static boolean supports(LanguageModel model) {
    // the class, not the arch: a community of gpt members reports arch gpt
    // A style-conditioned or phonetic gpt is not packed (its FiLM and sound classes are not in the
    // decoder): generation recomputes the window (WindowLogits). The training-only poetic options do not matter here.
    if (model instanceof orphic.lm.model.GptModel g && g.config().poetic() != null && g.config().poetic().changesInference()) return false;
    return model instanceof orphic.lm.model.GptModel || model instanceof orphic.lm.model.HazeModel;
  }

  /** Copies the model's current parameter values into the packed arrays (no allocation beyond the name map). */
  void refresh() {
    Map<String, Tensor> p = model.module().stateDict();
    if (haze) refreshHaze(p);
    else refreshGpt(p);
    if (precision == WeightPrecision.BF16) {
      for (Layer b : blocks) {
        toBf16(b.qkv, b.qkvH);
        toBf16(b.wo, b.woH);
        toBf16(b.fc, b.fcH);
        toBf16(b.proj, b.projH);
        toBf16(b.wr, b.wrH);
      }
      toBf16(head, headH);
    }
  }

  /** Rounds w to bfloat16 in place and writes the bits to h (when h is not empty). */
  private static void toBf16(float[] w, short[] h) {
    for (int i = 0; i < w.length; i++) {
      short bits = Bf16.bits(w[i]);
      if (h.length > 0) h[i] = bits;
      w[i] = Bf16.widen(bits);
    }
  }

  private void refreshGpt(Map<String, Tensor> p) {
    rows(p, "wte.weight", vocab, dim, wte, dimP);
    rows(p, "wpe.weight", context, dim, wpe, dimP);
    for (int i = 0; i < layers; i++) {
      Layer b = blocks[i];
      String n = "blocks." + i + ".";
      vector(p, n + "ln1.weight", dim, b.ln1Gamma, 0, false);
      vector(p, n + "ln1.bias", dim, b.ln1Beta, 0, true);
      packed(p, n + "attn.wq.weight", dim, dim, b.qkv, 3 * dimP, 0);
      packed(p, n + "attn.wk.weight", dim, dim, b.qkv, 3 * dimP, dimP);
      packed(p, n + "attn.wv.weight", dim, dim, b.qkv, 3 * dimP, 2 * dimP);
      vector(p, n + "attn.wq.bias", dim, b.qkvBias, 0, true);
      vector(p, n + "attn.wk.bias", dim, b.qkvBias, dimP, true);
      vector(p, n + "attn.wv.bias", dim, b.qkvBias, 2 * dimP, true);
      packed(p, n + "attn.wo.weight", dim, dim, b.wo, dimP, 0);
      vector(p, n + "attn.wo.bias", dim, b.woBias, 0, true);
      vector(p, n + "ln2.weight", dim, b.ln2Gamma, 0, false);
      vector(p, n + "ln2.bias", dim, b.ln2Beta, 0, true);
      packed(p, n + "mlp.fc.weight", hidden, dim, b.fc, hiddenP, 0);
      vector(p, n + "mlp.fc.bias", hidden, b.fcBias, 0, true);
      packed(p, n + "mlp.proj.weight", dim, hidden, b.proj, dimP, 0);
      vector(p, n + "mlp.proj.bias", dim, b.projBias, 0, true);
    }
    vector(p, "ln_f.weight", dim, lnFGamma, 0, false);
    vector(p, "ln_f.bias", dim, lnFBeta, 0, true);
    packed(p, tied ? "wte.weight" : "head.weight", vocab, dim, head, vocabP, 0);
  }

  /** haze's names and [in, out] layouts (HazeModel's class comment). */
  private void refreshHaze(Map<String, Tensor> p) {
    rows(p, "embed", vocab, dim, wte, dimP);
    rows(p, "pos", context, dim, wpe, dimP);
    int d = headDim;
    for (int i = 0; i < layers; i++) {
      Layer b = blocks[i];
      String n = "blocks." + i + ".";
      vector(p, n + "ln1.weight", dim, b.ln1Gamma, 0, false);
      vector(p, n + "ln1.bias", dim, b.ln1Beta, 0, true);
      vector(p, n + "ln2.weight", dim, b.ln2Gamma, 0, false);
      vector(p, n + "ln2.bias", dim, b.ln2Beta, 0, true);
      for (int h = 0; h < heads; h++) {
        String hn = n + "heads." + h + ".";
        Tensor gate = p.get(hn + "gate");
        float g = gate == null ? 1f : gate.get(0);
        if (qOff >= 0) {
          packedInOut(p, hn + "content.wq", dim, d, b.qkv, projWidth, qOff + h * d, 1f);
          packedInOut(p, hn + "content.wk", dim, d, b.qkv, projWidth, kOff + h * d, 1f);
          packedInOut(p, hn + "content.wv", dim, d, b.qkv, projWidth, vOff + h * d, gate == null ? 1f : 1f - g);
        }
        if (vrOff >= 0) {
          packedInOut(p, hn + "rrpram.wv", dim, d, b.qkv, projWidth, vrOff + h * d, g);
          Tensor wr = tensor(p, hn + "rrpram.wr", dim, context);
          for (int e = 0; e < dim; e++) {
            System.arraycopy(wr.data(), wr.offset() + e * context, b.wr, (h * dim + e) * contextP, context);
          }
        }
      }
      packedInOut(p, n + "w0", dim, hidden, b.fc, hiddenP, 0, 1f);
      packedInOut(p, n + "w1", hidden, dim, b.proj, dimP, 0, 1f);
    }
    vector(p, "ln_f.weight", dim, lnFGamma, 0, false);
    vector(p, "ln_f.bias", dim, lnFBeta, 0, true);
    packedInOut(p, "w2", dim, vocab, head, vocabP, 0, 1f);
  }

  /** W [in, out] (x·W, haze's layout) times {@code scale} into columns col..col+out of an [in, outP] panel matrix. */
  private static void packedInOut(Map<String, Tensor> p, String name, int in, int out, float[] dst, int outP, int col, float scale) {
    Tensor t = tensor(p, name, in, out);
    float[] w = t.data();
    int wo = t.offset();
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) dst[DecodeKernels.panelIndex(i, col + o, in, outP)] = w[wo + i * out + o] * scale;
    }
  }

  static int roundUp(int n, int multiple) {
    return (n + multiple - 1) / multiple * multiple;
  }

  private static Tensor tensor(Map<String, Tensor> p, String name, int... shape) {
    Tensor t = p.get(name);
    if (t == null) throw new IllegalStateException("the model has no parameter '" + name + "': it is not a GptModel or HazeModel layout");
    if (!Arrays.equals(t.shape(), shape)) {
      throw new IllegalStateException("parameter '" + name + "' is " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
    }
    return t.contiguous();
  }

  /** [rows, cols] → rows of stride {@code stride} (padding untouched, i.e. zero). */
  private static void rows(Map<String, Tensor> p, String name, int rows, int cols, float[] dst, int stride) {
    Tensor t = tensor(p, name, rows, cols);
    for (int r = 0; r < rows; r++) System.arraycopy(t.data(), t.offset() + r * cols, dst, r * stride, cols);
  }

  /**
   * W [out, in] (PyTorch layout) transposed into columns col..col+out of an [in, outP] matrix in
   * the panel layout of {@link DecodeKernels#panelIndex}.
   */
  private static void packed(Map<String, Tensor> p, String name, int out, int in, float[] dst, int outP, int col) {
    Tensor t = tensor(p, name, out, in);
    float[] w = t.data();
    int wo = t.offset();
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) dst[DecodeKernels.panelIndex(i, col + o, in, outP)] = w[wo + o * in + i];
    }
  }

  /** A [n] vector at dst[at..]; an absent optional one (no bias) is zeros. */
  private static void vector(Map<String, Tensor> p, String name, int n, float[] dst, int at, boolean optional) {
    if (optional && !p.containsKey(name)) {
      Arrays.fill(dst, at, at + n, 0f);
      return;
    }
    Tensor t = tensor(p, name, n);
    System.arraycopy(t.data(), t.offset(), dst, at, n);
  }
}
