package orphic.studio.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orphic experiment}: variants trained on the same budget, compared in a report. */
@Command(name = "experiment", sortOptions = false,
    description = "Train variants on the same time budget; write report.md, results.json and loss curves.")
final class ExperimentCommand implements Callable<Integer> {
  @Option(names = "--corpus", required = true, paramLabel = "F", description = "UTF-8 training text.")
  Path corpus;

  @Option(names = "--variants", required = true, arity = "1..*", paramLabel = "VARIANT", description = "Variants to compare.")
  List<String> variants;

  @Option(names = "--minutes", required = true, paramLabel = "M", description = "Training minutes per variant.")
  double minutes;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for models and the report.")
  Path out;

  @Override
  public Integer call() {
    throw CommandFailure.notAvailable("experiments", "experiments");
  }
}
