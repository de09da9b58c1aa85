package orphic.lm.generate;

/**
 * Receives each token of a batched generation as it is chosen, with its stream's index. Returning
 * false stops that stream (the others go on); the generation ends when every stream has stopped
 * or reached its length.
 */
@FunctionalInterface
public interface StreamListener {
  boolean onToken(int stream, int token);
}
