package orphic.lm.generate;

import java.util.Arrays;
import java.util.Map;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;

/**
 * A GPT's weights repacked for one-row-at-a-time decoding: every linear map stored transposed,
 * [In, Out] with Out padded to a whole number of vectors and cut into column panels
 * ({@link DecodeKernels#panelIndex}), so that a row of activations
 * times a matrix is a sum of weight rows scaled by scalars (no horizontal sums, no transposes on
 * the hot path). Activation rows are padded the same way; the padding columns of every weight
 * and bias are zero, so padded activations stay exactly zero.
 *
 * <p>Read from the model's live parameter tensors by their checkpoint names ({@code wte.weight},
 * {@code blocks.{i}.attn.wq.weight}, …), the same names {@code model.safetensors} uses. The copy is
 * a snapshot: {@link #refresh()} re-reads it after the model has been trained further.
 */
final class DecoderWeights {
  final LanguageModel model;
  final int vocab, context, dim, heads, headDim, hidden, layers;
  /** Padded widths: of the residual row, the MLP's hidden row, the logits row. */
  final int dimP, hiddenP, vocabP;
  final boolean tied;

  final float[] wte;      // [V, dimP]: token embedding rows
  final float[] wpe;      // [T, dimP]: position embedding rows
  final Layer[] blocks;
  final float[] lnFGamma, lnFBeta; // [dimP]
  final float[] head;     // [C, vocabP]: head (or wte when tied), transposed, in panels

  /** One block: pre-norm attention (q, k, v fused into one map) and MLP. */
  static final class Layer {
    final float[] ln1Gamma, ln1Beta;   // [dimP]
    // matrices [In, Out] in panels; biases [Out]
    final float[] qkv, qkvBias;        // [C, 3·dimP], [3·dimP]: q at 0, k at dimP, v at 2·dimP
    final float[] wo, woBias;          // [C, dimP], [dimP]
    final float[] ln2Gamma, ln2Beta;   // [dimP]
    final float[] fc, fcBias;          // [C, hiddenP], [hiddenP]
    final float[] proj, projBias;      // [hidden, dimP], [dimP]

    Layer(int dim, int dimP, int hidden, int hiddenP) {
      ln1Gamma = new float[dimP];
      ln1Beta = new float[dimP];
      qkv = new float[dim * 3 * dimP];
      qkvBias = new float[3 * dimP];
      wo = new float[dim * dimP];
      woBias = new float[dimP];
      ln2Gamma = new float[dimP];
      ln2Beta = new float[dimP];
      fc = new float[dim * hiddenP];
      fcBias = new float[hiddenP];
      proj = new float[hidden * dimP];
      projBias = new float[dimP];
    }
  }

  DecoderWeights(LanguageModel model, int lanes) {
    ModelConfig c = model.config();
    if (!supports(model)) {
      throw new IllegalArgumentException("incremental decoding needs a gpt model, got arch '" + c.arch()
          + "': use Generator.fullRecompute for this model");
    }
    this.model = model;
    vocab = c.vocabSize();
    context = c.context();
    dim = c.dim();
    heads = c.heads();
    headDim = c.headDim();
    hidden = c.mlpHidden();
    layers = c.layers();
    tied = c.tieWeights();
    dimP = roundUp(dim, lanes);
    hiddenP = roundUp(hidden, lanes);
    vocabP = roundUp(vocab, lanes);
    wte = new float[vocab * dimP];
    wpe = new float[context * dimP];
    blocks = new Layer[layers];
    for (int i = 0; i < layers; i++) blocks[i] = new Layer(dim, dimP, hidden, hiddenP);
    lnFGamma = new float[dimP];
    lnFBeta = new float[dimP];
    head = new float[dim * vocabP];
    refresh();
  }

  /** Whether the model is one this class can pack: the gpt family. */
  static boolean supports(LanguageModel model) {
    return model instanceof orphic.lm.model.GptModel; // not arch: a community of gpt members reports arch gpt
  }

  /** Copies the model's current parameter values into the packed arrays (no allocation beyond the name map). */
  void refresh() {
    Map<String, Tensor> p = model.module().stateDict();
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

  static int roundUp(int n, int multiple) {
    return (n + multiple - 1) / multiple * multiple;
  }

  private static Tensor tensor(Map<String, Tensor> p, String name, int... shape) {
    Tensor t = p.get(name);
    if (t == null) throw new IllegalStateException("the model has no parameter '" + name + "': it is not a GptModel layout");
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
