package orphic.engine.nn;

import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/** A lookup table: ids (values in [0, V)) of shape S → rows [...S, C]; table [V, C]. */
public final class Embedding extends Module {
  private final int vocab;
  private final int dim;
  private final Tensor weight;

  /** Rows normal(0.02) as in GPT-2. */
  public Embedding(int vocab, int dim) {
    this(vocab, dim, Init.normal(0.02));
  }

  public Embedding(int vocab, int dim, Init init) {
    if (vocab < 1 || dim < 1) throw new IllegalArgumentException("Embedding needs vocab, dim >= 1, got " + vocab + ", " + dim);
    this.vocab = vocab;
    this.dim = dim;
    this.weight = parameter("weight", init, vocab, dim);
  }

  /** ids with shape {@code idsShape} (e.g. B, T) → [...idsShape, C]. */
  public Tensor forward(int[] ids, int... idsShape) {
    return Ops.embedding(weight, ids, idsShape);
  }

  /** [V, C]; also usable as a tied output projection ({@code Ops.linear(x, weight(), null)}). */
  public Tensor weight() {
    return weight;
  }

  public int vocabSize() {
    return vocab;
  }

  public int dim() {
    return dim;
  }
}
