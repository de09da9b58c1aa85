package orphic.studio.cli;

import java.io.PrintWriter;
import orphic.lm.haze.HazeImport;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
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

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var imported = HazeImport.importWeights(npz, corpus, out);
    var c = imported.config();
    PrintWriter w = spec.commandLine().getOut();
    w.printf(java.util.Locale.ROOT, "imported %s (%s layout: %s heads, T=%d, E=%d, %d blocks × %d heads, vocabulary %d) into %s%n",
        npz, imported.layout().name().toLowerCase(java.util.Locale.ROOT), c.headKind(), c.context(), c.dim(), c.layers(), c.heads(),
        c.vocabSize(), out);
    w.println("try: ./orphic sample --model " + out + " --prompt \"the\" --tokens 100");
    w.flush();
    return 0;
  }
}
