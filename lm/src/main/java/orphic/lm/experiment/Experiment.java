package orphic.lm.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import orphic.engine.io.AtomicFiles;
import orphic.lm.metrics.CharacterCorruption;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Models;
import orphic.lm.text.Corpus;
import orphic.lm.text.Split;
import orphic.lm.train.Presets;
import orphic.lm.train.TrainConfig;
import orphic.lm.train.TrainJob;
import orphic.lm.train.Trainer;

/**
 * Trains variants × seeds on the same corpus, tokenizer, batch, context and budget, one after the
 * other, measures each trained model ({@link ModelMetrics} plus the variant's own figures) and
 * writes a report:
 *
 * <pre>
 *   DIR/
 *     report.md          the comparison table, the command, the machine, the curves as a table
 *     results.json       everything, machine-readable (format "orphic-experiment")
 *     val-loss-seconds.png, val-loss-tokens.png, train-loss-seconds.png, train-loss-tokens.png
 *     val-curves.csv, train-curves.csv
 *     &lt;variant&gt;-s&lt;seed&gt;/   a model directory per run, plus curve.jsonl and run.json (the run's results)
 * </pre>
 *
 * <p>Resumable: a run already in results.json or with a run.json is not trained again, and a run
 * interrupted midway continues from its checkpoint. Running the same command again completes an
 * experiment; adding variants or seeds to it trains only the new runs. A different setup (corpus,
 * budget, sizes…) in the same directory is refused. The report is rewritten after every run.
 *
 * <p>With a time budget, every variant first trains a few throwaway steps, so that the first run
 * does not pay the JIT compiler's warm-up out of its budget.
 */
public final class Experiment {
  /** The file names an experiment directory holds. */
  public static final String REPORT = "report.md";
  public static final String RESULTS = "results.json";
  static final String RUN = "run.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Setup setup;
  private volatile Trainer current;
  private volatile boolean stopRequested;

  public Experiment(Setup setup) {
    this.setup = Objects.requireNonNull(setup);
  }

  /** Hears about runs, and about training steps through the {@link Trainer.Listener} methods. */
  public interface Listener extends Trainer.Listener {
    /** A run is about to be prepared and trained ({@code index} from 1 to {@code total}). */
    default void onRunStart(String run, int index, int total, boolean resuming) {}

    /** A run was found finished on disk and is not trained again. */
    default void onRunSkipped(RunResult result, int index, int total) {}

    /** A run finished training and measuring. */
    default void onRunDone(RunResult result, int index, int total) {}
  }

  /** What an experiment produced. */
  public record Outcome(Path dir, Path report, Path results, List<RunResult> runs, List<VariantSummary> summary,
      List<Path> plots, String plotProblem, boolean stopped) {}

  /** Asks the current run to checkpoint and stop; the experiment then returns with {@code stopped}. */
  public void requestStop() {
    stopRequested = true;
    Trainer t = current;
    if (t != null) t.requestStop();
  }

