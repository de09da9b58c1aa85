package orphic.studio.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orphic bench generate}: single-stream generation speed of a model. */
@Command(name = "generate", sortOptions = false,
    description = "Measure single-stream generation tokens/s of a model, after warm-up.")
final class BenchGenerateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
  Path model;

  @Option(names = "--tokens", required = true, paramLabel = "N", description = "Tokens to generate.")
  int tokens;

  @Mixin SamplerOptions sampler;

  @Option(names = "--warmup", paramLabel = "W", description = "Untimed warm-up tokens.")
  Integer warmup;

  @Option(names = "--json", description = "Last stdout line: JSON with tokens_per_second, ms_per_token_median.")
  boolean json;

  @Override
  public Integer call() {
    throw CommandFailure.notAvailable("the generation benchmark", "sampling");
  }
}
