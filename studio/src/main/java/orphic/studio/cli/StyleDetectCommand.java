package orphic.studio.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import orphic.lm.text.Corpus;
import orphic.workbench.embed.MiniLmEmbedder;
import orphic.workbench.style.StyleDetector;
import orphic.workbench.style.StyleSpace;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orphic style detect}: scores per known style for a text. */
@Command(name = "detect", sortOptions = false,
    description = {"Score a text against the styles of a trained style space (scores sum to 1).",
        "Example: orphic style detect --styles styles/ --text 'And the LORD spake unto Moses' --json"})
final class StyleDetectCommand implements Callable<Integer> {
  @Option(names = "--styles", required = true, paramLabel = "DIR", description = "A directory written by 'orphic style train'.")
  Path styles;

  static final class Input {
    @Option(names = "--text", required = true, paramLabel = "T", description = "The text to score.")
    String text;

    @Option(names = "--file", required = true, paramLabel = "F", description = "A UTF-8 file whose text to score.")
    Path file;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(names = "--json", description = "Print one JSON object: style → score, highest first.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    StyleSpace space = StyleSpace.load(styles); // before the model loads: a bad directory fails fast
    String text = input.text != null ? input.text : Corpus.read(input.file).text();
    if (text.isBlank()) throw new CommandFailure("the text is empty (or only whitespace): give some words to score");
    Map<String, Double> scores;
    try (MiniLmEmbedder embedder = new MiniLmEmbedder(256, 0, 1)) {
      scores = new StyleDetector(space, embedder).detect(text);
    }
    if (json) {
      var j = JsonLine.object();
      scores.forEach((k, v) -> j.put(k, Math.round(v * 10000) / 10000.0));
      JsonLine.print(spec.commandLine().getOut(), j);
    } else {
      scores.forEach((k, v) -> spec.commandLine().getOut().printf("%-20s %.4f%n", k, v));
    }
    return 0;
  }
}
