package orphic.studio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic adapter}: style adapters (LoRA) on a base model. */
@Command(name = "adapter", sortOptions = false,
    description = "Style adapters (LoRA) on a base model: train one on a corpus, bake a mix.",
    commandListHeading = "%nAdapter commands:%n",
    subcommands = {AdapterTrainCommand.class, AdapterBakeCommand.class})
final class AdapterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing adapter command: choose train or bake");
  }
}
