package orphic.lm.model;

import java.util.Locale;

/**
 * Architecture and size of a language model: everything needed to rebuild it before loading its
 * weights. Saved as the "model" object of config.json.
 *
 * @param arch        "gpt" (pre-LayerNorm GPT baseline) or "haze" (RRPRAM/content/hybrid heads)
 * @param vocabSize   V, from the tokenizer
 * @param context     T, the longest sequence the model reads (positions are learned)
 * @param dim         C, the width of the residual stream
 * @param layers      number of blocks
 * @param heads       attention heads per block (C must be divisible by heads)
 * @param mlpHidden   width of the MLP's hidden layer (4·C for gpt)
 * @param tieWeights  output head shares the token embedding (gpt only)
 * @param bias        linear layers and layer norms have biases (gpt; nanoGPT's bias=True)
 * @param dropout     dropout probability during training (0 = off)
 * @param headKind    haze only: "rrpram", "content" or "hybrid"
 * @param alpha       haze only: initial hybrid gate (share of the rrpram head)
 * @param initStd     standard deviation of the N(0, σ) initialisation
 * @param seed        initialisation seed
 * @param blanchot    blanchot only: its component switches ({@link BlanchotOptions}; null elsewhere, defaults when absent)
 * @param poetic      gpt only: style conditioning, attention mask, positional noise, phonetic adapter
 *                    ({@link PoeticOptions}; null when absent or all off)
 */
public record ModelConfig(
    String arch,
    int vocabSize,
    int context,
    int dim,
    int layers,
    int heads,
    int mlpHidden,
    boolean tieWeights,
    boolean bias,
    float dropout,
    String headKind,
    float alpha,
    float initStd,
    long seed,
    BlanchotOptions blanchot,
    PoeticOptions poetic) {

  public ModelConfig {
    arch = arch.toLowerCase(Locale.ROOT);
    if (!arch.equals("gpt") && !arch.equals("haze") && !arch.equals("blanchot")) {
      throw new IllegalArgumentException("unknown architecture '" + arch + "': use gpt, haze or blanchot");
    }
    require(vocabSize > 0, "vocabulary size must be positive, got " + vocabSize);
    require(context > 0, "context must be positive, got " + context);
    require(dim > 0 && layers > 0 && heads > 0, "dim, layers and heads must be positive");
    require(dim % heads == 0, "dim " + dim + " is not divisible by heads " + heads + ": choose --dim as a multiple of --heads");
    require(mlpHidden > 0, "MLP width must be positive");
    require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
    if (arch.equals("haze")) {
      headKind = headKind == null ? "hybrid" : headKind.toLowerCase(Locale.ROOT);
      require(headKind.equals("rrpram") || headKind.equals("content") || headKind.equals("hybrid"),
          "unknown haze head kind '" + headKind + "': use rrpram, content or hybrid");
    }
    if (arch.equals("blanchot")) {
      if (blanchot == null) blanchot = BlanchotOptions.defaults();
      long[] counts = blanchot.tokenCounts();
      require(counts == null || counts.length == vocabSize,
          "blanchot token counts cover " + (counts == null ? 0 : counts.length) + " ids but the vocabulary has " + vocabSize);
    } else {
      blanchot = null;
    }
    if (poetic != null && poetic.off()) poetic = null;
    if (poetic != null) {
      require(arch.equals("gpt"), "the poetic options (style conditioning, attention mask, positional noise, phonetic adapter) "
          + "are implemented for --arch gpt, not " + arch);
      int[] classes = poetic.phoneticClasses();
      require(classes == null || classes.length == vocabSize,
          "phonetic classes cover " + (classes == null ? 0 : classes.length) + " ids but the vocabulary has " + vocabSize);
    }
  }

  /** Without poetic options. */
  public ModelConfig(String arch, int vocabSize, int context, int dim, int layers, int heads, int mlpHidden, boolean tieWeights, boolean bias,
      float dropout, String headKind, float alpha, float initStd, long seed, BlanchotOptions blanchot) {
    this(arch, vocabSize, context, dim, layers, heads, mlpHidden, tieWeights, bias, dropout, headKind, alpha, initStd, seed, blanchot, null);
  }

  /** Without blanchot options (every arch but blanchot; blanchot takes its defaults). */
  public ModelConfig(String arch, int vocabSize, int context, int dim, int layers, int heads, int mlpHidden, boolean tieWeights, boolean bias,
      float dropout, String headKind, float alpha, float initStd, long seed) {
    this(arch, vocabSize, context, dim, layers, heads, mlpHidden, tieWeights, bias, dropout, headKind, alpha, initStd, seed, null, null);
  }

  /** nanoGPT-style GPT: MLP 4·C, biases on, untied head, N(0, 0.02). */
  public static ModelConfig gpt(int vocabSize, int context, int dim, int layers, int heads) {
    return new ModelConfig("gpt", vocabSize, context, dim, layers, heads, 4 * dim, false, true, 0f, null, 0.5f, 0.02f, 1337);
  }

  /** haze's PostGPT with hybrid heads (gate 0.5), MLP 4·C. */
  public static ModelConfig haze(int vocabSize, int context, int dim, int layers, int heads) {
    return new ModelConfig("haze", vocabSize, context, dim, layers, heads, 4 * dim, false, false, 0f, "hybrid", 0.5f, 0.02f, 1337);
  }

  /** The blanchot architecture: the GPT baseline's sizes and init with {@code options}. */
  public static ModelConfig blanchot(int vocabSize, int context, int dim, int layers, int heads, BlanchotOptions options) {
    return new ModelConfig("blanchot", vocabSize, context, dim, layers, heads, 4 * dim, false, true, 0f, null, 0.5f, 0.02f, 1337,
        options == null ? BlanchotOptions.defaults() : options);
  }

  public int headDim() {
    return dim / heads;
  }

  public ModelConfig withVocabSize(int v) {
    BlanchotOptions b = blanchot;
    if (b != null && b.tokenCounts() != null && b.tokenCounts().length != v) b = b.withTokenCounts(null);
    PoeticOptions p = poetic;
    if (p != null && p.phoneticClasses() != null && p.phoneticClasses().length != v) p = p.withPhonetic(p.phoneticBuckets(), null);
    return new ModelConfig(arch, v, context, dim, layers, heads, mlpHidden, tieWeights, bias, dropout, headKind, alpha, initStd, seed, b, p);
  }

  public ModelConfig withSeed(long s) {
    return new ModelConfig(arch, vocabSize, context, dim, layers, heads, mlpHidden, tieWeights, bias, dropout, headKind, alpha, initStd, s, blanchot, poetic);
  }

  public ModelConfig withBlanchot(BlanchotOptions options) {
    return new ModelConfig(arch, vocabSize, context, dim, layers, heads, mlpHidden, tieWeights, bias, dropout, headKind, alpha, initStd, seed, options, poetic);
  }

  public ModelConfig withPoetic(PoeticOptions options) {
    return new ModelConfig(arch, vocabSize, context, dim, layers, heads, mlpHidden, tieWeights, bias, dropout, headKind, alpha, initStd, seed,
        blanchot, options);
  }

  /** The poetic options, all off when none are set (never null). */
  public PoeticOptions poeticOrNone() {
    return poetic == null ? PoeticOptions.none() : poetic;
  }

  private static void require(boolean ok, String message) {
    if (!ok) throw new IllegalArgumentException(message);
  }
}
