package orphic.studio.cli;

/** Whether stderr-style progress can redraw a line in place. */
final class Terminal {
  private Terminal() {}

  /** True when attached to a real terminal (since JDK 22, System.console() exists even when redirected). */
  static boolean isInteractive() {
    java.io.Console c = System.console();
    return c != null && c.isTerminal() && System.getenv("CI") == null;
  }
}
