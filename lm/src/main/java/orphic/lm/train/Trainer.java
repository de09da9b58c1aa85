package orphic.lm.train;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orphic.engine.nn.Module;
import orphic.engine.nn.ParameterStore;
import orphic.engine.ops.Ops;
import orphic.engine.blanchot.NeutralLoss;
import orphic.engine.loss.PoeticLoss;
import orphic.engine.optim.AdamW;
import orphic.engine.optim.GradClip;
import orphic.engine.optim.LrSchedule;
import orphic.engine.optim.Optimizer;
import orphic.engine.optim.Sgdr;
import orphic.engine.optim.Sgld;
import orphic.engine.tensor.Arena;
import orphic.engine.tensor.Tensor;
import orphic.lm.generate.Generator;
import orphic.lm.model.CommunityModel;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.tokenize.Tokenizer;

/**
 * The training loop: AdamW (or SGLD) with warm-up + cosine decay (or constant, or warm restarts),
 * gradient clipping, periodic validation with samples, the best-validation weights kept,
 * checkpoints that resume exactly, and optionally snapshots of the model it passes through.
 *
 * <p>Exact resume: batches are a pure function of (seed, step) ({@link BatchSampler}); a
 * checkpoint holds the parameters, the optimizer moments, the step and every random stream of the
 * model. A run restarted with {@code resume} from a checkpoint taken after step s reaches the same
 * parameters, bit for bit, as an uninterrupted run (same seed and thread count).
 *
 * <p>One step: [B, T] ids → logits [B, T, V] → mean cross-entropy (or the neutral loss, or a
 * community's negative-correlation loss) → backward → clip → optimizer step. The regime is
 * defined in docs/blanchot-training.md.
 * Activations live in an {@link Arena} rewound every step, so a step allocates no float arrays
 * after the first.
 */
public final class Trainer {
  /** What a listener hears after each step. */
  public record Progress(long step, long totalSteps, double loss, double learningRate, double gradNorm,
      double tokensPerSecond, double elapsedSeconds, double etaSeconds) {}

  /** Receives progress, validations, samples and notes (on the training thread). */
  public interface Listener {
    default void onStep(Progress p) {}

    default void onEval(long step, double trainLoss, double valLoss, List<String> samples) {}

    default void onMessage(String message) {}
  }

  /** The outcome, with the field names of {@code train --json}. */
  public record Summary(long params, long steps, long tokensSeen, double trainLoss, double valLoss,
      double bestValLoss, double tokensPerSecond, double seconds, String out, boolean stoppedEarly) {}

  private final LanguageModel model;
  private final Module trainable;
  private final String weightsFile;
  private final Tokenizer tokenizer;
  private final int[] train;
  private final int[] val;
  private final int[] charsPerToken;
  private final TrainConfig config;
  private final ModelDirectory dir;
  private final Listener listener;
  private final ParameterStore store;
  private final Optimizer optimizer;
  private final NeutralLoss neutral; // null for cross-entropy
  private final PoeticLoss poetic;   // null unless --loss poetic
  private final Arena arena = new Arena();
  private volatile boolean stopRequested;

  private long step;
  private long totalSteps;
  private long tokensSeen;
  private double bestVal = Double.POSITIVE_INFINITY;
  private double secondsBefore; // training time of earlier runs (resume)

  private int[] styleSpanEnds; // style conditioning: end of each style's tokens in the training split, or null

  public Trainer(LanguageModel model, Tokenizer tokenizer, int[] train, int[] val, TrainConfig config,
      ModelDirectory dir, Listener listener) {
    this(model, model.module(), ModelDirectory.WEIGHTS, tokenizer, train, val, config, dir, listener);
  }

