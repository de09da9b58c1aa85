package orphic.engine.io;

import java.io.IOException;

/**
 * A {@code .npy} or {@code .npz} file that does not follow the numpy format, uses a type this
 * reader does not support, or exceeds a size limit. An {@link IOException} like the other format
 * errors of this package; the message names the file, the member or key, and the problem.
 */
public class NpyFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public NpyFormatException(String message) {
    super(message);
  }

  public NpyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
