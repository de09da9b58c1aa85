package orphic.lm.text;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared test corpora in {@code ../shared/corpora} (surefire passes their parent folder as the
 * system property {@code orphic.shared}). Tests that need them skip when they are absent, as in a
 * user's clone.
 */
public final class SharedCorpora {
  private SharedCorpora() {}

  /** The corpus file, or a skipped test when it cannot be read. */
  public static Path require(String name) {
    Path p = find(name);
    assumeTrue(p != null, "shared corpus " + name + " not available; skipping");
    return p;
  }

  /** The corpus file, or null when it cannot be read. */
  public static Path find(String name) {
    String shared = System.getProperty("orphic.shared");
    if (shared == null) return null;
    Path p = Path.of(shared, "corpora", name);
    return Files.isReadable(p) ? p : null;
  }
}