  /**
   * A trainer that optimises only {@code trainable}'s parameters (e.g. a LoRA adapter's A and B,
   * while {@code model} runs through them): the optimizer, the checkpoints and the best weights
   * (written to {@code weightsFile} in {@code dir}) hold {@code trainable}'s state, and the model's
   * module keeps its mode and random streams.
   */
  public Trainer(LanguageModel model, Module trainable, String weightsFile, Tokenizer tokenizer, int[] train, int[] val,
      TrainConfig config, ModelDirectory dir, Listener listener) {
    this.trainable = trainable;
    this.weightsFile = weightsFile;
    this.model = model;
    this.tokenizer = tokenizer;
    this.train = train;
    this.val = val;
    this.config = config;
    this.dir = dir;
    this.listener = listener == null ? new Listener() {} : listener;
    this.store = new ParameterStore(trainable, config.decayAll() ? ParameterStore.DECAY_ALL : ParameterStore.DECAY_MATRICES);
    this.optimizer = optimizer(config, store, train.length);
    this.neutral = config.loss().equals("neutral") ? new NeutralLoss(neutralOptions(config)) : null;
    this.poetic = config.loss().equals("poetic") ? new PoeticLoss(poeticOptions(config)) : null;
    if (config.trainsCommunity() && !(model instanceof CommunityModel)) {
      throw new IllegalArgumentException("the training config asks for a community of " + config.community() + " but the model is a single "
          + model.config().arch() + ": build it with TrainJob (or a CommunityModel)");
    }
    this.charsPerToken = Evaluator.charsPerToken(tokenizer);
    // With a time budget the length is fixed after a few steps (see run); steps, if given, cap it.
    this.totalSteps = config.steps() > 0 ? config.steps() : Long.MAX_VALUE;
  }

