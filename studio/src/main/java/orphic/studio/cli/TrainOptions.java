package orphic.studio.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of {@code orphic train}, as plain fields to hand to the trainer. A {@code null}
 * field was not given on the command line: the architecture's documented default applies.
 */
public final class TrainOptions {
  /** Model families (lower-case: these are the names typed on the command line). */
  public enum Arch { gpt, haze, blanchot }

  /** Learning-rate schedules. */
  public enum Schedule { cosine, constant, sgdr }

  /** Training losses (docs/blanchot-training.md). */
  public enum Loss { ce, neutral, poetic }

  /** Optimizers: AdamW, Langevin dynamics, or Langevin dynamics with an RMSprop preconditioner. */
  public enum OptimizerKind { adamw, sgld, psgld }

  /** {@code --tokenizer char} or {@code bpe:N} (a BPE vocabulary of N tokens). */
  public record Tokenizer(String kind, int vocabSize) {
    private static final Pattern BPE = Pattern.compile("bpe:(\\d{1,7})");

    static Tokenizer parse(String s) {
      if (s.equals("char")) return new Tokenizer("char", 0);
      if (s.equals("char:haze") || s.equals("haze")) return new Tokenizer("char:haze", 0);
      Matcher m = BPE.matcher(s);
      if (m.matches() && Integer.parseInt(m.group(1)) >= 256) return new Tokenizer("bpe", Integer.parseInt(m.group(1)));
      throw new TypeConversionException("expected 'char', 'char:haze' or 'bpe:N' with N >= 256 (e.g. bpe:2048) but was '" + s + "'");
    }

    @Override
    public String toString() {
      return kind.equals("bpe") ? "bpe:" + vocabSize : kind;
    }
  }

  static final class TokenizerConverter implements ITypeConverter<Tokenizer> {
    @Override
    public Tokenizer convert(String value) {
      return Tokenizer.parse(value);
    }
  }

  @Option(names = "--corpus", required = true, arity = "1..*", paramLabel = "F",
      description = "Training text, one or more UTF-8 files.")
  public List<Path> corpus;

  @Option(names = "--arch", paramLabel = "gpt|haze|blanchot",
      description = "Model family (default: gpt).")
  public Arch arch;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Model directory to write (config, tokenizer, weights, logs).")
  public Path out;

  @Option(names = "--layers", paramLabel = "L", description = "Transformer blocks.")
  public Integer layers;

  @Option(names = "--heads", paramLabel = "H", description = "Attention heads per block.")
  public Integer heads;

  @Option(names = "--dim", paramLabel = "D", description = "Embedding width.")
  public Integer dim;

  @Option(names = "--context", paramLabel = "T", description = "Context length in tokens.")
  public Integer context;

  @Option(names = "--batch", paramLabel = "B", description = "Sequences per step.")
  public Integer batch;

  @Option(names = "--steps", paramLabel = "N", description = "Optimizer steps.")
  public Integer steps;

  @Option(names = "--minutes", paramLabel = "M", description = "Stop after this many minutes of training.")
  public Double minutes;

  @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate.")
  public Double lr;

  @Option(names = "--schedule", paramLabel = "cosine|constant|sgdr",
      description = "Learning-rate schedule after warm-up: cosine decay, constant, or cosine with warm restarts (SGDR).")
  public Schedule schedule;

  @Option(names = "--restart-period", paramLabel = "P",
      description = "SGDR: first cycle length, in steps (>= 1) or as a share of the run (< 1; default 0.25).")
  public Double restartPeriod;

  @Option(names = "--restart-mult", paramLabel = "K", description = "SGDR: each cycle K times longer than the one before (default 1).")
  public Integer restartMult;

  @Option(names = "--snapshots", paramLabel = "N",
      description = "Keep the last N snapshots under DIR/snapshots (at each SGDR restart, else every steps/N steps); see `orphic community`.")
  public Integer snapshots;

  @Option(names = "--loss", paramLabel = "ce|neutral|poetic", description = "Training loss: cross-entropy (default), the neutral loss (flooding with a disaster threshold) or the poetic loss (cross-entropy with an entropy bonus, docs/poetic-training.md).")
  public Loss loss;

