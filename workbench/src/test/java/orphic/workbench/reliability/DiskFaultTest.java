package orphic.workbench.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import orphic.engine.io.Safetensors;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.workbench.store.Documents;
import orphic.workbench.store.Workspace;
import orphic.workbench.store.WorkspaceArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing a model directory or a workspace archive where the file system says no: a read-only
 * folder, and (when a small file system is provided) a full disk. Each write must fail with an
 * error that names what could not be written, and leave nothing behind: no partial file, no
 * temporary file, the previous contents untouched.
 *
 * <p>Read-only: a folder without write permission; root ignores permissions, so as root the
 * folder is made immutable instead ({@code chattr +i}, Linux, needs CAP_LINUX_IMMUTABLE), and the
 * tests are skipped with a message where neither works. Disk full needs a small file system, which
 * a test cannot make portably: pass its mount point as {@code -Dorphic.test.smallfs=/mnt/small}
 * (e.g. {@code mount -t tmpfs -o size=256k tmpfs /mnt/small}); without it those tests are skipped.
 */
class DiskFaultTest {
  @TempDir Path tmp;
  private Path locked;

  @AfterEach
  void unlock() throws Exception {
    if (locked != null) {
      new ProcessBuilder("chattr", "-i", locked.toString()).redirectErrorStream(true).start().waitFor();
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** Makes {@code dir} unwritable for this process, or skips the test saying why it cannot. */
  private void makeReadOnly(Path dir) throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    locked = dir;
    if (!canWrite(dir)) return;
    int rc;
    try {
      rc = new ProcessBuilder("chattr", "+i", dir.toString()).redirectErrorStream(true).start().waitFor();
    } catch (IOException e) {
      rc = -1;
    }
    assumeTrue(rc == 0 && !canWrite(dir),
        "running as root, which ignores permissions, and 'chattr +i' is not available: read-only tests skipped");
  }

  private static boolean canWrite(Path dir) {
    try {
      Files.delete(Files.createTempFile(dir, "probe", ""));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aModelDirectoryCannotBeCreatedInAReadOnlyFolder() throws Exception {
    Path ro = Files.createDirectories(tmp.resolve("ro"));
    makeReadOnly(ro);
    assertThatThrownBy(() -> new ModelDirectory(ro.resolve("model")).create()).isInstanceOf(IOException.class)
        .hasMessageContaining(ro.resolve("model").toString());
    assertThat(list(ro)).isEmpty();
  }

  @Test
  void writingIntoAReadOnlyModelDirectoryFailsClearlyAndChangesNothing() throws Exception {
    ModelDirectory dir = new ModelDirectory(tmp.resolve("model")).create();
    dir.writeConfig(ModelConfig.gpt(11, 8, 16, 1, 2), null, null, "char");
    byte[] config = Files.readAllBytes(dir.file(ModelDirectory.CONFIG));
    makeReadOnly(dir.root());

    assertThatThrownBy(() -> Safetensors.write(dir.file(ModelDirectory.WEIGHTS), Map.of("w", Tensor.zeros(4, 4))))
        .isInstanceOf(IOException.class).hasMessageContaining("cannot write " + dir.file(ModelDirectory.WEIGHTS));
    assertThatThrownBy(() -> dir.writeConfig(ModelConfig.gpt(12, 8, 16, 1, 2), null, null, "char"))
        .isInstanceOf(IOException.class).hasMessageContaining("cannot write");
    assertThat(list(dir.root())).containsExactly(ModelDirectory.CONFIG);
    assertThat(Files.readAllBytes(dir.file(ModelDirectory.CONFIG))).isEqualTo(config);
  }

  @Test
  void exportingAnArchiveIntoAReadOnlyFolderFailsClearlyAndLeavesNothing() throws Exception {
    Path wsDir = tmp.resolve("ws");
    Path ro = Files.createDirectories(tmp.resolve("ro"));
    try (Workspace ws = Workspace.init(wsDir)) {
      new Documents(ws).create("draft", "the lamp, the river", null);
      List<String> before = list(wsDir);
      makeReadOnly(ro);
      assertThatThrownBy(() -> WorkspaceArchive.export(ws, ro.resolve("backup.zip"))).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("could not export").hasMessageContaining(ro.resolve("backup.zip").toString());
      assertThat(list(ro)).isEmpty();
      assertThat(list(wsDir)).isEqualTo(before);
      assertThat(ws.integrityCheck()).isEqualTo("ok");
    }
  }

  private static Path smallFileSystem() throws IOException {
    String p = System.getProperty("orphic.test.smallfs");
    assumeTrue(p != null && !p.isBlank(), "no small file system given (-Dorphic.test.smallfs=DIR): disk-full tests skipped");
    Path root = Files.createTempDirectory(Path.of(p), "diskfull");
    return root;
  }

  @Test
  void weightsLargerThanTheFreeSpaceFailAndLeaveNoTemporaryFile() throws Exception {
    Path small = smallFileSystem();
    long free = Files.getFileStore(small).getUsableSpace();
    int floats = (int) Math.min(Integer.MAX_VALUE / 8, free / 4 + (1 << 16));
    ModelDirectory dir = new ModelDirectory(small.resolve("model")).create();
    assertThatThrownBy(() -> Safetensors.write(dir.file(ModelDirectory.WEIGHTS), Map.of("w", Tensor.zeros(floats))))
        .isInstanceOf(IOException.class).hasMessageContaining("cannot write " + dir.file(ModelDirectory.WEIGHTS));
    assertThat(list(dir.root())).isEmpty();
  }

  @Test
  void anArchiveLargerThanTheFreeSpaceFailsAndLeavesNothing() throws Exception {
    Path small = smallFileSystem();
    // 2.0: the database snapshot itself does not fit; 0.7: the snapshot fits, the zip after it does not.
    for (double factor : new double[] {2.0, 0.7}) {
      long free = Files.getFileStore(small).getUsableSpace();
      Path out = Files.createDirectories(small.resolve("out" + factor));
      try (Workspace ws = Workspace.init(tmp.resolve("ws" + factor))) {
        // Random letters: deflate shrinks them to about 0.6 of their size, no further.
        Random r = new Random(3);
        StringBuilder text = new StringBuilder();
        while (text.length() < free * factor) text.append((char) ('a' + r.nextInt(26)));
        new Documents(ws).create("big", text.toString(), null);
        assertThatThrownBy(() -> WorkspaceArchive.export(ws, out.resolve("backup.zip")))
            .isInstanceOfAny(UncheckedIOException.class, orphic.workbench.store.WorkspaceException.class)
            .satisfies(e -> assertThat(e.getMessage()).as("factor " + factor).containsAnyOf("is full", "No space left"));
        assertThat(list(out)).as("factor " + factor).isEmpty();
      }
    }
  }
}
