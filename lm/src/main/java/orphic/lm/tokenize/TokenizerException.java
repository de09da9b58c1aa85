package orphic.lm.tokenize;

/**
 * A tokenizer could not do what was asked: a tokenizer.json is malformed, a character is not in a
 * vocabulary whose unknown policy is {@code error}, a specification string is wrong. The message
 * says what and where (file, field, character position) and what to do.
 */
public final class TokenizerException extends RuntimeException {
  public TokenizerException(String message) {
    super(message);
  }

  public TokenizerException(String message, Throwable cause) {
    super(message, cause);
  }
}
