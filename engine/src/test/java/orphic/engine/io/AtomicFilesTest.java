package orphic.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesAndReplaces() throws IOException {
    Path f = dir.resolve("config.json");
    AtomicFiles.writeString(f, "{\"v\": 1}");
    assertThat(Files.readString(f)).isEqualTo("{\"v\": 1}");
    AtomicFiles.writeString(f, "{\"v\": 2} — é");
    assertThat(Files.readString(f, StandardCharsets.UTF_8)).isEqualTo("{\"v\": 2} — é");
    byte[] big = new byte[300_000];
    for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
    AtomicFiles.writeBytes(f, big);
    assertThat(Files.readAllBytes(f)).isEqualTo(big);
    assertThat(listing()).containsExactly("config.json");
  }

  @Test
  void writerMayCloseTheStream() throws IOException {
    Path f = dir.resolve("a.bin");
    AtomicFiles.write(f, out -> {
      out.write(new byte[] {1, 2, 3});
      out.close();
    });
    assertThat(Files.readAllBytes(f)).containsExactly(1, 2, 3);
  }

  @Test
  void aWriterThatFailsMidwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path f = dir.resolve("model.safetensors");
    AtomicFiles.writeString(f, "old content");
    assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
      out.write(new byte[100_000]); // past the buffer, so bytes reach the temporary file
      throw new IOException("disk full (simulated)");
    }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot write " + f)
        .hasMessageContaining("disk full (simulated)");
    assertThat(Files.readString(f)).isEqualTo("old content");
    assertThat(listing()).containsExactly("model.safetensors");

    // Unchecked failures are rethrown unchanged, with the same clean-up.
    assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
      out.write(new byte[10]);
      throw new IllegalStateException("bug in the writer");
    })).isInstanceOf(IllegalStateException.class).hasMessage("bug in the writer");
    assertThat(Files.readString(f)).isEqualTo("old content");
    assertThat(listing()).containsExactly("model.safetensors");
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Path f = dir.resolve("nope").resolve("x.json");
    assertThatThrownBy(() -> AtomicFiles.writeString(f, "x"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot write " + f)
        .hasMessageContaining("does not exist");
  }

  @Test
  void aDirectoryInTheWayIsRefused() throws IOException {
    Path f = Files.createDirectory(dir.resolve("taken"));
    assertThatThrownBy(() -> AtomicFiles.writeString(f, "x")).isInstanceOf(IOException.class).hasMessageContaining("a directory");
    Path file = dir.resolve("file");
    Files.writeString(file, "x");
    assertThatThrownBy(() -> AtomicFiles.writeString(file.resolve("child"), "x"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void aReadOnlyDirectoryIsNamed() throws IOException {
    Path ro = Files.createDirectory(dir.resolve("ro"));
    try {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    } catch (UnsupportedOperationException e) {
      assumeFalse(true, "no POSIX permissions on this file system");
    }
    try {
      // root ignores permissions; the check means nothing there.
      assumeFalse(Files.isWritable(ro), "running with privileges that ignore permissions");
      Path f = ro.resolve("x.json");
      assertThatThrownBy(() -> AtomicFiles.writeString(f, "x"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cannot write " + f)
          .hasMessageContaining("not writable");
    } finally {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void longNamesStillGetATemporaryName() throws IOException {
    Path f = dir.resolve("n".repeat(250));
    AtomicFiles.writeString(f, "ok");
    assertThat(Files.readString(f)).isEqualTo("ok");
  }
}
