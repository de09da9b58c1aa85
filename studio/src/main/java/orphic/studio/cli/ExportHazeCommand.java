package orphic.studio.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import orphic.lm.haze.HazeImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orphic export-haze}: a haze-architecture model directory to haze's complete npz layout. */
@Command(name = "export-haze", sortOptions = false,
    description = "Write a haze model directory as an npz in the complete haze layout (numpy-readable).")
final class ExportHazeCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory of a haze model (tokenizer char:haze).")
  Path model;

  @Option(names = "--out", required = true, paramLabel = "FILE.npz", description = "The npz file to write (atomically).")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    HazeImport.exportWeights(model, out);
    spec.commandLine().getOut().println("wrote " + out + " from " + model);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
