package orphic.engine.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a file's whole content to a stream; the body of {@link AtomicFiles#write}.
 *
 * <p>The stream is buffered. The writer may close it or leave it open: either way {@link
 * AtomicFiles} flushes, syncs and closes the underlying file itself.
 */
@FunctionalInterface
public interface IoWriter {
  void write(OutputStream out) throws IOException;
}
