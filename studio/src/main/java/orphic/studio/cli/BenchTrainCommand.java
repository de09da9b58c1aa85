package orphic.studio.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orphic bench train}: training throughput of a model shape with random weights. */
@Command(name = "train", sortOptions = false,
    description = "Measure training tokens/s of a model shape (random weights; corpus or synthetic batches).")
final class BenchTrainCommand implements Callable<Integer> {
  @Option(names = "--arch", required = true, paramLabel = "gpt|haze|blanchot", description = "Model family.")
  TrainOptions.Arch arch;

  @Option(names = "--layers", required = true, paramLabel = "L", description = "Transformer blocks.")
  int layers;

  @Option(names = "--heads", required = true, paramLabel = "H", description = "Attention heads per block.")
  int heads;

  @Option(names = "--dim", required = true, paramLabel = "D", description = "Embedding width.")
  int dim;

  @Option(names = "--context", required = true, paramLabel = "T", description = "Context length in tokens.")
  int context;

  @Option(names = "--batch", required = true, paramLabel = "B", description = "Sequences per step.")
  int batch;

  @Option(names = "--steps", paramLabel = "N", description = "Timed steps.")
  Integer steps;

  @Option(names = "--warmup", paramLabel = "W", description = "Untimed warm-up steps.")
  Integer warmup;

  @Option(names = "--threads", paramLabel = "P", description = "Kernel threads.")
  Integer threads;

  @Option(names = "--corpus", paramLabel = "F", description = "Batches from this text instead of synthetic tokens.")
  Path corpus;

  @Option(names = "--json", description = "Last stdout line: JSON with tokens_per_second, step_seconds_median, peak_rss_mb, params.")
  boolean json;

  @Override
  public Integer call() {
    throw CommandFailure.notAvailable("the training benchmark", "training");
  }
}