  @Option(names = "--poetic-alpha", paramLabel = "A", description = "Poetic loss: weight α in [0, 1] of the cross-entropy; 1 − α rewards the entropy of the prediction (default 0.9).")
  public Double poeticAlpha;

  @Option(names = "--entropy-band", paramLabel = "LO:HI", description = "Poetic loss: penalise per-token entropies below LO or above HI bits (e.g. 1.0:2.5).")
  public String entropyBand;

  @Option(names = "--band-weight", paramLabel = "W", description = "Poetic loss: weight of the entropy-band penalty (default 0.1 when --entropy-band is given).")
  public Double bandWeight;

  @Option(names = "--flood", paramLabel = "B|mean", description = "Neutral loss: flood level in nats, or 'mean' for the batch mean (default).")
  public String flood;

  @Option(names = "--disaster", paramLabel = "D", description = "Neutral loss: tokens whose loss exceeds D nats are dropped (default 5; 0 = none).")
  public Double disaster;

  @Option(names = "--neutral-lambda", paramLabel = "L", description = "Neutral loss: share of the flooded term, in [0, 1] (default 0.5).")
  public Double neutralLambda;

  @Option(names = "--label-smoothing", paramLabel = "E", description = "Label smoothing of the cross-entropy, in [0, 1) (default 0; 0.1 with --loss neutral).")
  public Double labelSmoothing;

  @Option(names = "--optimizer", paramLabel = "adamw|sgld|psgld",
      description = "adamw (default), sgld (Langevin dynamics: samples, never settles) or psgld (SGLD with an RMSprop preconditioner).")
  public OptimizerKind optimizer;

  @Option(names = "--sgld-noise", paramLabel = "T", description = "SGLD temperature (default: 1/training tokens, the Bayesian posterior).")
  public Double sgldNoise;

  @Option(names = "--community", paramLabel = "M",
      description = "Train a community of M members together (negative-correlation learning, gated mixture); each member has the given sizes.")
  public Integer community;

  @Option(names = "--ncl-lambda", paramLabel = "L", description = "Community: weight of the divergence term (default 0.5).")
  public Double nclLambda;

  @Option(names = "--no-gate", description = "Community: mix the members uniformly instead of through the learned gate.")
  public boolean noGate;

  @Option(names = "--warmup-steps", paramLabel = "N", description = "Linear warm-up steps.")
  public Integer warmupSteps;

  @Option(names = "--clip", paramLabel = "NORM", description = "Gradient-norm clip (0 = off).")
  public Double clip;

  @Option(names = "--weight-decay", paramLabel = "W", description = "Decoupled weight decay.")
  public Double weightDecay;

  @Option(names = "--beta2", paramLabel = "B2", description = "AdamW second-moment decay (default 0.99; PyTorch's default is 0.999).")
  public Double beta2;

  @Option(names = "--decay-all", description = "Apply weight decay to every parameter, biases and norms included (as PyTorch's AdamW does by default).")
  public boolean decayAll;

  @Option(names = "--eval-every", paramLabel = "N", description = "Steps between validations and checkpoints (default 250).")
  public Integer evalEvery;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed for initialisation, batches and dropout.")
  public Long seed;

  @Option(names = "--threads", paramLabel = "P", description = "Kernel threads (default: all processors).")
  public Integer threads;

  @Option(names = "--tokenizer", paramLabel = "char|bpe:N", converter = TokenizerConverter.class,
      description = "char (the corpus's characters), char:haze (haze's lower-cased vocabulary; the default for --arch haze) or bpe:N (byte-level BPE with N ids learnt from the corpus).")
  public Tokenizer tokenizer;

  @Option(names = "--void", paramLabel = "on|off|sink|kv",
      description = "blanchot: the attention void (on = kv: learnable void key, value and logit; sink: logit only; off). Default on.")
  public String voidMode;

  @Option(names = "--residual-scores", description = "blanchot: each layer's attention logits add the previous layer's (RealFormer).")
  public boolean residualScores;

