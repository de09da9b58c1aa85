package orphic.studio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import orphic.lm.sample.SamplerSettings;
import orphic.studio.repl.ConverseMode;
import orphic.studio.repl.JLineConsole;
import orphic.studio.repl.PlainConsole;
import orphic.studio.repl.Repl;
import orphic.studio.repl.ReplCommands;
import orphic.studio.repl.ReplConsole;
import orphic.studio.repl.ReplGenerator;
import orphic.studio.repl.ReplState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic repl}: the interactive loop (the work is in {@link orphic.studio.repl}). */
@Command(name = "repl", sortOptions = false,
    description = {"Write with a model interactively: a line of text is continued by the model;",
        "/temp /topk /topp /sampling /preset /seed /probs /stats /config /save /help /quit … change and show the settings;",
        "/converse answers lines as a conversation (/rings /pulse /themes show its internals)."})
final class ReplCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
  Path model;

  @Option(names = "--tokens", paramLabel = "N", defaultValue = "" + ReplState.DEFAULT_LENGTH,
      description = "Tokens per generation (default ${DEFAULT-VALUE}; /len changes it).")
  int tokens;

  @Mixin SamplerOptions sampler;

  @Mixin PrecisionOption precision;

  @Option(names = "--history", paramLabel = "FILE",
      description = "Line history file (default ~/.orphic/repl_history; 'none' keeps no history).")
  String history;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (tokens < 1 || tokens > ReplCommands.MAX_LENGTH) {
      throw new ParameterException(spec.commandLine(), "--tokens must be from 1 to " + ReplCommands.MAX_LENGTH + ", got " + tokens);
    }
    SamplerSettings settings;
    try {
      settings = sampler.toSettings();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    String source = "preset " + (sampler.sampler == null ? orphic.lm.sample.SamplerPresets.DEFAULT
        : orphic.lm.sample.SamplerPresets.get(sampler.sampler).name());
    if (sampler.temperature != null || sampler.topK != null || sampler.topP != null || sampler.minP != null
        || sampler.targetEntropy != null || (sampler.set != null && !sampler.set.isEmpty())) {
      source += " + edits";
    }
    ReplGenerator generator = ReplGenerator.load(model, precision.precision);
    ReplState state = new ReplState(settings, source);
    state.setLength(tokens);
    ReplCommands commands = ReplCommands.standard().plus(new ConverseMode().commands());
    PrintWriter err = spec.commandLine().getErr();
    try (ReplConsole console = openConsole(commands, err)) {
      return new Repl(generator, state, commands, console).run();
    }
  }

  /** JLine on a terminal; a plain reader when input or output is redirected (or the terminal cannot be opened). */
  private ReplConsole openConsole(ReplCommands commands, PrintWriter err) {
    java.io.Console c = System.console();
    if (c != null && c.isTerminal()) {
      try {
        JLineConsole console = JLineConsole.open(commands, historyFile());
        if (console.historyNote() != null) err.println("orphic repl: " + console.historyNote());
        return console;
      } catch (java.io.IOException | RuntimeException e) {
        err.println("orphic repl: no line editing (" + e.getMessage() + "); reading plain lines");
      }
    }
    return new PlainConsole(System.in, spec.commandLine().getOut(), true);
  }

  private Path historyFile() {
    if ("none".equals(history)) return null;
    if (history != null) return Path.of(history);
    return Path.of(System.getProperty("user.home"), ".orphic", "repl_history");
  }
}
