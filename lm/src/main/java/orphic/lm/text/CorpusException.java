package orphic.lm.text;

/**
 * A corpus could not be used: a file is missing, not UTF-8, binary, or the text is too small for
 * what was asked of it. The message names the file (and byte offset where that helps) and says what
 * to do about it, so a command-line front end can print it as is.
 */
public final class CorpusException extends RuntimeException {
  public CorpusException(String message) {
    super(message);
  }

  public CorpusException(String message, Throwable cause) {
    super(message, cause);
  }
}