  @Option(names = "--output-gate", description = "blanchot: sigmoid gate on each head's output (starts at 1/2).")
  public boolean outputGate;

  @Option(names = "--dense", description = "blanchot: every block reads a learned weighted sum of all earlier block outputs (DenseFormer; identity at start).")
  public boolean dense;

  @Option(names = "--dense-window", paramLabel = "N", description = "blanchot: the dense composition reads only the last N outputs (implies --dense; 0 = all).")
  public Integer denseWindow;

  @Option(names = "--dense-dilation", paramLabel = "K", description = "blanchot: the dense composition reads every K-th output back from the newest (implies --dense; default 1).")
  public Integer denseDilation;

  @Option(names = "--orphic-embedding", description = "blanchot: token embedding plus a rarity-scaled solitude vector (rarity from the training corpus).")
  public boolean orphicEmbedding;

  @Option(names = "--orphic-gamma", paramLabel = "G", description = "blanchot: weight of the solitude vector (default 0.1).")
  public Float orphicGamma;

  @Option(names = "--backward-twin", paramLabel = "W",
      description = "blanchot: train a right-to-left twin and pull the model's states toward what it has read of the future, with weight W (0 = off).")
  public Float backwardTwin;

  @Option(names = "--twin-layers", paramLabel = "L", description = "blanchot: blocks of the backward twin (default 1).")
  public Integer twinLayers;

  @Option(names = "--style-conditioning",
      description = "gpt: one learned style per --corpus (named after the file, or --style-names), injected into every block as FiLM; at sampling: --style NAME=W,…")
  public boolean styleConditioning;

  @Option(names = "--style-names", paramLabel = "A,B,…", split = ",", description = "gpt: the styles' names, one per --corpus in order (implies --style-conditioning).")
  public List<String> styleNames;

  @Option(names = "--style-dim", paramLabel = "E", description = "gpt: width of the learned style vectors (default 16).")
  public Integer styleDim;

  @Option(names = "--attention-drop", paramLabel = "P", description = "gpt: drop a share P of attention connections during training (never the diagonal; 0 = off).")
  public Float attentionDrop;

  @Option(names = "--position-noise", paramLabel = "S", description = "gpt: Gaussian noise of std S·t/T on position t's embedding during training (0 = off).")
  public Float positionNoise;

  @Option(names = "--position-drop", paramLabel = "P", description = "gpt: zero a share P of the position embeddings during training (0 = off).")
  public Float positionDrop;

  @Option(names = "--phonetic", paramLabel = "K", description = "gpt: add an embedding of each token's sound class (Double Metaphone, K classes; 0 = off).")
  public Integer phonetic;

  @Option(names = "--resume", description = "Continue exactly from DIR's saved training state.")
  public boolean resume;

  @Option(names = "--json", description = "Last stdout line: a JSON summary (params, steps, train_loss, val_loss, tokens_per_second, …).")
  public boolean json;

