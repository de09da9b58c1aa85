package orphic.studio.repl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The terminal console: JLine line editing, persistent history, tab completion of commands and
 * of their values (preset names, sampling modes, on/off, setting keys). Ctrl-C while typing drops
 * the line; Ctrl-C during a generation is routed to the REPL to cancel it.
 */
public final class JLineConsole implements ReplConsole {
  private final Terminal terminal;
  private final LineReader reader;
  private final String historyNote;

  private JLineConsole(Terminal terminal, LineReader reader, String historyNote) {
    this.terminal = terminal;
    this.reader = reader;
    this.historyNote = historyNote;
  }

  /**
   * Opens the system terminal. {@code history} is the history file (its folder is created); when
   * it cannot be written the history lasts for the session only ({@link #historyNote} says why).
   */
  public static JLineConsole open(ReplCommands commands, Path history) throws IOException {
    Terminal terminal = TerminalBuilder.builder()
        .system(true)
        .name("orphic")
        // Native signals routed through JLine's handlers (not the JVM's default, which exits on Ctrl-C).
        .nativeSignals(true)
        .signalHandler(Terminal.SignalHandler.SIG_IGN)
        .build();
    DefaultParser parser = new DefaultParser();
    parser.setEofOnUnclosedQuote(false); // prose is full of apostrophes: never wait for a closing quote
    parser.setEofOnEscapedNewLine(false);
    LineReaderBuilder b = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("orphic")
        .parser(parser)
        .completer(new CommandCompleter(commands))
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' in a prompt is text, not a history event
        .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
        .variable(LineReader.HISTORY_SIZE, 2000)
        .variable(LineReader.HISTORY_FILE_SIZE, 2000);
    String note = null;
    if (history != null) {
      note = historyProblem(history);
      if (note == null) b.variable(LineReader.HISTORY_FILE, history);
    }
    return new JLineConsole(terminal, b.build(), note);
  }

  /** Null when the history file can be used; else why not (the REPL still works, without saved history). */
  static String historyProblem(Path history) {
    try {
      Path dir = history.toAbsolutePath().getParent();
      if (dir != null) Files.createDirectories(dir);
      if (dir != null && !Files.isWritable(dir)) return "history is not saved: " + dir + " is not writable";
      if (Files.exists(history) && !(Files.isWritable(history) && Files.isReadable(history))) {
        return "history is not saved: " + history + " cannot be read and written";
      }
      return null;
    } catch (IOException | SecurityException e) {
      return "history is not saved: cannot create the folder of " + history + " (" + e.getMessage() + ")";
    }
  }

  /** Why the history is not saved, or null when it is. */
  public String historyNote() {
    return historyNote;
  }

  @Override
  public String readLine(String prompt) throws LineInterrupted {
    try {
      return reader.readLine(prompt);
    } catch (UserInterruptException e) {
      throw new LineInterrupted();
    } catch (EndOfFileException e) {
      return null;
    }
  }

  @Override
  public PrintWriter out() {
    return terminal.writer();
  }

  @Override
  public Interrupts onInterrupt(Runnable onInterrupt) {
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> onInterrupt.run());
    return () -> terminal.handle(Terminal.Signal.INT, previous);
  }

  @Override
  public void close() throws IOException {
    try {
      reader.getHistory().save();
    } catch (IOException | RuntimeException ignored) {
      // The history is a convenience; losing it must not turn a clean exit into a failure.
    }
    terminal.close();
  }

  /** Completes command names as the first word and the command's values as the second. */
  static final class CommandCompleter implements Completer {
    private final ReplCommands commands;

    CommandCompleter(ReplCommands commands) {
      this.commands = commands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
      for (String c : candidates(commands, line.words(), line.wordIndex())) {
        boolean complete = !c.endsWith("="); // "/set top_k=" waits for its value: no space after it
        candidates.add(new Candidate(c, c, null, null, null, null, complete));
      }
    }

    /** The completions for word {@code index} of a line split into {@code words}. */
    static List<String> candidates(ReplCommands commands, List<String> words, int index) {
      if (words.isEmpty() || !words.get(0).startsWith("/")) return List.of();
      if (index == 0) return commands.completionNames();
      if (index == 1) {
        var c = commands.find(words.get(0));
        if (c.isPresent() && c.get().name().equals("help")) {
          return commands.all().stream().map(ReplCommands.Command::name).toList();
        }
        return c.map(ReplCommands.Command::values).orElse(List.of());
      }
      return List.of();
    }
  }
}
