package orphic.engine.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whole-file writes that are atomic: a reader (or a crash) sees either the old file or the complete
 * new one, never a half-written file.
 *
 * <p>The content goes to a temporary file in the target's directory ({@code .name.tmp-<random>}),
 * is forced to disk, then renamed over the target with an atomic move; the directory is synced
 * afterwards where the platform allows it, so the rename itself survives a power loss. On any
 * failure the temporary file is deleted and the target is left as it was. A process killed
 * mid-write can leave a {@code .name.tmp-*} file behind; such files are never read and are safe to
 * delete.
 *
 * <p>Checked failures are rethrown as an {@link IOException} whose message starts with {@code
 * cannot write <target>:}; unchecked exceptions thrown by a writer are rethrown unchanged (after
 * the clean-up). Thread-safe: concurrent writes to one target each succeed, and the last rename
 * wins.
 */
public final class AtomicFiles {
  private static final int BUFFER_BYTES = 1 << 16;
  /** Keeps temporary names under the usual 255-byte file name limit. */
  private static final int MAX_NAME_PREFIX = 200;

  private AtomicFiles() {}

  /** Replaces {@code target} with what {@code writer} writes. */
  public static void write(Path target, IoWriter writer) throws IOException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(writer, "writer");
    Path file = target.toAbsolutePath();
    Path dir = file.getParent();
    if (dir == null || file.getFileName() == null) {
      throw new IOException("cannot write " + target + ": the path names no file");
    }
    if (!Files.isDirectory(dir)) {
      if (Files.exists(dir)) throw new IOException("cannot write " + target + ": " + dir + " is not a directory");
      throw new IOException("cannot write " + target + ": directory " + dir + " does not exist (create it first)");
    }
    if (Files.isDirectory(file)) {
      throw new IOException("cannot write " + target + ": a directory of that name exists");
    }
    Path temp = createTemp(dir, file.getFileName().toString(), target);
    boolean moved = false;
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(new KeepOpen(Channels.newOutputStream(channel)), BUFFER_BYTES);
        writer.write(out);
        out.flush();
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } catch (IOException e) {
      throw new IOException("cannot write " + target + ": " + describe(e), e);
    } finally {
      if (!moved) deleteQuietly(temp);
    }
    syncDirectory(dir);
  }

  /** Replaces {@code target} with {@code text} encoded as UTF-8. */
  public static void writeString(Path target, String text) throws IOException {
    Objects.requireNonNull(text, "text");
    writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Replaces {@code target} with {@code bytes}. */
  public static void writeBytes(Path target, byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    write(target, out -> out.write(bytes));
  }

  private static Path createTemp(Path dir, String name, Path target) throws IOException {
    String prefix = "." + (name.length() > MAX_NAME_PREFIX ? name.substring(0, MAX_NAME_PREFIX) : name) + ".tmp-";
    for (int attempt = 0; ; attempt++) {
      // The name only has to be unique, not reproducible, so it needs no seed.
      Path temp = dir.resolve(prefix + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
      try {
        Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return temp;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 16) throw new IOException("cannot write " + target + ": no free temporary name in " + dir, e);
      } catch (AccessDeniedException e) {
        throw new IOException("cannot write " + target + ": directory " + dir + " is not writable (check its permissions)", e);
      } catch (IOException e) {
        throw new IOException("cannot write " + target + ": cannot create a temporary file in " + dir + ": " + describe(e), e);
      }
    }
  }

  /** FileSystemException messages are just the path; add the reason the OS gave. */
  private static String describe(IOException e) {
    if (e instanceof FileSystemException fse) {
      String reason = fse.getReason();
      String kind = e.getClass().getSimpleName();
      return kind + " " + fse.getFile() + (reason == null ? "" : " (" + reason + ")");
    }
    return String.valueOf(e.getMessage());
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // Nothing more to do: the temporary name marks it as garbage.
    }
  }

  /** Makes the rename durable. Some platforms (Windows) cannot open a directory; that is fine. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Best effort: the file's own content is already on disk.
    }
  }

  /** Lets the writer close its stream without closing the channel we still have to sync. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
