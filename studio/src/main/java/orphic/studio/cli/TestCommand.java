package orphic.studio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code orphic test} is run by the launcher script (Maven on the sources), not by the jar; it is
 * listed here so that {@code --help} shows every command.
 */
@Command(name = "test", description = "Run the test suite (the ./orphic launcher runs mvn -B verify with JDK 25).")
final class TestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "the tests run from the source tree; use ./orphic test at the repository root");
  }
}