  /** The first range violation as a usage message, or null when every given value is in range. */
  String invalid() {
    if (layers != null && layers < 1) return "--layers must be >= 1, got " + layers;
    if (heads != null && heads < 1) return "--heads must be >= 1, got " + heads;
    if (dim != null && dim < 1) return "--dim must be >= 1, got " + dim;
    if (heads != null && dim != null && dim % heads != 0) return "--dim (" + dim + ") must be a multiple of --heads (" + heads + ")";
    if (context != null && context < 1) return "--context must be >= 1, got " + context;
    if (batch != null && batch < 1) return "--batch must be >= 1, got " + batch;
    if (steps != null && steps < 1) return "--steps must be >= 1, got " + steps;
    if (minutes != null && !(minutes > 0)) return "--minutes must be > 0, got " + minutes;
    if (lr != null && !(lr > 0)) return "--lr must be > 0, got " + lr;
    if (warmupSteps != null && warmupSteps < 0) return "--warmup-steps must be >= 0, got " + warmupSteps;
    if (clip != null && !(clip >= 0)) return "--clip must be >= 0 (0 = off), got " + clip;
    if (weightDecay != null && !(weightDecay >= 0)) return "--weight-decay must be >= 0, got " + weightDecay;
    if (beta2 != null && !(beta2 > 0 && beta2 < 1)) return "--beta2 must be in (0, 1), got " + beta2;
    if (evalEvery != null && evalEvery < 1) return "--eval-every must be >= 1, got " + evalEvery;
    if (threads != null && threads < 1) return "--threads must be >= 1, got " + threads;
    if (arch != Arch.blanchot && blanchotOptionGiven()) {
      return "--void, --residual-scores, --output-gate, --dense*, --orphic-*, --backward-twin and --twin-layers need --arch blanchot";
    }
    if (poeticOptionGiven() && arch != null && arch != Arch.gpt) {
      return "--style-*, --attention-drop, --position-noise, --position-drop and --phonetic need --arch gpt";
    }
    if (attentionDrop != null && !(attentionDrop >= 0 && attentionDrop < 1)) return "--attention-drop must be in [0, 1), got " + attentionDrop;
    if (positionDrop != null && !(positionDrop >= 0 && positionDrop < 1)) return "--position-drop must be in [0, 1), got " + positionDrop;
    if (positionNoise != null && !(positionNoise >= 0)) return "--position-noise must be >= 0, got " + positionNoise;
    if (phonetic != null && (phonetic < 0 || phonetic == 1)) return "--phonetic must be 0 (off) or at least 2 classes, got " + phonetic;
    if (styleDim != null && styleDim < 1) return "--style-dim must be >= 1, got " + styleDim;
    if ((styleConditioning || styleNames != null) && corpus != null && corpus.size() < 2) {
      return "--style-conditioning needs at least two --corpus files (one style each)";
    }
    if (styleNames != null && corpus != null && styleNames.size() != corpus.size()) {
      return "--style-names gives " + styleNames.size() + " names for " + corpus.size() + " --corpus files: give one per corpus";
    }
    if (voidMode != null && !List.of("on", "off", "sink", "kv").contains(voidMode)) return "--void must be on, off, sink or kv, got " + voidMode;
    if (denseWindow != null && denseWindow < 0) return "--dense-window must be >= 0 (0 = all), got " + denseWindow;
    if (denseDilation != null && denseDilation < 1) return "--dense-dilation must be >= 1, got " + denseDilation;
    if (backwardTwin != null && !(backwardTwin >= 0)) return "--backward-twin must be >= 0 (0 = off), got " + backwardTwin;
    if (twinLayers != null && twinLayers < 1) return "--twin-layers must be >= 1, got " + twinLayers;
    if (restartPeriod != null && !(restartPeriod > 0)) return "--restart-period must be > 0, got " + restartPeriod;
    if (restartMult != null && restartMult < 1) return "--restart-mult must be >= 1, got " + restartMult;
    if (snapshots != null && snapshots < 0) return "--snapshots must be >= 0, got " + snapshots;
    if (flood != null && !flood.equals("mean") && !isNonNegativeNumber(flood)) return "--flood must be a loss in nats (>= 0) or 'mean', got " + flood;
    if (disaster != null && !(disaster >= 0)) return "--disaster must be >= 0 (0 = none), got " + disaster;
    if (neutralLambda != null && !(neutralLambda >= 0 && neutralLambda <= 1)) return "--neutral-lambda must be in [0, 1], got " + neutralLambda;
    if (labelSmoothing != null && !(labelSmoothing >= 0 && labelSmoothing < 1)) return "--label-smoothing must be in [0, 1), got " + labelSmoothing;
    if (sgldNoise != null && !(sgldNoise > 0)) return "--sgld-noise must be > 0, got " + sgldNoise;
    if (sgldNoise != null && optimizer == OptimizerKind.adamw) return "--sgld-noise is SGLD's temperature: use it with --optimizer sgld or psgld";
    if (community != null && (community < 2 || community > 64)) return "--community must be between 2 and 64 members, got " + community;
    if (nclLambda != null && !(nclLambda >= 0)) return "--ncl-lambda must be >= 0, got " + nclLambda;
    if (community != null && loss != null && loss != Loss.ce) return "--community trains with its own loss: drop --loss " + loss;
    if ((poeticAlpha != null || entropyBand != null || bandWeight != null) && loss != Loss.poetic) {
      return "--poetic-alpha, --entropy-band and --band-weight need --loss poetic";
    }
    if (poeticAlpha != null && !(poeticAlpha >= 0 && poeticAlpha <= 1)) return "--poetic-alpha must be in [0, 1] (1 = cross-entropy), got " + poeticAlpha;
    if (entropyBand != null && entropyBand() == null) return "--entropy-band must be LO:HI bits with 0 <= LO <= HI, got " + entropyBand;
    if (bandWeight != null && !(bandWeight >= 0 && Double.isFinite(bandWeight))) return "--band-weight must be >= 0, got " + bandWeight;
    if (bandWeight != null && bandWeight > 0 && entropyBand == null) return "--band-weight needs --entropy-band LO:HI";
    if (loss == Loss.poetic && labelSmoothing != null && labelSmoothing != 0) return "the poetic loss's cross-entropy is unsmoothed: drop --label-smoothing";
    return null;
  }

