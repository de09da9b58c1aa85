package orphic.lm.train;

/**
 * Draws training windows: for step s, row b starts at a position that is a pure function of
 * (seed, s, b). Being stateless, it needs no RNG state in checkpoints: a resumed run at step s
 * sees exactly the batches an uninterrupted run would have seen.
 */
public final class BatchSampler {
  private final int[] tokens;
  private final int batch;
  private final int context;
  private final long seed;

  /** tokens: the training split; windows of context+1 tokens are drawn from it. */
  public BatchSampler(int[] tokens, int batch, int context, long seed) {
    if (tokens.length < context + 1) {
      throw new IllegalArgumentException("training split has " + tokens.length + " tokens, fewer than context + 1 = " + (context + 1));
    }
    this.tokens = tokens;
    this.batch = batch;
    this.context = context;
    this.seed = seed;
  }

  /** Fills inputs and targets ([B, T] row-major each) for step {@code step}. */
  public void fill(long step, int[] inputs, int[] targets) {
    for (int b = 0; b < batch; b++) {
      int start = start(step, b);
      System.arraycopy(tokens, start, inputs, b * context, context);
      System.arraycopy(tokens, start + 1, targets, b * context, context);
    }
  }

  /** Where row b of step {@code step} starts in the training split. */
  public int start(long step, int b) {
    int span = tokens.length - context; // valid starts: [0, span)
    return (int) Long.remainderUnsigned(mix(seed, step * batch + b), span);
  }

  /**
   * Style ids of step {@code step}'s rows into {@code out} [B]: the style whose span holds the
   * row's first token ({@code spanEnds}: exclusive end of each style's tokens, ascending; a window
   * across a boundary keeps its first token's style).
   */
  public void styles(long step, int[] spanEnds, int[] out) {
    for (int b = 0; b < batch; b++) {
      int s = start(step, b), id = 0;
      while (id < spanEnds.length - 1 && s >= spanEnds[id]) id++;
      out[b] = id;
    }
  }

  public int batch() {
    return batch;
  }

  public int context() {
    return context;
  }

  /** SplitMix64 finaliser over (seed, counter): a well-mixed 64-bit hash. */
  static long mix(long seed, long counter) {
    long z = seed + 0x9E3779B97F4A7C15L * (counter + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
