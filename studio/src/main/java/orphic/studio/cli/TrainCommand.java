package orphic.studio.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import orphic.engine.kernel.Parallel;
import orphic.lm.train.TrainConfig;
import orphic.lm.train.TrainJob;
import orphic.lm.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code orphic train}: corpus in, model directory out. */
@Command(name = "train", sortOptions = false,
    description = "Train a model on your corpus and write a model directory.")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TrainOptions options;

  @Override
  public Integer call() throws Exception {
    String invalid = options.invalid();
    if (invalid != null) throw new ParameterException(spec.commandLine(), invalid);
    if (options.threads != null) Parallel.setThreads(options.threads);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrainingProgress progress = new TrainingProgress(err, Terminal.isInteractive() && !options.json, false);
    TrainJob.Prepared job = TrainJob.prepare(spec(options), progress,
        c -> c.arch().equals("blanchot") ? c.withBlanchot(options.blanchotOptions())
            : c.arch().equals("gpt") ? c.withPoetic(options.poeticOptions()) : c);
    progress.onMessage(String.format(Locale.ROOT, "%s%s model, %,d parameters, vocabulary %d (%s), %,d training and %,d validation tokens -> %s",
        job.model() instanceof orphic.lm.model.CommunityModel c ? c.members().size() + "× " : "", job.model().config().arch(), job.trainer().parameters().size(), job.tokenizer().vocabSize(), job.tokenizer().spec(),
        job.trainTokens(), job.validationTokens(), job.dir().root()));
    runWithInterrupt(job, summary -> report(summary, progress, out, err));
    return 0;
  }

  private void report(Trainer.Summary s, TrainingProgress progress, PrintWriter out, PrintWriter err) {
    progress.closeLine();
    if (s.stoppedEarly()) {
      err.printf(Locale.ROOT, "stopped at step %d; checkpoint saved. Continue with the same command plus --resume.%n", s.steps());
    } else {
      err.printf(Locale.ROOT, "done: %d steps in %s, validation loss %.4f nats/char (best %.4f). Model: %s%n",
          s.steps(), TrainingProgress.duration(s.seconds()), s.valLoss(), s.bestValLoss(), s.out());
    }
    err.flush();
    if (options.json) {
      var json = JsonLine.object();
      json.put("params", s.params());
      json.put("steps", s.steps());
      json.put("tokens_seen", s.tokensSeen());
      json.put("train_loss", s.trainLoss());
      if (Double.isNaN(s.valLoss())) json.putNull("val_loss");
      else json.put("val_loss", s.valLoss());
      json.put("best_val_loss", s.bestValLoss());
      json.put("tokens_per_second", s.tokensPerSecond());
      json.put("seconds", s.seconds());
      json.put("out", s.out());
      JsonLine.print(out, json);
    }
  }

  /**
   * Ctrl-C asks the trainer to checkpoint and stop; the JVM waits for that, and for {@code report}
   * to print the outcome, before exiting.
   */
  static Trainer.Summary runWithInterrupt(TrainJob.Prepared job, java.util.function.Consumer<Trainer.Summary> report) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      job.trainer().requestStop();
      try {
        done.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "orphic-train-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Trainer.Summary s = job.run(0);
      report.accept(s);
      return s;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it only waits for the latch we just released
      }
    }
  }

  /** The training regime options (docs/blanchot-training.md) over {@code t}. */
  static TrainConfig regime(TrainOptions o, TrainConfig t) {
    boolean neutral = o.loss == TrainOptions.Loss.neutral;
    double smoothing = o.labelSmoothing != null ? o.labelSmoothing : neutral ? 0.1 : t.labelSmoothing();
    double flood = o.flood == null || o.flood.equals("mean") ? -1 : Double.parseDouble(o.flood);
    t = t.withLoss(neutral ? "neutral" : "ce", o.neutralLambda != null ? o.neutralLambda : t.neutralLambda(), flood,
        o.disaster != null ? o.disaster : t.disaster(), smoothing);
    if (o.loss == TrainOptions.Loss.poetic) {
      double[] band = o.entropyBand();
      t = t.withPoeticLoss(o.poeticAlpha != null ? o.poeticAlpha : 0.9, band != null ? band[0] : 0, band != null ? band[1] : 0,
          band == null ? 0 : o.bandWeight != null ? o.bandWeight : 0.1);
    }
    if (o.optimizer != null || o.sgldNoise != null) {
      t = t.withOptimizer(o.optimizer != null ? o.optimizer.name() : "sgld", o.sgldNoise != null ? o.sgldNoise : 0);
    }
    t = t.withSchedule(t.schedule(), o.restartPeriod != null ? o.restartPeriod : t.restartPeriod(),
        o.restartMult != null ? o.restartMult : t.restartMult());
    if (o.snapshots != null) t = t.withSnapshots(o.snapshots);
    if (o.community != null) t = t.withCommunity(o.community, o.nclLambda != null ? o.nclLambda : t.nclLambda(), !o.noGate);
    return t;
  }

  static TrainJob.Spec spec(TrainOptions o) {
    TrainConfig d = TrainConfig.defaults();
    TrainConfig train = new TrainConfig(
        o.steps != null ? o.steps : (o.minutes != null ? 0 : d.steps()),
        o.minutes != null ? o.minutes : 0,
        o.batch != null ? o.batch : d.batch(),
        o.lr != null ? o.lr : d.learningRate(),
        Math.min(d.minLearningRate(), o.lr != null ? o.lr / 10 : d.minLearningRate()),
        o.schedule != null ? o.schedule.name() : d.schedule(),
        o.warmupSteps != null ? o.warmupSteps : d.warmupSteps(),
        o.clip != null ? o.clip : d.clip(),
        o.weightDecay != null ? o.weightDecay : d.weightDecay(),
        o.decayAll || d.decayAll(), d.beta1(), o.beta2 != null ? o.beta2 : d.beta2(),
        o.seed != null ? o.seed : d.seed(),
        o.evalEvery != null ? o.evalEvery : d.evalEvery(), d.evalStride(), d.sampleTokens(), d.checkpointSeconds());
    train = regime(o, train);
    String arch = o.arch == null ? "gpt" : o.arch.name();
    String tok = o.tokenizer != null ? o.tokenizer.toString() : arch.equals("haze") ? "char:haze" : "char";
    return new TrainJob.Spec(o.corpus, arch, tok, o.layers, o.heads, o.dim, o.context, null, o.seed, train, o.out, o.resume);
  }
}
