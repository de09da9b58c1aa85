package orphic.studio.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orphic field}: weightless generation from corpus co-occurrences. */
@Command(name = "field", sortOptions = false,
    description = "Generate without weights, from the corpus's co-occurrence field.")
final class FieldCommand implements Callable<Integer> {
  /** n-gram order of the field. */
  enum Mode { bigram, trigram }

  @Option(names = "--corpus", required = true, paramLabel = "F", description = "UTF-8 text.")
  Path corpus;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "Text to continue.")
  String prompt;

  @Option(names = "--tokens", required = true, paramLabel = "N", description = "Tokens to generate.")
  int tokens;

  @Option(names = "--mode", paramLabel = "bigram|trigram", description = "Order of the field.")
  Mode mode;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed for every random draw.")
  Long seed;

  @Override
  public Integer call() {
    throw CommandFailure.notAvailable("co-occurrence field generation", "co-occurrence field");
  }
}
