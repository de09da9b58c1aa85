package orphic.studio.repl;

import java.io.IOException;
import java.nio.file.Path;
import orphic.engine.io.AtomicFiles;

/**
 * The session as text, for {@code /save}: every input line after {@code >>> } (commands too, so
 * feeding those lines back to the REPL replays the session), each generation's text, and its
 * statistics line after {@code # }.
 */
public final class Transcript {
  /** What starts an input line in the saved file. */
  public static final String INPUT_MARK = ">>> ";

  private final StringBuilder text = new StringBuilder();

  /** An input line as typed. */
  public void input(String line) {
    text.append(INPUT_MARK).append(line).append('\n');
  }

  /** A generation's text. */
  public void output(String generated) {
    text.append(generated);
    if (!generated.endsWith("\n")) text.append('\n');
  }

  /** A note such as the statistics line. */
  public void note(String line) {
    text.append("# ").append(line).append('\n');
  }

  public String text() {
    return text.toString();
  }

  /** Writes the transcript atomically (the old file, if any, stays whole until the new one is complete). */
  public void save(Path file) throws IOException {
    AtomicFiles.writeString(file, text());
  }
}
