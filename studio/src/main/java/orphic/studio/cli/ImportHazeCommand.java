package orphic.studio.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code orphic import-haze}: haze's npz weights into a model directory. */
@Command(name = "import-haze", sortOptions = false,
    description = "Read a haze weight file (.npz) into a model directory.")
final class ImportHazeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE.npz", description = "haze weights (its own layout or the complete one).")
  Path npz;

  @Option(names = "--corpus", required = true, paramLabel = "TEXT", description = "The corpus haze was trained on (defines its vocabulary).")
  Path corpus;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model directory to write.")
  Path out;

  @Override
  public Integer call() {
    throw CommandFailure.notAvailable("haze weight import", "haze import");
  }
}
