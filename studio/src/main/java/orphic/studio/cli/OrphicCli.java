package orphic.studio.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code orphic} command: parses, validates, calls the modules below, presents. One class per
 * subcommand. Exit codes: 0 success, 2 usage error (one line: the reason and the fix), 1 anything
 * else (a message; the stack trace only with {@code --verbose} or {@code ORPHIC_DEBUG=1}).
 *
 * <p>Build a configured instance with {@link #commandLine}; {@code new CommandLine(new OrphicCli())}
 * parses the same way but reports errors in picocli's default, longer form.
 */
@Command(
    name = "orphic",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT, // every subcommand gets -h/--help (and --verbose below)
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Literary machine learning on your own corpus: train small language models on a CPU, sample them, and write with them.",
      "Run 'orphic COMMAND --help' for a command's options."},
    commandListHeading = "%nCommands:%n",
    footer = {"", "Exit codes: 0 ok, 2 usage error (the message says the fix), 1 failure."},
    subcommands = {
      DemoCommand.class,
      TrainCommand.class,
      SampleCommand.class,
      EvalCommand.class,
      LogitsCommand.class,
      InspectCommand.class,
      ImportHazeCommand.class,
      ExportHazeCommand.class,
      FieldCommand.class,
      ConverseCommand.class,
      ReplCommand.class,
      ExperimentCommand.class,
      AdapterCommand.class,
      HydraCommand.class,
      CommunityCommand.class,
      StudioCommand.class,
      StyleCommand.class,
      BenchCommand.class,
      TestCommand.class,
      WorkspaceCommand.class,
      LexiconCommand.class,
      BoardCommand.class,
      TransformCommand.class,
    })
public final class OrphicCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  private boolean verbose;

  /** Inherited by every subcommand, so {@code orphic train … --verbose} works too. */
  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print stack traces on failure (also: environment ORPHIC_DEBUG=1).")
  void setVerbose(boolean verbose) {
    this.verbose = verbose;
  }

  /** True when failures should show their stack trace. */
  boolean verbose() {
    return verbose || "1".equals(System.getenv("ORPHIC_DEBUG"));
  }

  /** Without a command: the list of commands. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** A command line with Orphic's error reporting, writing to the given streams. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    OrphicCli root = new OrphicCli();
    ErrorReporter reporter = new ErrorReporter(root::verbose);
    return new CommandLine(root)
        .setOut(out)
        .setErr(err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(reporter)
        .setExecutionExceptionHandler(reporter);
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    // A jar manifest cannot add an incubator module: `java -jar orphic.jar` alone would fail deep in a
    // kernel with NoClassDefFoundError. Say what to do instead.
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      err.println("orphic: the Vector API module is not loaded: run through ./orphic, or add it yourself: "
          + "java --add-modules jdk.incubator.vector -jar orphic.jar …");
      System.exit(1);
    }
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
