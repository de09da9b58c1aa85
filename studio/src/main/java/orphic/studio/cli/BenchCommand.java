package orphic.studio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code orphic bench}: performance figures, machine-readable with {@code --json}. */
@Command(name = "bench", sortOptions = false,
    description = "Measure performance (GEMM, training, generation, embeddings, studio load); --json for machine-readable figures.",
    commandListHeading = "%nBenchmarks:%n",
    subcommands = {BenchGemmCommand.class, BenchTrainCommand.class, BenchGenerateCommand.class, BenchPrecisionCommand.class, BenchEmbedCommand.class, BenchStudioCommand.class})
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing benchmark: choose gemm, train, generate, embed or studio");
  }
}
