package orphic.studio.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orphic sample}: text from a model directory. */
@Command(name = "sample", sortOptions = false,
    description = "Generate text from a model, optionally with per-token statistics.")
final class SampleCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
  Path model;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "Text to continue.")
  String prompt;

  @Option(names = "--tokens", required = true, paramLabel = "N", description = "Tokens to generate.")
  int tokens;

  @Mixin SamplerOptions sampler;

  @Option(names = "--json", description = "Last stdout line: JSON with text, tokens (id, text, p, entropy_bits, temperature, top) and tokens_per_second.")
  boolean json;

  @Override
  public Integer call() {
    throw CommandFailure.notAvailable("sampling from a model directory", "sampling");
  }
}
