package orphic.studio.cli;

import java.util.concurrent.Callable;
import orphic.engine.kernel.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code orphic train}: corpus in, model directory out. */
@Command(name = "train", sortOptions = false,
    description = "Train a model on your corpus and write a model directory.")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TrainOptions options;

  @Override
  public Integer call() {
    String invalid = options.invalid();
    if (invalid != null) throw new ParameterException(spec.commandLine(), invalid);
    if (options.threads != null) Parallel.setThreads(options.threads);
    throw CommandFailure.notAvailable("training", "training");
  }
}
