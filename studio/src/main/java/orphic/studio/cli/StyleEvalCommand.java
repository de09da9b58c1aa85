package orphic.studio.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import orphic.lm.text.Corpus;
import orphic.workbench.embed.MiniLmEmbedder;
import orphic.workbench.style.StyleCorpus;
import orphic.workbench.style.StyleDetector;
import orphic.workbench.style.StyleEvaluation;
import orphic.workbench.style.StyleSpace;
import orphic.workbench.style.StyleTrainer;
import orphic.workbench.style.TextChunker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orphic style eval}: chunk-level accuracy and confusion matrix of a style space on labelled files. */
@Command(name = "eval", sortOptions = false,
    description = {"Evaluate a trained style space on labelled files (cut into its chunk size): accuracy and confusion matrix.",
        "Use text the space was not trained on. Example: orphic style eval --styles styles/ --style liturgical=more-kjv.txt"})
final class StyleEvalCommand implements Callable<Integer> {
  @Option(names = "--styles", required = true, paramLabel = "DIR", description = "A directory written by 'orphic style train'.")
  Path styles;

  @Option(names = "--style", required = true, paramLabel = "NAME=FILE[,FILE]", description = "A known style and files written in it (repeat).")
  List<String> labelled;

  @Option(names = "--max-chunks", paramLabel = "N", description = "At most N chunks per style, evenly spaced (default ${DEFAULT-VALUE}; 0 = all).", defaultValue = "200")
  int maxChunks;

  @Option(names = "--json", description = "Last stdout line: JSON with accuracy and confusion matrix.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<StyleCorpus> corpora = StyleCommand.corpora(spec, labelled);
    StyleSpace space = StyleSpace.load(styles);
    Map<String, List<String>> chunks = new LinkedHashMap<>();
    for (StyleCorpus c : corpora) {
      if (!space.labels().contains(c.name())) throw new CommandFailure("style '" + c.name() + "' is not in " + styles + "; it knows " + space.labels());
      List<String> cs = TextChunker.chunks(Corpus.read(c.files()).text(), space.chunkChars());
      if (maxChunks > 0) cs = StyleTrainer.evenly(cs, maxChunks);
      chunks.computeIfAbsent(c.name(), k -> new java.util.ArrayList<>()).addAll(cs);
    }
    StyleEvaluation e;
    try (MiniLmEmbedder embedder = new MiniLmEmbedder(256, 0, 1)) {
      e = new StyleDetector(space, embedder).evaluate(chunks);
    }
    var out = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
    out.println(e.table());
    out.flush();
    if (json) JsonLine.print(spec.commandLine().getOut(), e.toJson(new com.fasterxml.jackson.databind.ObjectMapper()));
    return 0;
  }
}
