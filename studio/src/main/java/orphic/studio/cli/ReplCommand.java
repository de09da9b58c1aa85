package orphic.studio.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orphic repl}: the interactive loop. */
@Command(name = "repl", sortOptions = false,
    description = "Write with a model interactively (/temp /topk /topp /entropy /stats /help /quit …).")
final class ReplCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
  Path model;

  @Override
  public Integer call() {
    throw CommandFailure.notAvailable("the interactive REPL", "REPL");
  }
}
