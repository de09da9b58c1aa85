package orphic.studio.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orphic eval}: validation loss of a model on a corpus. */
@Command(name = "eval", sortOptions = false,
    description = "Measure a model's loss on a corpus, in nats per character.")
final class EvalCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
  Path model;

  @Option(names = "--corpus", required = true, paramLabel = "F", description = "UTF-8 text to evaluate on.")
  Path corpus;

  @Option(names = "--json", description = "Last stdout line: JSON with val_loss, bits_per_char, chars.")
  boolean json;

  @Override
  public Integer call() {
    throw CommandFailure.notAvailable("evaluating a model directory", "training");
  }
}
