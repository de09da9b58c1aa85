package orphic.studio.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orphic studio}: the local web studio. */
@Command(name = "studio", sortOptions = false,
    description = "Open the web studio on a workspace.")
final class StudioCommand implements Callable<Integer> {
  @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace directory.")
  Path workspace;

  @Option(names = "--port", defaultValue = "7860", paramLabel = "PORT", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Override
  public Integer call() {
    throw CommandFailure.notAvailable("the web studio", "web studio");
  }
}
