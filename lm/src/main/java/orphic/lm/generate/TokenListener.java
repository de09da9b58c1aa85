package orphic.lm.generate;

/**
 * Receives each generated token as soon as it is chosen (one stream). Returning false stops the
 * generation at once: no further forward pass runs, and the token just delivered is the last one.
 */
@FunctionalInterface
public interface TokenListener {
  boolean onToken(int token);
}
