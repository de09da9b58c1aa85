package orphic.studio.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import orphic.studio.web.StudioConfig;
import orphic.studio.web.StudioLimits;
import orphic.studio.web.StudioServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic studio}: the local web studio (docs/studio.md). */
@Command(name = "studio", sortOptions = false,
    description = {"Open the web studio on a workspace and print its address.",
        "Listens on 127.0.0.1 only by default; any other --host requires the access token printed at start."})
final class StudioCommand implements Callable<Integer> {
  @Option(names = "--workspace", defaultValue = "workspace", paramLabel = "DIR",
      description = "Workspace directory, created if missing (default: ${DEFAULT-VALUE}); models are read from its models/ folder.")
  Path workspace;

  @Option(names = "--model", paramLabel = "DIR", description = "A model directory to offer besides the workspace's models.")
  Path model;

  @Option(names = "--port", defaultValue = "7860", paramLabel = "PORT", description = "Port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--require-token", description = "Require the access token even on 127.0.0.1 (always on for other hosts).")
  boolean requireToken;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) throw new ParameterException(spec.commandLine(), "--port must be in 0..65535, got " + port);
    if (model != null && !Files.isRegularFile(model.resolve("config.json"))) {
      throw new ParameterException(spec.commandLine(), "--model " + model + " is not a model directory (no config.json); train one with ./orphic train");
    }
    Files.createDirectories(workspace); // and StudioServer.start creates the database (Workspace.init)
    StudioConfig config = StudioConfig.of(workspace, model, host, port, requireToken, StudioLimits.defaults());
    StudioServer server;
    try {
      server = StudioServer.start(config);
    } catch (RuntimeException e) {
      throw new CommandFailure("cannot start the studio on " + host + ":" + port + ": " + rootMessage(e)
          + " (is another studio running? try --port 0 for any free port)");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "orphic-studio-stop"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Orphic studio: " + server.address());
    if (config.tokenRequired()) out.println("(the address holds the access token; it is printed only once, so keep it private)");
    out.println("Workspace: " + workspace.toAbsolutePath().normalize() + "   Stop with Ctrl-C.");
    out.flush();
    server.join();
    return 0;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return String.valueOf(t.getMessage());
  }
}
