package orphic.studio.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and keeps what it printed. */
record Run(int exit, String out, String err) {
  static Run of(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    int exit = OrphicCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  String lastOutLine() {
    String[] lines = out.strip().split("\\R");
    return lines[lines.length - 1];
  }
}