  /** Asks the loop to stop after the current step, save a checkpoint and return (Ctrl-C). */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Style conditioning: the exclusive end, in training-split tokens, of each style's corpus (in
   * style-id order); each batch row then trains the style of the corpus its window starts in.
   * Validation and samples use the model's free style vector.
   */
  public void styleSpans(int[] ends) {
    if (ends != null && orphic.lm.model.StyleConditioned.of(model) == null) {
      throw new IllegalArgumentException("style spans given for a model without style conditioning");
    }
    styleSpanEnds = ends == null ? null : ends.clone();
  }

  public ParameterStore parameters() {
    return store;
  }

  /**
   * Trains to the end of the schedule (or the time budget, or a stop request).
   *
   * @param resume continue from the directory's train-state checkpoint
   * @param stopAfterStep stop (with a checkpoint) once this many steps are done; ≤ 0 = no limit
   *     (used by tests to interrupt a run at a chosen point)
   */
  public Summary run(boolean resume, long stopAfterStep) throws IOException {
    if (resume) restore();
    int b = config.batch();
    int t = model.config().context();
    int v = model.config().vocabSize();
    BatchSampler sampler = new BatchSampler(train, b, t, config.seed());
    int[] x = new int[b * t];
    int[] y = new int[b * t];
    int[] rowStyles = styleSpanEnds != null ? new int[b] : null;
    model.module().train(true);
    long runStart = System.nanoTime();
    long lastCheckpoint = runStart;
    long stepsThisRun = 0;
    double emaLoss = Double.NaN;
    boolean stoppedEarly = false;
    boolean budgetFixed = config.minutes() <= 0;
    double minutesLeft = config.minutes() > 0 ? config.minutes() - secondsBefore / 60 : 0;
    if (!budgetFixed && resume && step >= 10) budgetFixed = true; // the first run already fixed the length
    long lastEvalStep = -1;
    double lastEstimateSeconds = 0;
    long lastEstimateStep = 0;

    while (step < totalSteps) {
      if (stopRequested || (stopAfterStep > 0 && step >= stopAfterStep)) {
        stoppedEarly = true;
        break;
      }
      sampler.fill(step, x, y);
      if (rowStyles != null) {
        // style conditioning: each row trains its corpus's style vector (a pure function of (seed, step) too)
        sampler.styles(step, styleSpanEnds, rowStyles);
        ((orphic.lm.model.StyleConditioned) model).setRowStyles(rowStyles);
      }
      double loss;
      try (var scope = arena.open()) {
        Tensor l;
        double logged = Double.NaN;
        if (model instanceof CommunityModel c) {
          l = c.loss(x, b, t, y);                                        // NCL over the members' [B, T, V]
        } else {
          Tensor logits = model.forward(x, b, t).reshape(b * t, v);      // [B·T, V]
          if (poetic != null) {
            PoeticLoss.Result r = poetic.compute(logits, y);
            l = r.loss();
            logged = r.crossEntropy(); // the poetic loss is minimised, plain cross-entropy is logged: curves compare
          } else {
            l = neutral != null ? neutral.apply(logits, y) : Ops.crossEntropy(logits, y, null, (float) config.labelSmoothing());
          }
        }
        loss = Double.isNaN(logged) ? l.item() : logged;
        // A model's training-only term (blanchot's backward twin) is back-propagated, not logged.
        Tensor aux = model instanceof orphic.lm.model.AuxiliaryLoss a ? a.auxiliaryLoss() : null;
        (aux == null ? l : Ops.add(l, aux)).backward();
      }
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException("training diverged at step " + step + " (loss " + loss + "): lower --lr or enable --clip");
      }
      double norm = config.clip() > 0 ? GradClip.clipGlobalNorm(store, config.clip()) : Double.NaN;
      LrSchedule schedule = schedule();
      double lr = schedule.at(step);
      optimizer.learningRate(lr);
      optimizer.step();
      optimizer.zeroGrad();
      step++;
      stepsThisRun++;
      tokensSeen += (long) b * t;
      if (config.snapshots() > 0 && snapshotDue(schedule)) snapshot();
      emaLoss = Double.isNaN(emaLoss) ? loss : 0.95 * emaLoss + 0.05 * loss;

      double elapsed = (System.nanoTime() - runStart) / 1e9;
      if (config.minutes() > 0 && (stepsThisRun == 10 || (budgetFixed && stepsThisRun % 50 == 0))) {
        // Time budget: set the schedule's length from the speed measured so far (since the last
        // estimate, validations included), and keep correcting it as the JIT warms up.
        double now = elapsed;
        double perStep = (now - lastEstimateSeconds) / (stepsThisRun - lastEstimateStep);
        long more = (long) Math.max(1, (minutesLeft * 60 - now) / perStep);
        long previous = totalSteps;
        totalSteps = Math.min(config.steps() > 0 ? config.steps() : Long.MAX_VALUE, step + more);
        lastEstimateSeconds = now;
        lastEstimateStep = stepsThisRun;
        if (!budgetFixed) {
          listener.onMessage("time budget " + config.minutes() + " min: about " + totalSteps + " steps at "
              + String.format(java.util.Locale.ROOT, "%.3f", perStep) + " s/step");
        }
        budgetFixed = true;
        if (totalSteps <= step) totalSteps = step; // out of time
        if (previous != totalSteps && totalSteps == step) listener.onMessage("time budget reached");
      }
      double tps = stepsThisRun * (double) b * t / Math.max(elapsed, 1e-9);
      double eta = budgetFixed ? (totalSteps - step) * elapsed / stepsThisRun : Double.NaN;
      listener.onStep(new Progress(step, budgetFixed ? totalSteps : -1, loss, lr, norm, tps, secondsBefore + elapsed, eta));
      dir.appendJsonLine(ModelDirectory.TRAIN_LOG, ModelDirectory.record("step", step, "loss", round(loss), "lr", lr,
          "grad_norm", Double.isNaN(norm) ? null : round(norm), "tokens_per_second", Math.round(tps)));

      boolean end = step >= totalSteps;
      if (step % config.evalEvery() == 0 || end) {
        evaluate(emaLoss, end ? 1 : config.evalStride());
        lastEvalStep = step;
        checkpoint(secondsBefore + (System.nanoTime() - runStart) / 1e9);
        lastCheckpoint = System.nanoTime();
      } else if ((System.nanoTime() - lastCheckpoint) / 1e9 > config.checkpointSeconds()) {
        checkpoint(secondsBefore + (System.nanoTime() - runStart) / 1e9);
        lastCheckpoint = System.nanoTime();
      }
    }
    double seconds = (System.nanoTime() - runStart) / 1e9;
    if (stoppedEarly && stepsThisRun > 0) checkpoint(secondsBefore + seconds);
    double valLoss = Double.NaN;
    if (!stoppedEarly) {
      valLoss = lastEvalStep == step ? lastVal : evaluate(emaLoss, 1);
      if (!Files.exists(dir.file(weightsFile))) writeBest(valLoss);
    }
    return new Summary(store.size(), step, tokensSeen, emaLoss, valLoss, bestVal,
        stepsThisRun * (double) b * t / Math.max(seconds, 1e-9), secondsBefore + seconds, dir.root().toString(), stoppedEarly);
  }

  private double lastVal = Double.NaN;

  private LrSchedule schedule() {
    if (config.schedule().equals("sgdr")) {
      long after = Math.max(1, (totalSteps == Long.MAX_VALUE ? Long.MAX_VALUE / 2 : totalSteps) - config.warmupSteps());
      double p = config.restartPeriod();
      long period = p >= 1 ? (long) p : Math.max(1, (long) Math.floor((p > 0 ? p : 0.25) * after));
      return LrSchedule.sgdr(config.learningRate(), Math.min(config.minLearningRate(), config.learningRate()), config.warmupSteps(), period,
          config.restartMult());
    }
    if (config.schedule().equals("constant")) {
      // warm-up (if any) then flat
      return config.warmupSteps() == 0 ? LrSchedule.constant(config.learningRate())
          : LrSchedule.warmupCosine(config.learningRate(), config.learningRate(), config.warmupSteps(), Math.max(totalSteps, config.warmupSteps()));
    }
    long total = Math.max(totalSteps, config.warmupSteps());
    return LrSchedule.warmupCosine(config.learningRate(), Math.min(config.minLearningRate(), config.learningRate()), config.warmupSteps(), total);
  }

  /**
   * The optimizer the config names, over the store; SGLD's default temperature is 1/trainTokens,
   * pSGLD's eps 1e-5 (Li et al.'s λ: it bounds the preconditioner, and so the noise, of parameters
   * that get no gradient).
   */
  static Optimizer optimizer(TrainConfig config, ParameterStore store, int trainTokens) {
    double temperature = config.sgldTemperature() > 0 ? config.sgldTemperature() : 1.0 / Math.max(1, trainTokens);
    return switch (config.optimizer()) {
      case "sgld" -> new Sgld(store, config.learningRate(), temperature, config.weightDecay(), 0, 1e-8, config.seed());
      case "psgld" -> new Sgld(store, config.learningRate(), temperature, config.weightDecay(), config.beta2(), 1e-5, config.seed());
      default -> new AdamW(store, config.learningRate(), config.beta1(), config.beta2(), 1e-8, config.weightDecay());
    };
  }

  /** The neutral loss's options from the config (flood −1 = batch mean, disaster 0 = none). */
  static NeutralLoss.Options neutralOptions(TrainConfig c) {
    return new NeutralLoss.Options(c.neutralLambda(), c.flood() < 0 ? NeutralLoss.BATCH_MEAN : c.flood(),
        c.disaster() > 0 ? c.disaster() : Double.POSITIVE_INFINITY, NeutralLoss.Disaster.TRUNCATE, (float) c.labelSmoothing());
  }

  /** The poetic loss's options from the config (band weight 0 = no band). */
  static PoeticLoss.Options poeticOptions(TrainConfig c) {
    return new PoeticLoss.Options(c.poeticAlpha(), c.entropyBandLow(), c.entropyBandHigh(), c.bandWeight());
  }

  // ------------------------------------------------------------------ snapshots

  /** The folder under the model directory that holds the snapshots, one model directory each. */
  public static final String SNAPSHOTS = "snapshots";

  /**
   * After the step just done: with SGDR at the end of each cycle, otherwise every ⌈steps/N⌉ steps
   * and at the last step.
   */
  private boolean snapshotDue(LrSchedule schedule) {
    if (schedule instanceof Sgdr sgdr) return sgdr.endsCycle(step - 1);
    if (totalSteps == Long.MAX_VALUE) return false; // a time budget not yet turned into steps
    long every = Math.max(1, (totalSteps + config.snapshots() - 1) / config.snapshots());
    return step % every == 0 || step == totalSteps;
  }

  /**
   * Saves the current model as {@code snapshots/step-NNNNNNN/} (config.json and tokenizer.json
   * copied from the run, model.safetensors), built under a temporary name and renamed, so a
   * snapshot is complete or absent; then drops the oldest beyond the configured count.
   */
  private void snapshot() throws IOException {
    java.nio.file.Path root = dir.file(SNAPSHOTS);
    Files.createDirectories(root);
    String name = String.format(java.util.Locale.ROOT, "step-%07d", step);
    java.nio.file.Path target = root.resolve(name);
    if (Files.exists(target)) return; // written before an interruption
    java.nio.file.Path tmp = root.resolve("." + name + ".tmp");
    deleteTree(tmp);
    ModelDirectory snap = new ModelDirectory(tmp).create();
    for (String f : List.of(ModelDirectory.CONFIG, ModelDirectory.TOKENIZER)) {
      if (Files.isRegularFile(dir.file(f))) Files.copy(dir.file(f), snap.file(f));
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("step", Long.toString(step));
    snap.writeWeights(model.module(), meta);
    Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    List<java.nio.file.Path> all = snapshots(dir);
    for (int i = 0; i < all.size() - config.snapshots(); i++) deleteTree(all.get(i));
    listener.onMessage("snapshot " + dir.root().relativize(target));
  }

  /** The complete snapshots of a model directory, oldest first. */
  public static List<java.nio.file.Path> snapshots(ModelDirectory dir) throws IOException {
    java.nio.file.Path root = dir.file(SNAPSHOTS);
    if (!Files.isDirectory(root)) return List.of();
    try (var s = Files.list(root)) {
      return s.filter(p -> p.getFileName().toString().startsWith("step-") && Files.isDirectory(p)).sorted().toList();
    }
  }

  private static void deleteTree(java.nio.file.Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (var walk = Files.walk(p)) {
      for (java.nio.file.Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
    }
  }

  /** Validation (strided), samples, best-weights bookkeeping; returns the validation loss. */
  private double evaluate(double trainLoss, int stride) throws IOException {
    Evaluator.Result r = Evaluator.evaluate(model, val, charsPerToken, Math.max(1, Math.min(64, config.batch() * 2)), stride, arena);
    double valLoss = r.natsPerChar();
    lastVal = valLoss;
    List<String> samples = new ArrayList<>();
    if (config.sampleTokens() > 0) {
      Generator g = new Generator(model);
      int[] prompt = {train[(int) (BatchSampler.mix(config.seed() ^ 0x5A5A, step) >>> 33) % train.length]};
      int[] out = g.generate(prompt, config.sampleTokens(), Generator.temperature(0.8, 0, config.seed() + step), null);
      int[] all = new int[out.length + 1];
      all[0] = prompt[0];
      System.arraycopy(out, 0, all, 1, out.length);
      samples.add(tokenizer.decode(all));
      dir.appendJsonLine(ModelDirectory.SAMPLES, ModelDirectory.record("step", step, "temperature", 0.8, "text", samples.get(0)));
    }
    dir.appendJsonLine(ModelDirectory.TRAIN_LOG, ModelDirectory.record("step", step, "train_loss", round(trainLoss), "val_loss", round(valLoss),
        "val_stride", stride));
    listener.onEval(step, trainLoss, valLoss, samples);
    if (valLoss < bestVal) {
      bestVal = valLoss;
      writeBest(valLoss);
    }
    return valLoss;
  }

  private void writeBest(double valLoss) throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("step", Long.toString(step));
    meta.put("val_loss", Double.toString(valLoss));
    orphic.engine.io.Safetensors.write(dir.file(weightsFile), trainable.stateDict(), meta);
  }

  // ------------------------------------------------------------------ checkpoints

  private void checkpoint(double seconds) throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (var e : trainable.stateDict().entrySet()) tensors.put("param." + e.getKey(), e.getValue());
    for (var e : optimizer.state().entrySet()) tensors.put("optim." + e.getKey(), e.getValue());
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("step", Long.toString(step));
    meta.put("total_steps", Long.toString(totalSteps));
    meta.put("tokens_seen", Long.toString(tokensSeen));
    meta.put("best_val_loss", Double.toString(bestVal));
    meta.put("seconds", Double.toString(seconds));
    for (var e : model.module().randomState().entrySet()) meta.put("random." + e.getKey(), Long.toString(e.getValue()));
    orphic.engine.io.Safetensors.write(dir.file(ModelDirectory.TRAIN_STATE), tensors, meta);
  }

  private void restore() throws IOException {
    if (!dir.hasTrainState()) {
      throw new IOException("nothing to resume: " + dir.file(ModelDirectory.TRAIN_STATE) + " does not exist (drop --resume to start fresh)");
    }
    Map<String, Tensor> params = new LinkedHashMap<>();
    Map<String, Tensor> optim = new LinkedHashMap<>();
    Map<String, String> meta;
    try (var f = orphic.engine.io.Safetensors.open(dir.file(ModelDirectory.TRAIN_STATE))) {
      for (String name : f.names()) {
        if (name.startsWith("param.")) params.put(name.substring(6), f.tensor(name));
        else if (name.startsWith("optim.")) optim.put(name.substring(6), f.tensor(name));
      }
      meta = f.metadata();
    }
    trainable.loadStateDict(params);
    optimizer.load(optim);
    step = Long.parseLong(meta.get("step"));
    totalSteps = Long.parseLong(meta.get("total_steps"));
    tokensSeen = Long.parseLong(meta.get("tokens_seen"));
    bestVal = Double.parseDouble(meta.get("best_val_loss"));
    secondsBefore = Double.parseDouble(meta.get("seconds"));
    Map<String, Long> random = new LinkedHashMap<>();
    for (var e : meta.entrySet()) {
      if (e.getKey().startsWith("random.")) random.put(e.getKey().substring(7), Long.parseLong(e.getValue()));
    }
    model.module().loadRandomState(random);
    listener.onMessage("resumed at step " + step + " of " + totalSteps);
  }


  private static double round(double x) {
    return Math.round(x * 1e5) / 1e5;
  }
}
