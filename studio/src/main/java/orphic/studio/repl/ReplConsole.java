package orphic.studio.repl;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Where the REPL reads lines and writes text: {@link JLineConsole} on a terminal (editing,
 * history, completion, Ctrl-C), {@link PlainConsole} for piped input and tests.
 */
public interface ReplConsole extends AutoCloseable {
  /**
   * Reads one line after showing {@code prompt}.
   *
   * @return the line without its end, or null at the end of input (Ctrl-D)
   * @throws LineInterrupted when the user pressed Ctrl-C while typing (the line is dropped)
   */
  String readLine(String prompt) throws LineInterrupted;

  /** Where output goes; flush after writing a token so it shows at once. */
  PrintWriter out();

  /**
   * Routes Ctrl-C to {@code onInterrupt} until the returned handle is closed (while a generation
   * runs); afterwards Ctrl-C behaves as before.
   */
  Interrupts onInterrupt(Runnable onInterrupt);

  @Override
  default void close() throws IOException {}

  /** A Ctrl-C routing that ends when closed. */
  interface Interrupts extends AutoCloseable {
    @Override
    void close();
  }

  /** Ctrl-C while a line was being typed. */
  final class LineInterrupted extends Exception {
    private static final long serialVersionUID = 1L;

    public LineInterrupted() {
      super("line interrupted", null, false, false);
    }
  }
}
