package orphic.studio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import orphic.workbench.embed.MiniLmEmbedder;
import orphic.workbench.style.StyleSpace;
import orphic.workbench.style.StyleTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic style train}: labelled corpora → a style space directory, with a held-out evaluation. */
@Command(name = "train", sortOptions = false,
    description = {"Train a style space from labelled corpora and evaluate it on held-out chunks (the end of every file).",
        "Example: orphic style train --style liturgical=kjv.txt --style austen=emma.txt,persuasion.txt --out styles/"})
final class StyleTrainCommand implements Callable<Integer> {
  @Option(names = "--style", required = true, paramLabel = "NAME=FILE[,FILE]", description = "A style and its corpus files (repeat; at least two styles).")
  List<String> styles;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write styles.json and style-space.safetensors into.")
  Path out;

  @Option(names = "--chunk", paramLabel = "CHARS", description = "Chunk size in characters (default ${DEFAULT-VALUE}).", defaultValue = "500")
  int chunk;

  @Option(names = "--holdout", paramLabel = "SHARE", description = "Share of each file's chunks (its end) held out for evaluation (default ${DEFAULT-VALUE}).", defaultValue = "0.2")
  double holdout;

  @Option(names = "--max-chunks", paramLabel = "N", description = "At most N chunks per style, evenly spaced (default ${DEFAULT-VALUE}; 0 = all).", defaultValue = "300")
  int maxChunks;

  @Option(names = "--steps", paramLabel = "N", description = "Training steps of the projection (default ${DEFAULT-VALUE}).", defaultValue = "300")
  int steps;

  @Option(names = "--dim", paramLabel = "D", description = "Style-vector dimensions (default ${DEFAULT-VALUE}).", defaultValue = "32")
  int dim;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of batch sampling and initialisation (default ${DEFAULT-VALUE}).", defaultValue = "42")
  long seed;

  @Option(names = "--json", description = "Last stdout line: JSON with accuracy, confusion matrix and chunk counts.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var corpora = StyleCommand.corpora(spec, styles);
    if (corpora.size() < 2) throw new ParameterException(spec.commandLine(), "give at least two --style NAME=FILE options: a detector tells styles apart");
    StyleTrainer.Options o;
    try {
      StyleSpace.Options d = StyleSpace.Options.defaults();
      o = new StyleTrainer.Options(chunk, holdout, maxChunks,
          new StyleSpace.Options(dim, steps, d.perStyle(), d.lr(), d.weightDecay(), d.temperature(), seed));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter report = json ? err : spec.commandLine().getOut();
    StyleTrainer.Result r;
    try (MiniLmEmbedder embedder = new MiniLmEmbedder(256, 0, 1)) {
      r = StyleTrainer.train(corpora, embedder, MiniLmEmbedder.MODEL_ID, o, line -> {
        err.println(line);
        err.flush();
      });
    }
    StyleTrainer.save(r, o, out);
    if (r.heldOut().total() == 0) {
      report.println("no held-out chunks (--holdout 0): nothing evaluated; use 'orphic style eval' on other text");
    } else {
      report.println("held-out chunks (end of each file):");
      report.println(r.heldOut().table());
    }
    report.printf("saved %s (%.1f s)%n", out, r.seconds());
    report.flush();
    if (json) {
      var j = JsonLine.object();
      j.put("out", out.toString());
      j.setAll(r.heldOut().toJson(new com.fasterxml.jackson.databind.ObjectMapper()));
      j.put("loss_first", r.losses()[0]);
      j.put("loss_last", r.losses()[r.losses().length - 1]);
      j.put("seconds", r.seconds());
      JsonLine.print(spec.commandLine().getOut(), j);
    }
    return 0;
  }
}
