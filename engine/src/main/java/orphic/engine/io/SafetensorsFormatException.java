package orphic.engine.io;

import java.io.IOException;

/**
 * A safetensors file that does not follow the format. An {@link IOException} because callers that
 * load a file already handle I/O failures, and a bad file is one. The message names the file, the
 * tensor (where one is involved) and what is wrong.
 */
public class SafetensorsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public SafetensorsFormatException(String message) {
    super(message);
  }

  public SafetensorsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
