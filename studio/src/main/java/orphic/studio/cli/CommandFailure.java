package orphic.studio.cli;

/**
 * A failure whose message is written for the user (what went wrong and what to do); printed as is,
 * without the exception's class name, and the command exits with 1.
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CommandFailure(String message) {
    super(message);
  }

  /** A documented command whose functionality this build does not have yet. */
  static CommandFailure notAvailable(String what, String issue) {
    return new CommandFailure("not available yet in this build: " + what + " (tracked by the " + issue + " issue)");
  }
}