  /**
   * What to run; build one with {@link #builder}.
   *
   * @param corpus        training text (files or folders)
   * @param variants      variant names ({@link Variants})
   * @param seeds         runs per variant, with seeds firstSeed, firstSeed + 1, …
   * @param firstSeed     seed of the first run of each variant (initialisation and batch order)
   * @param minutes       wall-clock training budget per run (0 = use steps)
   * @param steps         step budget per run (0 = use minutes); exactly one of the two is set
   * @param tokenizer     char, char:haze or bpe:N, shared by all runs
   * @param layers        blocks (null = the preset's); variants may override sizes
   * @param heads         heads (null = preset)
   * @param dim           width (null = preset)
   * @param context       context T (null = preset), shared by all runs
   * @param batch         sequences per step (null = TrainConfig's default), shared by all runs
   * @param evalEvery     steps between validations (null = TrainConfig's default)
   * @param warmupSteps   throwaway steps per variant before timed runs (only with minutes)
   * @param metrics       how the trained models are measured
   * @param out           the experiment directory
   * @param command       the command line, for the report
   */
  public record Setup(List<Path> corpus, List<String> variants, int seeds, long firstSeed, double minutes, long steps,
      String tokenizer, Integer layers, Integer heads, Integer dim, Integer context, Integer batch, Long evalEvery,
      int warmupSteps, ModelMetrics.Options metrics, Path out, String command) {
    public Setup {
      corpus = List.copyOf(corpus);
      variants = List.copyOf(variants);
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(metrics, "metrics");
      if (seeds < 1) throw new IllegalArgumentException("seeds must be at least 1, got " + seeds);
      if ((minutes > 0) == (steps > 0)) throw new IllegalArgumentException("give exactly one budget: minutes (> 0) or steps (> 0)");
      if (minutes < 0 || steps < 0) throw new IllegalArgumentException("budgets must be positive");
      if (warmupSteps < 0) throw new IllegalArgumentException("warm-up steps must be >= 0");
      if (tokenizer == null) tokenizer = "char";
      if (command == null) command = "";
    }

    /** What must match for runs on disk to be reused (everything but variants, seeds and the command). */
    ObjectNode identity(String corpusDigest) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("corpus_sha256", corpusDigest);
      o.put("minutes", minutes);
      o.put("steps", steps);
      o.put("tokenizer", tokenizer);
      putInt(o, "layers", layers);
      putInt(o, "heads", heads);
      putInt(o, "dim", dim);
      putInt(o, "context", context);
      putInt(o, "batch", batch);
      if (evalEvery == null) o.putNull("eval_every");
      else o.put("eval_every", evalEvery);
      o.put("samples", metrics.samples());
      o.put("sample_tokens", metrics.sampleTokens());
      var c = o.putArray("corruptions");
      metrics.corruptions().forEach(c::add);
      return o;
    }

