package orphic.studio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns exceptions into the exit-code contract: usage errors (picocli's parameter exceptions, also
 * when a command throws one after its own validation) print one line and return 2; any other
 * failure prints its message and returns 1.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
  static final int USAGE = 2;
  static final int FAILURE = 1;

  private final BooleanSupplier verbose;

  ErrorReporter(BooleanSupplier verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String name = cmd.getCommandSpec().qualifiedName();
    PrintWriter err = cmd.getErr();
    err.println(name + ": " + reason(ex) + suggestion(ex)
        + " (run '" + name + " --help' for the " + (unknownCommand(ex) ? "commands" : "options") + ")");
    if (verbose.getAsBoolean() || List.of(args).contains("--verbose")) ex.printStackTrace(err);
    err.flush();
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    boolean trace = verbose.getAsBoolean();
    if (ex instanceof CommandFailure || writtenForUsers(ex)) {
      err.println(name + ": " + oneLine(ex.getMessage()));
    } else if (ex instanceof java.nio.file.NoSuchFileException) {
      err.println(name + ": file not found: " + oneLine(ex.getMessage()));
    } else if (ex instanceof java.nio.file.AccessDeniedException) {
      err.println(name + ": permission denied: " + oneLine(ex.getMessage()));
    } else if (ex instanceof IOException || ex instanceof UncheckedIOException) {
      err.println(name + ": I/O error: " + oneLine(describe(ex instanceof UncheckedIOException u ? u.getCause() : ex)));
    } else {
      err.println(name + ": failed: " + oneLine(describe(ex))
          + (trace ? "" : " (rerun with --verbose for the stack trace)"));
    }
    if (trace) ex.printStackTrace(err);
    err.flush();
    return FAILURE;
  }

  /** Exceptions whose messages already say what was wrong and what to do. */
  private static boolean writtenForUsers(Exception ex) {
    return ex instanceof orphic.lm.text.CorpusException || ex instanceof orphic.lm.tokenize.TokenizerException
        || ex instanceof orphic.engine.io.SafetensorsFormatException || ex instanceof orphic.engine.io.NpyFormatException
        || ex instanceof IllegalArgumentException || ex.getClass() == IOException.class;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  private static String reason(ParameterException ex) {
    if (unknownCommand(ex)) {
      return "unknown command '" + ((UnmatchedArgumentException) ex).getUnmatched().getFirst() + "'";
    }
    return oneLine(ex.getMessage());
  }

  /** A word where a subcommand was expected (picocli calls it an unmatched argument). */
  private static boolean unknownCommand(ParameterException ex) {
    return ex instanceof UnmatchedArgumentException u && !u.isUnknownOption()
        && !u.getCommandLine().getSubcommands().isEmpty() && !u.getUnmatched().isEmpty();
  }

  /** picocli's near matches, keeping only those that start like what was typed. */
  private static String suggestion(ParameterException ex) {
    if (!(ex instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) return "";
    String typed = stripDashes(u.getUnmatched().getFirst());
    List<String> close = u.getSuggestions().stream()
        .filter(s -> !typed.isEmpty() && stripDashes(s).startsWith(typed.substring(0, 1)))
        .limit(3)
        .toList();
    return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
  }

  private static String stripDashes(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '-') i++;
    return s.substring(i);
  }

  static String oneLine(String s) {
    if (s == null) return "unknown error";
    return s.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
