package orphic.studio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import orphic.lm.adapter.AdapterTrainJob;
import orphic.lm.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic adapter train}: a LoRA adapter for one style on a trained base model. */
@Command(name = "train", sortOptions = false,
    description = "Train a style adapter (LoRA on the attention and MLP matrices) of a base model on a corpus; the base stays as it is.")
final class AdapterTrainCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Base model directory.")
  Path model;

  @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "The style's text: files or folders (repeatable).")
  List<Path> corpus;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Adapter directory to write.")
  Path out;

  @Option(names = "--rank", defaultValue = "8", paramLabel = "R", description = "LoRA rank (default ${DEFAULT-VALUE}).")
  int rank;

  @Option(names = "--alpha", paramLabel = "A", description = "LoRA alpha; the update is scaled by alpha/rank (default 2·rank).")
  Float alpha;

  @Option(names = "--targets", defaultValue = "attn,mlp", paramLabel = "LIST", description = "Matrices to adapt: attn, mlp or all (default ${DEFAULT-VALUE}).")
  String targets;

  @Option(names = "--style", paramLabel = "NAME", description = "The style's name (default: the --out directory's name).")
  String style;

  @Option(names = "--minutes", paramLabel = "M", description = "Time budget.")
  Double minutes;

  @Option(names = "--steps", paramLabel = "N", description = "Optimisation steps (default 300 without --minutes).")
  Long steps;

  @Option(names = "--lr", paramLabel = "LR", description = "Peak learning rate (default 3e-3).")
  Double lr;

  @Option(names = "--batch", paramLabel = "B", description = "Sequences per step (default 16).")
  Integer batch;

  @Option(names = "--eval-every", paramLabel = "N", description = "Steps between validations (default 100).")
  Long evalEvery;

  @Option(names = "--seed", defaultValue = "1337", paramLabel = "SEED", description = "Seed of A's initial values and of the batches.")
  long seed;

  @Option(names = "--resume", description = "Continue an interrupted run in --out.")
  boolean resume;

  @Option(names = "--json", description = "Last stdout line: JSON with params, steps, base_val_loss, val_loss (nats/char), seconds, out.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (rank < 1) throw new ParameterException(spec.commandLine(), "--rank must be >= 1, got " + rank);
    if (steps != null && steps < 1) throw new ParameterException(spec.commandLine(), "--steps must be >= 1, got " + steps);
    if (minutes != null && !(minutes > 0)) throw new ParameterException(spec.commandLine(), "--minutes must be > 0, got " + minutes);
    TrainConfig d = TrainConfig.defaults();
    double peak = lr != null ? lr : 3e-3;
    TrainConfig train = new TrainConfig(steps != null ? steps : (minutes != null ? 0 : 300), minutes != null ? minutes : 0,
        batch != null ? batch : d.batch(), peak, peak / 10, "cosine", 20, 1.0, 0.0, false, 0.9, 0.99, seed,
        evalEvery != null ? evalEvery : 100, 1, 100, d.checkpointSeconds());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrainingProgress progress = new TrainingProgress(err, Terminal.isInteractive() && !json, false);
    var job = AdapterTrainJob.prepare(new AdapterTrainJob.Spec(model, corpus, out(), rank, alpha != null ? alpha : 2f * rank, targets, style,
        seed, train, resume), progress);
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      job.trainer().requestStop();
      try {
        done.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "orphic-adapter-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    AdapterTrainJob.Result r;
    try {
      r = job.run(0);
      report(r, progress, out, err);
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for the latch just released
      }
    }
    return 0;
  }

  private Path out() {
    return out;
  }

  private void report(AdapterTrainJob.Result r, TrainingProgress progress, PrintWriter out, PrintWriter err) {
    progress.closeLine();
    var s = r.summary();
    if (s.stoppedEarly()) {
      err.printf(Locale.ROOT, "stopped at step %d; checkpoint saved. Continue with the same command plus --resume.%n", s.steps());
    } else {
      err.printf(Locale.ROOT, "done: %d steps in %s. Validation loss on the adapter's corpus: base %.4f, adapted %.4f nats/char. Adapter: %s%n",
          s.steps(), TrainingProgress.duration(s.seconds()), r.baseValLoss(), r.adaptedValLoss(), r.out());
    }
    err.flush();
    if (json) {
      var o = JsonLine.object();
      o.put("params", r.adapterParams());
      o.put("steps", s.steps());
      o.put("tokens_seen", s.tokensSeen());
      o.put("train_loss", s.trainLoss());
      o.put("base_val_loss", r.baseValLoss());
      o.put("val_loss", r.adaptedValLoss());
      o.put("tokens_per_second", s.tokensPerSecond());
      o.put("seconds", s.seconds());
      o.put("out", r.out());
      JsonLine.print(out, o);
    }
  }
}