    private static void putInt(ObjectNode o, String k, Integer v) {
      if (v == null) o.putNull(k);
      else o.put(k, v);
    }
  }

  /** A builder; every option states its default. */
  public static Builder builder(List<Path> corpus, List<String> variants, Path out) {
    return new Builder(corpus, variants, out);
  }

  /** Builds a {@link Setup}. */
  public static final class Builder {
    private final List<Path> corpus;
    private final List<String> variants;
    private final Path out;
    private int seeds = 1;
    private long firstSeed = 1;
    private double minutes;
    private long steps;
    private String tokenizer = "char";
    private Integer layers, heads, dim, context, batch;
    private Long evalEvery;
    private Integer warmupSteps;
    private ModelMetrics.Options metrics = ModelMetrics.Options.defaults();
    private String command = "";

    private Builder(List<Path> corpus, List<String> variants, Path out) {
      this.corpus = corpus;
      this.variants = variants;
      this.out = out;
    }

    /** Default 1. */
    public Builder seeds(int n) {
      seeds = n;
      return this;
    }

    /** Default 1. */
    public Builder firstSeed(long s) {
      firstSeed = s;
      return this;
    }

    /** Wall-clock minutes per run; no default: give this or {@link #steps}. */
    public Builder minutes(double m) {
      minutes = m;
      return this;
    }

    /** Steps per run (for quick checks and tests); no default: give this or {@link #minutes}. */
    public Builder steps(long s) {
      steps = s;
      return this;
    }

    /** Default "char". */
    public Builder tokenizer(String t) {
      tokenizer = t;
      return this;
    }

    /** Default: the preset's sizes (null). */
    public Builder sizes(Integer layers, Integer heads, Integer dim, Integer context) {
      this.layers = layers;
      this.heads = heads;
      this.dim = dim;
      this.context = context;
      return this;
    }

    /** Default: TrainConfig's (null). */
    public Builder batch(Integer b) {
      batch = b;
      return this;
    }

    /** Default: TrainConfig's (null). */
    public Builder evalEvery(Long n) {
      evalEvery = n;
      return this;
    }

    /** Default: 20 with a time budget, 0 with a step budget. */
    public Builder warmupSteps(int n) {
      warmupSteps = n;
      return this;
    }

    /** Default: {@link ModelMetrics.Options#defaults()}. */
    public Builder metrics(ModelMetrics.Options m) {
      metrics = m;
      return this;
    }

    /** Default: empty. */
    public Builder command(String c) {
      command = c;
      return this;
    }

    public Setup build() {
      int w = warmupSteps != null ? warmupSteps : (minutes > 0 ? 20 : 0);
      return new Setup(corpus, variants, seeds, firstSeed, minutes, steps, tokenizer, layers, heads, dim, context, batch, evalEvery,
          w, metrics, out, command);
    }
  }

  /** Runs what is not done yet and writes the report. */
  public Outcome run(Listener listener) throws IOException {
    Listener l = listener == null ? new Listener() {} : listener;
    List<Variant> variants = Variants.forNames(setup.variants());
    for (Variant v : variants) preflight(v);
    Path out = setup.out();
    if (Files.exists(out) && !Files.isDirectory(out)) throw new IOException(out + " exists and is not a directory: choose another --out");
    Corpus corpus = Corpus.read(setup.corpus());
    Files.createDirectories(out);
    ObjectNode identity = setup.identity(corpus.digest());
    Map<String, RunResult> done = readResults(out, identity);

    MachineFacts machine = MachineFacts.current();
    List<String> order = new ArrayList<>(variants.stream().map(Variant::name).toList());
    int total = variants.size() * setup.seeds();
    int index = 0;
    boolean warmedUp = setup.warmupSteps() == 0;
    boolean stopped = false;
    ReportWriter.Written written = null;
    outer:
    for (int s = 0; s < setup.seeds(); s++) {
      long seed = setup.firstSeed() + s;
      for (Variant v : variants) {
        index++;
        String name = RunResult.dirName(v.name(), seed);
        Path runDir = out.resolve(name);
        RunResult finished = done.get(name);
        if (finished == null) finished = readRunFile(runDir);
        if (finished != null) {
          done.put(name, finished);
          l.onRunSkipped(finished, index, total);
          continue;
        }
        if (stopRequested) {
          stopped = true;
          break outer;
        }
        if (!warmedUp) {
          warmUp(variants, l);
          warmedUp = true;
        }
        RunResult r = train(v, seed, runDir, corpus, index, total, l);
        if (r == null) {
          stopped = true;
          break outer;
        }
        AtomicFiles.writeString(runDir.resolve(RUN), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r.toJson()) + "\n");
        done.put(name, r);
        written = ReportWriter.write(out, setup, identity, machine, order, done.values());
        l.onRunDone(r, index, total);
      }
    }
    if (written == null) written = ReportWriter.write(out, setup, identity, machine, order, done.values()); // nothing trained now
    List<RunResult> runs = new ArrayList<>(done.values());
    return new Outcome(out, out.resolve(REPORT), out.resolve(RESULTS), runs, written.summary(), written.plots(), written.plotProblem(), stopped);
  }

  // ------------------------------------------------------------------ one run

  private RunResult train(Variant v, long seed, Path runDir, Corpus corpus, int index, int total, Listener l) throws IOException {
    ModelDirectory dir = new ModelDirectory(runDir);
    boolean resume = Files.isRegularFile(dir.file(ModelDirectory.TRAIN_STATE)) && Files.isRegularFile(dir.file(ModelDirectory.CONFIG));
    if (!resume && Files.isDirectory(runDir)) {
      // a run that died before its first checkpoint: start it again from nothing
      for (String f : List.of(ModelDirectory.TRAIN_LOG, ModelDirectory.SAMPLES, LossCurve.FILE, ModelDirectory.WEIGHTS)) {
        Files.deleteIfExists(dir.file(f));
      }
    }
    l.onRunStart(runDir.getFileName().toString(), index, total, resume);
    TrainJob.Spec spec = variantSpec(v, seed, runDir, resume, trainConfig(seed));
    LossCurve.Recorder recorder = new LossCurve.Recorder(dir, l);
    TrainJob.Prepared job = TrainJob.prepare(spec, recorder, v::model);
    ModelConfig mc = job.model().config();
    recorder.tokensPerStep((long) spec.train().batch() * mc.context());
    current = job.trainer();
    if (stopRequested) job.trainer().requestStop();
    Trainer.Summary summary;
    try {
      summary = job.run(0);
    } finally {
      current = null;
    }
    if (summary.stoppedEarly()) return null;

    int[] ids = job.tokenizer().encode(corpus.text());
    Split split = Split.of(ids, mc.context());
    int[] val = Arrays.copyOfRange(ids, split.boundary(), ids.length);
    int[] alphabet = CharacterCorruption.alphabet(job.tokenizer().decode(ids));
    l.onMessage("measuring " + runDir.getFileName() + ": validation, calibration, corruption, samples, novelty, entropy rate");
    String trainingText = job.tokenizer().decode(Arrays.copyOf(ids, split.boundary()));
    ModelMetrics.Measurement m = ModelMetrics.measure(job.model(), job.tokenizer(), val, alphabet, trainingText, setup.metrics());
    Map<String, Double> metrics = new LinkedHashMap<>(m.values());
    metrics.putAll(v.measure(job.model(), val));
    return new RunResult(v.name(), seed, runDir.getFileName().toString(),
        (spec.train().trainsCommunity() ? spec.train().community() + "× " : "") + describe(mc), summary.params(), summary.steps(),
        summary.tokensSeen(), summary.trainLoss(), summary.valLoss(), summary.bestValLoss(), summary.tokensPerSecond(),
        summary.seconds(), metrics, m.samples());
  }

  /**
   * TrainConfig's defaults with the experiment's budget, batch, validation cadence and seed; no
   * samples during training (they would spend the budget; the measured samples are in run.json).
   */
  private TrainConfig trainConfig(long seed) {
    TrainConfig d = TrainConfig.defaults();
    return new TrainConfig(setup.steps(), setup.minutes(), setup.batch() != null ? setup.batch() : d.batch(), d.learningRate(),
        d.minLearningRate(), d.schedule(), d.warmupSteps(), d.clip(), d.weightDecay(), d.decayAll(), d.beta1(), d.beta2(), seed,
        setup.evalEvery() != null ? setup.evalEvery() : d.evalEvery(), d.evalStride(), 0, d.checkpointSeconds());
  }

  /** The variant's spec, checked to keep what every run must share. */
  private TrainJob.Spec variantSpec(Variant v, long seed, Path runDir, boolean resume, TrainConfig train) {
    TrainJob.Spec base = new TrainJob.Spec(setup.corpus(), "gpt", setup.tokenizer(), setup.layers(), setup.heads(), setup.dim(),
        setup.context(), null, seed, train, runDir, resume);
    TrainJob.Spec s = v.spec(base);
    TrainConfig regime = v.train(s.train());
    if (!Objects.equals(s.corpus(), base.corpus()) || !Objects.equals(s.tokenizer(), base.tokenizer())
        || !Objects.equals(s.context(), base.context()) || !Objects.equals(s.train(), base.train())
        || !Objects.equals(base.train().withRegimeOf(regime), regime)
        || !Objects.equals(s.seed(), base.seed()) || !Objects.equals(s.out(), base.out()) || s.resume() != base.resume()) {
      throw new IllegalStateException("variant '" + v.name() + "' changes the corpus, tokenizer, context, seed, training settings or"
          + " directory that all runs of an experiment share: a variant may change only the architecture, the model's sizes and the"
          + " training regime (loss, optimizer, schedule kind, snapshots, community)");
    }
    return new TrainJob.Spec(s.corpus(), s.arch(), s.tokenizer(), s.layers(), s.heads(), s.dim(), s.context(), s.dropout(), s.seed(),
        regime, s.out(), s.resume());
  }

  /** Fails before any training when a variant cannot be built in this build (e.g. an architecture not in it). */
  private void preflight(Variant v) {
    TrainJob.Spec s = variantSpec(v, setup.firstSeed(), setup.out().resolve(".preflight"), false, trainConfig(setup.firstSeed()));
    try {
      ModelConfig c = v.model(Presets.model(s.arch() == null ? "gpt" : s.arch(), 64, s.layers(), s.heads(), s.dim(), s.context(), null, 1L));
      Models.build(c);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      throw new IllegalArgumentException("variant '" + v.name() + "' cannot run in this build: " + e.getMessage(), e);
    }
  }

  /** A few untimed steps of every variant, so that no timed run pays for the JIT's warm-up. */
  private void warmUp(List<Variant> variants, Listener l) throws IOException {
    // one folder per process: several commands may fill one experiment at once (--concurrent)
    Path root = setup.out().resolve(".warmup-" + ProcessHandle.current().pid());
    try {
      for (Variant v : variants) {
        l.onMessage("warming up " + v.name() + " (" + setup.warmupSteps() + " untimed steps)");
        TrainConfig t = trainConfig(setup.firstSeed());
        t = new TrainConfig(setup.warmupSteps() + 1L, 0, t.batch(), t.learningRate(), t.minLearningRate(), t.schedule(), t.warmupSteps(),
            t.clip(), t.weightDecay(), t.decayAll(), t.beta1(), t.beta2(), t.seed(), Long.MAX_VALUE / 2, t.evalStride(), 0, 1e9);
        TrainJob.Spec s = variantSpec(v, setup.firstSeed(), root.resolve(v.name()), false, t);
        TrainJob.Prepared job = TrainJob.prepare(s, null, v::model);
        current = job.trainer();
        if (stopRequested) job.trainer().requestStop();
        try {
          job.run(setup.warmupSteps());
        } finally {
          current = null;
        }
        if (stopRequested) return;
      }
    } finally {
      deleteTree(root);
    }
  }

  // ------------------------------------------------------------------ files

  /** Finished runs of results.json, after checking it describes the same setup. */
  private static Map<String, RunResult> readResults(Path out, ObjectNode identity) throws IOException {
    Map<String, RunResult> done = new LinkedHashMap<>();
    Path f = out.resolve(RESULTS);
    if (!Files.isRegularFile(f)) return done;
    var tree = JSON.readTree(f.toFile());
    if (tree == null || !"orphic-experiment".equals(tree.path("format").asText())) {
      throw new IOException(f + " is not an Orphic experiment's results file: choose another --out");
    }
    var old = tree.path("setup");
    for (var e : identity.properties()) {
      if (!e.getValue().toString().equals(old.path(e.getKey()).toString())) { // text: 250 read back is an int, written a long
        throw new IOException(out + " holds an experiment with a different setup (" + e.getKey() + " " + old.path(e.getKey()) + ", now "
            + e.getValue() + "): rerun with the same options to continue it, or choose another --out");
      }
    }
    for (var r : tree.path("runs")) {
      RunResult run = RunResult.fromJson(r);
      done.put(run.dir(), run);
    }
    return done;
  }

  private static RunResult readRunFile(Path runDir) throws IOException {
    Path f = runDir.resolve(RUN);
    if (!Files.isRegularFile(f)) return null;
    return RunResult.fromJson(JSON.readTree(f.toFile()));
  }

  private static String describe(ModelConfig c) {
    String kind = c.arch().equals("haze") && c.headKind() != null ? "/" + c.headKind() : "";
    return String.format(Locale.ROOT, "%s%s L%d H%d D%d T%d V%d", c.arch(), kind, c.layers(), c.heads(), c.dim(), c.context(), c.vocabSize());
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
