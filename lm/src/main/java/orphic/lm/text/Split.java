package orphic.lm.text;

import java.nio.IntBuffer;

/**
 * The train/validation split of a token stream: the first part trains, the last part (contiguous,
 * as nanoGPT does) validates. With fraction f and n tokens, training gets the first
 * round(n·(1−f)) tokens and validation the rest.
 *
 * <p>No ids are copied: {@link #train()} and {@link #validation()} are read-only views of the one
 * id array, so a trainer copies windows out with {@code train().get(start, row, 0, T + 1)}.
 */
public final class Split {
  /** The conventional share of tokens held out for validation (shared/corpora/README.md). */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

  private final int[] ids;
  private final int boundary;

  private Split(int[] ids, int boundary) {
    this.ids = ids;
    this.boundary = boundary;
  }

  /** Splits 90% / 10%; each part must hold at least context + 1 tokens (one training window). */
  public static Split of(int[] ids, int context) {
    return of(ids, context, DEFAULT_VALIDATION_FRACTION);
  }

  /**
   * Splits off the last {@code validationFraction} of the ids; each part must hold at least
   * context + 1 tokens, since one window of T inputs needs T + 1 tokens (inputs plus targets).
   */
  public static Split of(int[] ids, int context, double validationFraction) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be strictly between 0 and 1, got "
          + validationFraction);
    }
    if (context < 1) throw new IllegalArgumentException("context length must be at least 1, got " + context);
    int n = ids.length;
    int b = boundary(n, validationFraction);
    if (b < context + 1 || n - b < context + 1) {
      throw new CorpusException("corpus too small for context length " + context + ": " + n
          + " tokens, need at least " + minimumTokens(context, validationFraction) + " (at least "
          + (context + 1) + " tokens in each of the training and validation parts); use a smaller"
          + " --context or more text");
    }
    return new Split(ids, b);
  }

  /** The whole id array (shared, not copied): training ids are [0, boundary), validation the rest. */
  public int[] ids() {
    return ids;
  }

  /** Index of the first validation id. */
  public int boundary() {
    return boundary;
  }

  /** Read-only view of the training ids, indexed from 0. */
  public IntBuffer train() {
    return IntBuffer.wrap(ids, 0, boundary).slice().asReadOnlyBuffer();
  }

  /** Read-only view of the validation ids, indexed from 0. */
  public IntBuffer validation() {
    return IntBuffer.wrap(ids, boundary, ids.length - boundary).slice().asReadOnlyBuffer();
  }

  public int trainLength() {
    return boundary;
  }

  public int validationLength() {
    return ids.length - boundary;
  }

  private static int boundary(int n, double validationFraction) {
    return (int) Math.round(n * (1.0 - validationFraction));
  }

  /** The smallest token count whose split leaves context + 1 tokens on both sides. */
  static long minimumTokens(int context, double validationFraction) {
    double smaller = Math.min(validationFraction, 1 - validationFraction);
    // Below (T + 0.5) / f the rounded smaller part cannot reach T + 1, so start just under it.
    long n = Math.max(2L * (context + 1), (long) Math.floor((context + 0.5) / smaller) - 1);
    while (n < Integer.MAX_VALUE) {
      int b = boundary((int) n, validationFraction);
      if (b >= context + 1 && n - b >= context + 1) return n;
      n++;
    }
    return n;
  }
}
