package orphic.lm.haze;

import java.io.IOException;

/**
 * A haze weight file (.npz) that is a valid archive but not a usable set of weights: a missing or
 * unexpected key, a wrong dtype or shape, inconsistent sizes, or a vocabulary that does not match
 * the corpus. The message names the file, the key and what was expected.
 */
public class HazeWeightsException extends IOException {
  private static final long serialVersionUID = 1L;

  public HazeWeightsException(String message) {
    super(message);
  }
}
