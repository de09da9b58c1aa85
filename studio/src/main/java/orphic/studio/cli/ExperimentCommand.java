package orphic.studio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import orphic.engine.kernel.Parallel;
import orphic.lm.experiment.Experiment;
import orphic.lm.experiment.ModelMetrics;
import orphic.lm.experiment.RunResult;
import orphic.lm.experiment.VariantSummary;
import orphic.lm.experiment.Variants;
import orphic.lm.metrics.MeanAndSpread;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic experiment}: variants trained on the same budget, compared in a report. */
@Command(name = "experiment", sortOptions = false,
    description = {"Train variants on the same time budget; write report.md, results.json and loss curves.",
        "Each run goes to DIR/<variant>-s<seed>/; rerunning the same command skips finished runs and continues an interrupted one."})
final class ExperimentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--corpus", required = true, arity = "1..*", paramLabel = "F", description = "UTF-8 training text, one or more files.")
  List<Path> corpus;

  @Option(names = "--variants", required = true, arity = "1..*", split = ",", paramLabel = "VARIANT",
      description = "Variants to compare, comma-separated: gpt (alias baseline), haze, haze-rrpram, haze-content, sized forms such as"
          + " gpt-L4-D192 or haze-rrpram-H4, and any a plugged-in family adds.")
  List<String> variants;

  @Option(names = "--minutes", paramLabel = "M", description = "Training minutes per run (wall clock).")
  Double minutes;

  @Option(names = "--steps", paramLabel = "N", description = "Steps per run instead of minutes (quick checks).")
  Long steps;

  @Option(names = "--seeds", paramLabel = "N", defaultValue = "1", description = "Runs per variant, seeds S, S+1, … (default 1).")
  int seeds;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "First seed (default 1).")
  long firstSeed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for models and the report.")
  Path out;

  @Option(names = "--layers", paramLabel = "L", description = "Transformer blocks (default: the preset's; a sized variant overrides).")
  Integer layers;

  @Option(names = "--heads", paramLabel = "H", description = "Attention heads per block.")
  Integer heads;

  @Option(names = "--dim", paramLabel = "D", description = "Embedding width.")
  Integer dim;

  @Option(names = "--context", paramLabel = "T", description = "Context length in tokens, shared by every run.")
  Integer context;

  @Option(names = "--batch", paramLabel = "B", description = "Sequences per step, shared by every run.")
  Integer batch;

  @Option(names = "--tokenizer", paramLabel = "char|char:haze|bpe:N", converter = TrainOptions.TokenizerConverter.class,
      description = "Tokenizer shared by every run, haze variants included (default char).")
  TrainOptions.Tokenizer tokenizer;

  @Option(names = "--eval-every", paramLabel = "N", description = "Steps between validations (points of the loss curves; default 250).")
  Long evalEvery;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "5", description = "Samples per run for distinct-n (default 5).")
  int samples;

  @Option(names = "--sample-tokens", paramLabel = "N", defaultValue = "300", description = "Tokens per sample (default 300).")
  int sampleTokens;

  @Option(names = "--warmup-steps", paramLabel = "N",
      description = "Untimed steps per variant before timed runs, so the first run does not pay the JIT's warm-up (default 20 with --minutes).")
  Integer warmupSteps;

  @Option(names = "--threads", paramLabel = "P", description = "Kernel threads (default: all processors).")
  Integer threads;

  @Option(names = "--concurrent",
      description = "Train all runs at once, one process each with an equal share of the threads: on a busy machine every run then"
          + " sees the same load, so equal wall-clock budgets stay comparable. Logs go to DIR/<run>.log.")
  boolean concurrent;

  @Option(names = "--json", description = "Last stdout line: a JSON summary (out, report, results, runs, summary).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    String invalid = invalid();
    if (invalid != null) throw new ParameterException(spec.commandLine(), invalid);
    try {
      Variants.forNames(variants);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (threads != null) Parallel.setThreads(threads);
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (concurrent) {
      List<String> all = spec.root().commandLine().getParseResult().originalArgs();
      List<String> own = all.subList(all.indexOf(spec.name()) + 1, all.size());
      List<String> failed = ConcurrentRuns.train(own, variants, seeds, firstSeed, Parallel.threads(), out, err);
      if (!failed.isEmpty()) {
        throw new CommandFailure("runs failed: " + String.join(", ", failed) + "; their logs in " + out
            + " say why. Fix that and run the same command again: finished runs are kept.");
      }
    }

    Experiment.Builder b = Experiment.builder(corpus, variants, out)
        .seeds(seeds).firstSeed(firstSeed)
        .tokenizer(tokenizer == null ? "char" : tokenizer.toString())
        .sizes(layers, heads, dim, context).batch(batch).evalEvery(evalEvery)
        .metrics(ModelMetrics.Options.defaults().withSamples(samples, sampleTokens))
        .command(commandLine());
    if (minutes != null) b.minutes(minutes);
    else b.steps(steps);
    if (warmupSteps != null) b.warmupSteps(warmupSteps);
    Experiment experiment = new Experiment(b.build());
    Progress progress = new Progress(err, Terminal.isInteractive() && !json);
    Experiment.Outcome o = runWithInterrupt(experiment, progress);
    progress.closeLine();

    if (o.stopped()) {
      err.println("stopped; finished runs and a checkpoint of the current one are saved. Run the same command again to continue.");
    }
    if (o.plotProblem() != null) err.println("note: loss-curve PNGs not drawn (" + o.plotProblem() + "); the CSV files hold the data");
    err.println("report: " + o.report());
    err.flush();
    if (json) {
      JsonLine.print(stdout, summaryJson(o));
    } else {
      printTable(stdout, o.summary());
    }
    return 0;
  }

  private String invalid() {
    if ((minutes == null) == (steps == null)) return "give exactly one budget: --minutes M (wall clock per run) or --steps N";
    if (minutes != null && !(minutes > 0)) return "--minutes must be > 0, got " + minutes;
    if (steps != null && steps < 1) return "--steps must be >= 1, got " + steps;
    if (seeds < 1) return "--seeds must be >= 1, got " + seeds;
    if (layers != null && layers < 1) return "--layers must be >= 1, got " + layers;
    if (heads != null && heads < 1) return "--heads must be >= 1, got " + heads;
    if (dim != null && dim < 1) return "--dim must be >= 1, got " + dim;
    if (heads != null && dim != null && dim % heads != 0) return "--dim (" + dim + ") must be a multiple of --heads (" + heads + ")";
    if (context != null && context < 1) return "--context must be >= 1, got " + context;
    if (batch != null && batch < 1) return "--batch must be >= 1, got " + batch;
    if (evalEvery != null && evalEvery < 1) return "--eval-every must be >= 1, got " + evalEvery;
    if (samples < 0 || sampleTokens < 0) return "--samples and --sample-tokens must be >= 0";
    if (warmupSteps != null && warmupSteps < 0) return "--warmup-steps must be >= 0, got " + warmupSteps;
    if (threads != null && threads < 1) return "--threads must be >= 1, got " + threads;
    return null;
  }

  /** The command as typed, for the report (arguments with spaces quoted). */
  private String commandLine() {
    StringBuilder sb = new StringBuilder("./orphic");
    var parsed = spec.commandLine().getParseResult();
    // the root's arguments: the subcommand's name and everything after it
    var root = spec.root().commandLine().getParseResult();
    List<String> args = root != null ? root.originalArgs() : parsed == null ? List.of() : parsed.originalArgs();
    if (root == null) sb.append(" experiment");
    for (String a : args) {
      sb.append(' ').append(a.isEmpty() || a.matches(".*[\\s'\"$`\\\\].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
    }
    return sb.toString();
  }

  /** Ctrl-C asks the current run to checkpoint and stop; the JVM waits for that before exiting. */
  private static Experiment.Outcome runWithInterrupt(Experiment experiment, Progress progress) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      experiment.requestStop();
      try {
        done.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "orphic-experiment-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return experiment.run(progress);
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it only waits for the latch we just released
      }
    }
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode summaryJson(Experiment.Outcome o) {
    var json = JsonLine.object();
    json.put("out", o.dir().toString());
    json.put("report", o.report().toString());
    json.put("results", o.results().toString());
    var plots = json.putArray("plots");
    o.plots().forEach(p -> plots.add(p.toString()));
    json.put("stopped", o.stopped());
    var runs = json.putArray("runs");
    for (RunResult r : o.runs()) {
      var j = runs.addObject();
      j.put("variant", r.variant());
      j.put("seed", r.seed());
      j.put("dir", o.dir().resolve(r.dir()).toString());
      j.put("params", r.params());
      j.put("steps", r.steps());
      j.put("tokens_seen", r.tokensSeen());
      number(j, "seconds", r.seconds());
      number(j, "tokens_per_second", r.tokensPerSecond());
      for (var e : r.metrics().entrySet()) number(j, e.getKey(), e.getValue());
    }
    var sum = json.putArray("summary");
    for (VariantSummary s : o.summary()) {
      var j = sum.addObject();
      j.put("variant", s.variant());
      j.put("runs", s.runs());
      j.put("params", s.params());
      for (var e : s.figures().entrySet()) {
        number(j, e.getKey(), e.getValue().mean());
        number(j, e.getKey() + "_spread", e.getValue().spread());
      }
    }
    return json;
  }

  private static void number(com.fasterxml.jackson.databind.node.ObjectNode o, String k, double v) {
    if (Double.isFinite(v)) o.put(k, v);
    else o.putNull(k);
  }

  private static void printTable(PrintWriter out, List<VariantSummary> summary) {
    out.printf(Locale.ROOT, "%-20s %11s %10s %17s %10s %10s %7s %7s %7s%n", "variant", "params", "tokens", "val nats/char", "corrupt5%",
        "corrupt10%", "ECE", "dist-2", "dist-3");
    for (VariantSummary s : summary) {
      MeanAndSpread v = s.figure("val_loss");
      String val = v.n() == 0 ? "—" : v.n() > 1 ? String.format(Locale.ROOT, "%.4f ± %.4f", v.mean(), v.spread()) : String.format(Locale.ROOT, "%.4f", v.mean());
      out.printf(Locale.ROOT, "%-20s %,11d %10.0f %17s %10s %10s %7s %7s %7s%n", s.variant(), s.params(), s.figure("tokens_seen").mean(), val,
          f(s.figure("corrupt_5_loss"), 4), f(s.figure("corrupt_10_loss"), 4), f(s.figure("ece"), 4), f(s.figure("distinct_2"), 3),
          f(s.figure("distinct_3"), 3));
    }
    out.flush();
  }

  private static String f(MeanAndSpread m, int decimals) {
    return m.n() == 0 ? "—" : String.format(Locale.ROOT, "%." + decimals + "f", m.mean());
  }

  /** Run headers and results as lines; training steps through {@link TrainingProgress}. */
  private static final class Progress implements Experiment.Listener {
    private final PrintWriter err;
    private final TrainingProgress training;

    Progress(PrintWriter err, boolean terminal) {
      this.err = err;
      this.training = new TrainingProgress(err, terminal, true);
    }

    @Override
    public void onRunStart(String run, int index, int total, boolean resuming) {
      training.closeLine();
      err.printf(Locale.ROOT, "[%d/%d] %s: %s%n", index, total, run, resuming ? "continuing from its checkpoint" : "training");
      err.flush();
    }

    @Override
    public void onRunSkipped(RunResult r, int index, int total) {
      err.printf(Locale.ROOT, "[%d/%d] %s: already done (validation %.4f nats/char), skipped%n", index, total, r.dir(), r.metric("val_loss"));
      err.flush();
    }

    @Override
    public void onRunDone(RunResult r, int index, int total) {
      training.closeLine();
      err.printf(Locale.ROOT, "[%d/%d] %s: %,d steps in %s, validation %.4f nats/char, ECE %.4f%n", index, total, r.dir(), r.steps(),
          TrainingProgress.duration(r.seconds()), r.metric("val_loss"), r.metric("ece"));
      err.flush();
    }

    @Override
    public void onStep(orphic.lm.train.Trainer.Progress p) {
      training.onStep(p);
    }

    @Override
    public void onEval(long step, double trainLoss, double valLoss, List<String> samples) {
      training.onEval(step, trainLoss, valLoss, samples);
    }

    @Override
    public void onMessage(String message) {
      training.onMessage(message);
    }

    void closeLine() {
      training.closeLine();
    }
  }
}
