package orphic.studio.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio in a real headless browser: runs src/test/e2e/studio.e2e.mjs (Node + playwright-core
 * driving Debian's chromium) against a studio with a tiny random-weight model. Screenshots go to
 * target/e2e-screenshots/. Skipped, with the reason, when chromium, node or playwright-core is
 * missing (.ci/run installs them; locally: apt-get install chromium; cd studio/src/test/e2e && npm ci).
 */
class StudioBrowserTest {
  static final Path SCRIPT = Path.of("src/test/e2e/studio.e2e.mjs");
  static final Path MODULES = Path.of("src/test/e2e/node_modules/playwright-core");

  @TempDir Path workspace;

  @Test
  void writeContinuePickAnAlternativeBranchPersistStaySafeAndUseTheLexiconInspectAndTrainTabs() throws Exception {
    String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    String node = onPath("node");
    String missing = !Files.isExecutable(Path.of(chromium)) ? chromium + " (apt-get install chromium)"
        : node == null ? "node on PATH (apt-get install nodejs npm)"
        : !Files.isDirectory(MODULES) ? "playwright-core (cd studio/src/test/e2e && npm ci)"
        : null;
    if (missing != null) System.err.println("StudioBrowserTest: browser tests skipped: missing " + missing);
    Assumptions.assumeTrue(missing == null, () -> "browser tests skipped: missing " + missing);

    TestStudio.tinyModel(workspace);
    Path corpus = workspace.resolve("corpus.txt");
    Files.writeString(corpus, "the cat sat on the mat. the dog sat on the log. ".repeat(40));
    // A style adapter for the style dial: a few steps on the tiny model.
    orphic.lm.adapter.AdapterTrainJob.prepare(new orphic.lm.adapter.AdapterTrainJob.Spec(workspace.resolve("models/tiny"),
        java.util.List.of(corpus), workspace.resolve(ModelCatalog.ADAPTERS).resolve("calm"), 4, 16f, null, "calm", 3,
        StudioStyleDialApiTest.quick(6), false), null).run(0);
    Path shots = Path.of("target/e2e-screenshots").toAbsolutePath();
    Path log = Path.of("target/e2e.log").toAbsolutePath();
    Files.createDirectories(shots);
    Files.deleteIfExists(shots.resolve("failure.png")); // left by an earlier failed run
    try (StudioServer s = TestStudio.start(workspace, null, StudioLimits.defaults())) {
      ProcessBuilder pb = new ProcessBuilder(node, SCRIPT.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("STUDIO_URL", s.address());
      pb.environment().put("SHOTS_DIR", shots.toString());
      pb.environment().put("CHROMIUM", chromium);
      pb.environment().put("CORPUS", corpus.toString());
      Process p = pb.start();
      boolean finished = p.waitFor(150, TimeUnit.SECONDS);
      if (!finished) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      String out = Files.readString(log, StandardCharsets.UTF_8);
      System.out.println(out);
      assertThat(finished).as("the browser test finished within 150 s:\n" + out).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("all steps passed");
      assertThat(shots.resolve("03-branch.png")).exists();
      assertThat(shots.resolve("08-train.png")).exists();
      assertThat(shots.resolve("09-board.png")).exists();
      assertThat(shots.resolve("10-style-dial.png")).exists();
      assertThat(shots.resolve("11-hydra.png")).exists();
      assertThat(shots.resolve("12-fog.png")).exists();
      assertThat(shots.resolve("13-stylemap.png")).exists();
    }
  }

  private static String onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) return p.toString();
    }
    return null;
  }
}
