package orphic.studio.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orphic logits}: raw next-token logits, for conformance checks and research. */
@Command(name = "logits", sortOptions = false,
    description = "Print a model's next-token logits at every position of a text.")
final class LogitsCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
  Path model;

  @Option(names = "--text", required = true, paramLabel = "TEXT", description = "Text to score.")
  String text;

  @Option(names = "--json", description = "Last stdout line: JSON with ids and logits (one vocabulary-size list per position).")
  boolean json;

  @Override
  public Integer call() {
    throw CommandFailure.notAvailable("logits from a model directory", "training");
  }
}
