package orphic.studio.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import orphic.engine.kernel.Parallel;
import orphic.lm.generate.CachedLogits;
import orphic.lm.sample.GenerationLoop;
import orphic.lm.sample.SamplerPresets;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.sample.SamplingContext;
import orphic.lm.train.TrainConfig;
import orphic.lm.train.TrainJob;
import orphic.lm.train.Trainer;
import orphic.studio.web.StudioConfig;
import orphic.studio.web.StudioServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code orphic demo}, the main job: trains a small character model on the bundled demo corpus
 * (three original voices: liturgical, dialogue, philosophical) for a short time budget, with
 * progress, then prints samples with several sampler presets, says where the model went, and opens
 * the studio on a workspace under the output folder with that model (unless {@code --no-studio}).
 */
@Command(name = "demo", sortOptions = false,
    description = {"The main job: train a small model on the bundled demo corpus (about 2 minutes), print samples,",
        "then open the studio on it (a workspace under --out) and print its address; --no-studio stops after the samples."})
final class DemoCommand implements Callable<Integer> {
  /** The demo corpus, bundled in the lm jar. */
  static final List<String> CORPUS = List.of("liturgical.txt", "dialogue.txt", "philosophical.txt");

  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo",
      description = "Where to put the demo corpus and model (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--minutes", paramLabel = "M", defaultValue = "1.5",
      description = "Training budget in minutes (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--threads", paramLabel = "P", description = "Kernel threads (default: all processors).")
  Integer threads;

  /** Caps the step count; tests use a handful. */
  @Option(names = "--steps", hidden = true, defaultValue = "3000")
  long steps;

  /** Length of each sample; tests use a few. */
  @Option(names = "--sample-tokens", hidden = true, defaultValue = "200")
  int sampleTokens;

  @Option(names = "--no-studio", description = "Stop after the samples instead of opening the studio (for scripts and CI).")
  boolean noStudio;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "7860",
      description = "The studio's port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) throw new ParameterException(spec.commandLine(), "--port must be in 0..65535, got " + port);
    if (threads != null) {
      if (threads < 1) throw new ParameterException(spec.commandLine(), "--threads must be >= 1, got " + threads);
      Parallel.setThreads(threads);
    }
    if (!(minutes > 0)) throw new ParameterException(spec.commandLine(), "--minutes must be > 0, got " + minutes);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path corpusDir = extractCorpus();
    Path modelDir = this.out.resolve("model");
    out.printf(Locale.ROOT, "Orphic demo: training a small character model on the demo corpus (%s, three voices)%n", corpusDir);
    out.printf(Locale.ROOT, "  budget %.1f min on %d threads; the model goes to %s%n", minutes, Parallel.threads(), modelDir);
    out.flush();

    TrainConfig train = new TrainConfig(steps, minutes, 16, 2e-3, 2e-4, "cosine", 50, 1.0, 0.1, false, 0.9, 0.99, 1337,
        200, 1, 160, 60);
    var spec = new TrainJob.Spec(List.of(corpusDir), "gpt", "char", 4, 4, 128, 128, null, 1337L, train, modelDir, false);
    TrainingProgress progress = new TrainingProgress(err, Terminal.isInteractive(), false);
    TrainJob.Prepared job = TrainJob.prepare(spec, progress);
    progress.onMessage(String.format(Locale.ROOT, "gpt model, %,d parameters, %d symbols, %,d training characters",
        job.trainer().parameters().size(), job.tokenizer().vocabSize(), job.trainTokens()));
    Trainer.Summary s = TrainCommand.runWithInterrupt(job, summary -> {
      if (summary.stoppedEarly()) err.println("stopped at step " + summary.steps() + "; the checkpoint is in " + modelDir);
    });
    if (s.stoppedEarly()) return 1;
    progress.closeLine();
    out.printf(Locale.ROOT, "trained %d steps in %s: validation loss %.3f nats/char (%.2f bits/char)%n",
        s.steps(), TrainingProgress.duration(s.seconds()), s.bestValLoss(), s.bestValLoss() / Math.log(2));

    var model = job.dir().loadModel(); // the best validation checkpoint
    var tokenizer = job.tokenizer();
    List<String> vocab = new java.util.ArrayList<>();
    for (int i = 0; i < tokenizer.vocabSize(); i++) vocab.add(tokenizer.tokenText(i));
    String[] prompts = {"Behold", "— Mina", "Absence is"};
    String[] presets = {"precise", "balanced", "liminal-drift"};
    for (int i = 0; i < prompts.length; i++) {
      var preset = SamplerPresets.get(presets[i]);
      SamplerSettings settings = preset.settings().toBuilder().seed(42 + i).build();
      SamplingContext ctx = settings.newContext(vocab);
      ctx.start(tokenizer.encode(prompts[i]));
      var loop = GenerationLoop.builder(settings.toChain(), CachedLogits.forModel(model)).build();
      int[] gen = loop.generate(ctx, sampleTokens).tokens();
      out.printf(Locale.ROOT, "%n--- %s sampler (%s), prompt \"%s\" ---%n%s%s%n", presets[i], preset.description(), prompts[i],
          prompts[i], tokenizer.decode(gen));
    }
    out.printf(Locale.ROOT, "%nModel: %s (config.json, tokenizer.json, model.safetensors, train-log.jsonl, samples.jsonl)%n", modelDir);
    out.printf(Locale.ROOT, "Train on your own text: ./orphic train --corpus my-text.txt --out my-model%n");
    out.flush();
    if (noStudio) return 0;
    return openStudio(out, modelDir);
  }

  /** Serves the studio on a workspace beside the model, offering the demo model, until Ctrl-C. */
  private int openStudio(PrintWriter out, Path modelDir) throws Exception {
    Path workspace = this.out.resolve("workspace");
    StudioServer server;
    try {
      server = StudioServer.start(StudioConfig.local(workspace, modelDir, port));
    } catch (RuntimeException e) {
      throw new CommandFailure("cannot start the studio on 127.0.0.1:" + port + ": " + e.getMessage()
          + " (is another studio running? try --port 0, or --no-studio)");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "orphic-studio-stop"));
    out.printf(Locale.ROOT, "%nWrite with the model in your browser: Orphic studio: %s%n", server.address());
    out.printf(Locale.ROOT, "Workspace: %s   Stop with Ctrl-C.%n", workspace.toAbsolutePath().normalize());
    out.flush();
    server.join();
    return 0;
  }

  /** Copies the bundled corpus out of the jar, so the model directory can name real files. */
  private Path extractCorpus() throws IOException {
    Path dir = out.resolve("corpus");
    Files.createDirectories(dir);
    for (String name : CORPUS) {
      try (InputStream in = DemoCommand.class.getResourceAsStream("/orphic/lm/demo/" + name)) {
        if (in == null) throw new CommandFailure("the demo corpus is missing from this build (" + name + "); rebuild with ./orphic test");
        Path target = dir.resolve(name);
        Path tmp = dir.resolve("." + name + ".tmp");
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    return dir;
  }
}