  /** --entropy-band parsed as {LO, HI}, or null when it is not LO:HI with 0 <= LO <= HI. */
  double[] entropyBand() {
    if (entropyBand == null) return null;
    String[] parts = entropyBand.split(":", -1);
    if (parts.length != 2) return null;
    try {
      double lo = Double.parseDouble(parts[0].trim()), hi = Double.parseDouble(parts[1].trim());
      return lo >= 0 && hi >= lo && Double.isFinite(hi) ? new double[] {lo, hi} : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean isNonNegativeNumber(String s) {
    try {
      return Double.parseDouble(s) >= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private boolean blanchotOptionGiven() {
    return voidMode != null || residualScores || outputGate || dense || denseWindow != null || denseDilation != null || orphicEmbedding
        || orphicGamma != null || backwardTwin != null || twinLayers != null;
  }

  private boolean poeticOptionGiven() {
    return styleConditioning || styleNames != null || styleDim != null || attentionDrop != null || positionNoise != null || positionDrop != null
        || phonetic != null;
  }

  /** The poetic options given (docs/poetic.md), with style names from --style-names or the --corpus file names. */
  public orphic.lm.model.PoeticOptions poeticOptions() {
    var p = orphic.lm.model.PoeticOptions.none();
    if (styleConditioning || styleNames != null) {
      List<String> names = styleNames != null ? styleNames : orphic.lm.train.TrainJob.styleNames(corpus);
      if (names.size() != corpus.size()) {
        throw new IllegalArgumentException("--style-names gives " + names.size() + " names for " + corpus.size() + " --corpus arguments: give one per corpus");
      }
      if (names.size() < 2) throw new IllegalArgumentException("style conditioning needs at least two --corpus arguments (one per style)");
      p = p.withStyles(names, styleDim != null ? styleDim : 16);
    }
    return p.withAttentionDrop(attentionDrop != null ? attentionDrop : 0f)
        .withPositionNoise(positionNoise != null ? positionNoise : 0f, positionDrop != null ? positionDrop : 0f)
        .withPhonetic(phonetic != null ? phonetic : 0, null);
  }

  /** The blanchot switches given (defaults for the rest). */
  public orphic.lm.model.BlanchotOptions blanchotOptions() {
    var d = orphic.lm.model.BlanchotOptions.defaults();
    return d.withVoidMode(voidMode != null ? voidMode : d.voidMode())
        .withResidualScores(residualScores)
        .withOutputGate(outputGate)
        .withDense(dense || denseWindow != null || denseDilation != null, denseWindow != null ? denseWindow : 0, denseDilation != null ? denseDilation : 1)
        .withOrphicEmbedding(orphicEmbedding, orphicGamma != null ? orphicGamma : d.orphicGamma())
        .withBackwardTwin(backwardTwin != null ? backwardTwin : 0f, twinLayers != null ? twinLayers : 1);
  }
}
