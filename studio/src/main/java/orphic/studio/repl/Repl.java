package orphic.studio.repl;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The read–eval–print loop: a line starting with {@code /} is a command ({@link ReplCommands}),
 * any other line is handed to the current {@link PromptHandler} (by default: continue the text
 * with the model, streaming it, then print the statistics line). Errors in a line are printed as
 * one line and the loop goes on; Ctrl-C during a generation cancels that generation; the end of
 * input (Ctrl-D) or {@code /quit} ends the loop with exit code 0.
 *
 * <p>Modes: a command set can switch what plain lines do with {@link #setPromptHandler} (the
 * planned {@code /converse} mode is one more command set plus a handler that keeps a dialogue).
 */
public final class Repl {
  /** The input prompt (haze's). */
  public static final String PROMPT = ">>> ";

  /** What a plain (non-command) line does. */
  @FunctionalInterface
  public interface PromptHandler {
    /** Handles one input line that is not a command; may print, generate, change state. */
    void handle(String line, Repl repl);
  }

  /** The default handler: continues the text of the line (an empty line reuses the last prompt, as in haze). */
  public static final PromptHandler CONTINUE = Repl::continueText;

  private final ReplGenerator generator;
  private final ReplState state;
  private final ReplCommands commands;
  private final ReplConsole console;
  private final AtomicBoolean cancel = new AtomicBoolean();
  private PromptHandler promptHandler = CONTINUE;

  public Repl(ReplGenerator generator, ReplState state, ReplCommands commands, ReplConsole console) {
    this.generator = Objects.requireNonNull(generator, "generator");
    this.state = Objects.requireNonNull(state, "state");
    this.commands = Objects.requireNonNull(commands, "commands");
    this.console = Objects.requireNonNull(console, "console");
  }

  public ReplState state() {
    return state;
  }

  public ReplCommands commands() {
    return commands;
  }

  public ReplGenerator generator() {
    return generator;
  }

  public PrintWriter out() {
    return console.out();
  }

  /** Switches what plain lines do (a mode); {@link #CONTINUE} is the default. */
  public void setPromptHandler(PromptHandler handler) {
    this.promptHandler = Objects.requireNonNull(handler, "handler");
  }

  /** Asks the running generation to stop after its current token (safe from any thread). */
  public void cancelGeneration() {
    cancel.set(true);
  }

  /** Runs until /quit or the end of input; returns the exit code (0). */
  public int run() {
    PrintWriter out = out();
    out.println("orphic repl · " + generator.description());
    out.println("sampler: " + state.source() + " · " + state.length() + " tokens per generation · /help for commands, /quit or Ctrl-D to leave");
    out.flush();
    while (!state.quitRequested()) {
      String line;
      try {
        line = console.readLine(PROMPT);
      } catch (ReplConsole.LineInterrupted e) {
        continue; // Ctrl-C while typing drops the line, as in a shell
      }
      if (line == null) break;
      handleLine(line);
    }
    out.flush();
    return 0;
  }

  /** Handles one input line; never throws for a bad line (the error is printed as one line). */
  public void handleLine(String line) {
    PrintWriter out = out();
    try {
      String trimmed = line.strip();
      if (trimmed.startsWith("/")) {
        state.transcript().input(trimmed);
        commands.execute(trimmed, this);
      } else {
        promptHandler.handle(line, this);
      }
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
    } catch (RuntimeException e) {
      out.println("error: " + e); // a bug, but the session (and its unsaved text) survives it
    }
    out.flush();
  }

  /**
   * Generates a continuation of {@code prompt} with the current settings, streaming it to the
   * output; Ctrl-C cancels it. Prints the statistics line (if /stats is on) and the alternatives
   * (if /probs is on), records it in the transcript, and returns it.
   */
  public ReplGenerator.Result generate(String prompt) {
    PrintWriter out = out();
    cancel.set(false);
    ReplGenerator.Result r;
    ReplConsole.Interrupts interrupts = console.onInterrupt(this::cancelGeneration);
    try {
      r = generator.generate(prompt, state.nextSettings(), state.length(), piece -> {
        out.print(piece);
        out.flush();
      }, cancel::get);
    } finally {
      interrupts.close();
    }
    state.countGeneration();
    if (!r.text().endsWith("\n")) out.println(); // the statistics start on a line of their own
    state.transcript().output(r.text());
    String stats = GenerationReport.statsLine(r);
    state.transcript().note(stats);
    if (state.stats()) out.println(stats);
    if (state.probs()) GenerationReport.probsLines(r).forEach(out::println);
    out.flush();
    return r;
  }

  private static void continueText(String line, Repl repl) {
    String prompt = line;
    if (prompt.isBlank()) {
      prompt = repl.state.lastPrompt();
      if (prompt == null) {
        repl.out().println("type some text and the model continues it; /help lists the commands");
        return;
      }
    }
    repl.state.transcript().input(line.isBlank() ? "" : line);
    repl.generate(prompt);
    repl.state.setLastPrompt(prompt);
  }
}
