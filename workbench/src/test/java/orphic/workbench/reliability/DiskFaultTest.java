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
 * <p>Read-only, in order of preference: (1) a read-only mount given as
 * {@code -Dorphic.test.readonly=RO -Dorphic.test.readonly.source=RW}, where RO is a read-only view
 * of the writable folder RW (e.g. a tmpfs on RW and {@code mount --bind RW RO; mount -o
 * remount,bind,ro RO}, what {@code .ci/run} sets up): the test prepares its files under RW and
 * writes through RO, which refuses even root ({@code EROFS}); (2) a folder without write permission,
 * which works for any user but root; (3) as root, a folder made immutable ({@code chattr +i},
 * which needs CAP_LINUX_IMMUTABLE and a file system that supports it, not tmpfs or overlayfs).
 * Where none works the tests are skipped with a message. Disk full needs a small file system,
 * which a test cannot make portably: pass its mount point as {@code -Dorphic.test.smallfs=/mnt/small}
 * (e.g. {@code mount -t tmpfs -o size=256k tmpfs /mnt/small}); without it those tests are skipped.
 */
class DiskFaultTest {
  @TempDir Path tmp;
  private Path locked;
  private Path mounted; // this test's folder on a given mount (read-only source or small file system), removed afterwards

  @AfterEach
  void unlock() throws Exception {
    if (locked != null) {
      new ProcessBuilder("chattr", "-i", locked.toString()).redirectErrorStream(true).start().waitFor();
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    if (mounted != null) deleteTree(mounted);
  }

  /** The writable side and the read-only view of the read-only mount the build was given, or null. */
  private static Path[] readOnlyMount() {
    String ro = System.getProperty("orphic.test.readonly", "");
    String rw = System.getProperty("orphic.test.readonly.source", "");
    if (ro.isBlank() && rw.isBlank()) return null;
    assertThat(ro.isBlank() || rw.isBlank()).as("orphic.test.readonly and orphic.test.readonly.source go together").isFalse();
    return new Path[] {Path.of(rw), Path.of(ro)};
  }

  /**
   * A folder for this test's files that {@link #readOnly} can later make read-only: a fresh folder
   * on the writable side of the read-only mount when one was given, else one under {@code tmp}.
   */
  private Path area() throws IOException {
    Path[] m = readOnlyMount();
    if (m == null) return tmp;
    if (mounted == null) mounted = Files.createTempDirectory(m[0], "diskfault");
    return mounted;
  }

  /**
   * {@code dir} (under {@link #area}) as a path through which it cannot be written: its read-only
   * view when a read-only mount was given, else {@code dir} itself after chmod (or, as root,
   * {@code chattr +i}); skips the test saying why where nothing works.
   */
  private Path readOnly(Path dir) throws Exception {
    Path[] m = readOnlyMount();
    if (m != null) {
      Path view = m[1].resolve(m[0].relativize(dir));
      assertThat(canWrite(view)).as(view + " (orphic.test.readonly) must refuse writes: is it mounted read-only?").isFalse();
      return view;
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    locked = dir;
    if (!canWrite(dir)) return dir;
    int rc;
    try {
      rc = new ProcessBuilder("chattr", "+i", dir.toString()).redirectErrorStream(true).start().waitFor();
    } catch (IOException e) {
      rc = -1;
    }
    assumeTrue(rc == 0 && !canWrite(dir),
        "running as root, which ignores permissions, 'chattr +i' does not work here, and no read-only mount was given "
            + "(-Dorphic.test.readonly=RO -Dorphic.test.readonly.source=RW, see .ci/run): read-only tests skipped");
    return dir;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
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
    Path ro = readOnly(Files.createDirectories(area().resolve("ro")));
    assertThatThrownBy(() -> new ModelDirectory(ro.resolve("model")).create()).isInstanceOf(IOException.class)
        .hasMessageContaining(ro.resolve("model").toString());
    assertThat(list(ro)).isEmpty();
  }

  @Test
  void writingIntoAReadOnlyModelDirectoryFailsClearlyAndChangesNothing() throws Exception {
    ModelDirectory writable = new ModelDirectory(area().resolve("model")).create();
    writable.writeConfig(ModelConfig.gpt(11, 8, 16, 1, 2), null, null, "char");
    byte[] config = Files.readAllBytes(writable.file(ModelDirectory.CONFIG));
    ModelDirectory dir = new ModelDirectory(readOnly(writable.root()));

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
    Path roWritable = Files.createDirectories(area().resolve("ro"));
    try (Workspace ws = Workspace.init(wsDir)) {
      new Documents(ws).create("draft", "the lamp, the river", null);
      List<String> before = list(wsDir);
      Path ro = readOnly(roWritable);
      assertThatThrownBy(() -> WorkspaceArchive.export(ws, ro.resolve("backup.zip"))).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("could not export").hasMessageContaining(ro.resolve("backup.zip").toString());
      assertThat(list(ro)).isEmpty();
      assertThat(list(wsDir)).isEqualTo(before);
      assertThat(ws.integrityCheck()).isEqualTo("ok");
    }
  }

  private Path smallFileSystem() throws IOException {
    String p = System.getProperty("orphic.test.smallfs");
    assumeTrue(p != null && !p.isBlank(), "no small file system given (-Dorphic.test.smallfs=DIR): disk-full tests skipped");
    mounted = Files.createTempDirectory(Path.of(p), "diskfull");
    return mounted;
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
