package orphic.studio.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jline.utils.Signals;

/**
 * Lines from a plain stream (piped input, tests): no editing, history or completion. Prompts are
 * written so the output reads like the session. With {@code catchSignals}, Ctrl-C during a
 * generation cancels it, as on a terminal; otherwise the default (the JVM exits) applies.
 */
public final class PlainConsole implements ReplConsole {
  private final BufferedReader in;
  private final PrintWriter out;
  private final boolean catchSignals;

  /** Reads UTF-8 from {@code in}; Ctrl-C keeps its default meaning. */
  public PlainConsole(InputStream in, PrintWriter out) {
    this(in, out, false);
  }

  public PlainConsole(InputStream in, PrintWriter out, boolean catchSignals) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
    this.catchSignals = catchSignals;
  }

  @Override
  public String readLine(String prompt) {
    out.print(prompt);
    out.flush();
    try {
      String line = in.readLine();
      if (line != null) out.println(line); // echo, so the output shows what was asked
      else out.println();
      out.flush();
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the input: " + e.getMessage(), e);
    }
  }

  @Override
  public PrintWriter out() {
    return out;
  }

  @Override
  public Interrupts onInterrupt(Runnable onInterrupt) {
    if (!catchSignals) return () -> {};
    Object previous = Signals.register("INT", onInterrupt);
    return () -> Signals.unregister("INT", previous);
  }
}
