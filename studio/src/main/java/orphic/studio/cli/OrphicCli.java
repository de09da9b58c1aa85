package orphic.studio.cli;

/** Placeholder entry point; the picocli command tree replaces it. */
public final class OrphicCli {
  public static void main(String[] args) {
    System.out.println("orphic");
  }
}
