package orphic.engine.blanchot;

import orphic.engine.nn.Init;
import orphic.engine.nn.Module;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/**
 * A token embedding with a rarity-scaled "solitude" vector: ids [B, T] → [B, T, C].
 *
 * <pre>
 *   e(v) = W[v] + γ·r(v)·u_v
 *   r(v) = c'_v^{−1/2} / (Σ_w c_w c'_w^{−1/2} / Σ_w c_w),   c'_v = max(c_v, 1)
 * </pre>
 *
 * c_v: how often token v occurs in the training corpus (frozen at construction). r falls as the
 * count grows, and its corpus-weighted mean is 1 (a token never seen counts as seen once). W and u
 * are learnt; W starts N(0, σ) like a plain embedding, u N(0, 0.02). With γ = 0 this is a plain
 * embedding. Parameters: {@code weight} [V, C] (named as {@link orphic.engine.nn.Embedding}'s) and
 * {@code solitude} [V, C].
 */
public final class OrphicEmbedding extends Module {
  private final int vocab;
  private final int dim;
  private final float gamma;
  private final float[] rarity;
  private final Tensor weight;
  private final Tensor solitude;
  /** [V, C]: γ·r(v) on row v, a constant (no gradient). */
  private final Tensor scale;

  /**
   * @param counts corpus occurrences of each of the V ids (length V; null = all equal)
   * @param gamma  γ, the weight of the solitude term (0.1 is the spec's default)
   * @param init   init of W
   */
  public OrphicEmbedding(int vocab, int dim, long[] counts, float gamma, Init init) {
    if (vocab < 1 || dim < 1) throw new IllegalArgumentException("OrphicEmbedding needs vocab, dim >= 1, got " + vocab + ", " + dim);
    if (counts != null && counts.length != vocab) {
      throw new IllegalArgumentException("OrphicEmbedding: " + counts.length + " token counts for a vocabulary of " + vocab
          + ": count every id of the tokenizer (0 for unseen ones)");
    }
    this.vocab = vocab;
    this.dim = dim;
    this.gamma = gamma;
    this.rarity = rarity(counts == null ? new long[vocab] : counts);
    this.weight = parameter("weight", init, vocab, dim);
    this.solitude = parameter("solitude", Init.normal(0.02), vocab, dim);
    float[] s = new float[vocab * dim];
    for (int v = 0; v < vocab; v++) java.util.Arrays.fill(s, v * dim, (v + 1) * dim, gamma * rarity[v]);
    this.scale = Tensor.of(s, vocab, dim);
  }

  /**
   * r(v) from corpus counts: c'^{−1/2} normalised to corpus-weighted mean 1 (c' = max(c, 1)); all
   * ones when every count is 0.
   */
  public static float[] rarity(long[] counts) {
    float[] r = new float[counts.length];
    double total = 0, weighted = 0;
    for (long c : counts) {
      if (c < 0) throw new IllegalArgumentException("token counts must be >= 0, got " + c);
      total += c;
      weighted += c / Math.sqrt(Math.max(c, 1));
    }
    double norm = total > 0 ? weighted / total : 1;
    for (int v = 0; v < counts.length; v++) {
      r[v] = total > 0 ? (float) (1 / Math.sqrt(Math.max(counts[v], 1)) / norm) : 1f;
    }
    return r;
  }

  /** ids: B·T ids, row-major → [B, T, C]. */
  public Tensor forward(int[] ids, int batch, int time) {
    Tensor table = gamma == 0f ? weight : Ops.add(weight, Ops.mul(solitude, scale)); // [V, C]
    return Ops.embedding(table, ids, batch, time);
  }

  /** W [V, C]. */
  public Tensor weight() {
    return weight;
  }

  /** u [V, C]. */
  public Tensor solitude() {
    return solitude;
  }

  /** r(v) per id (a copy). */
  public float[] rarity() {
    return rarity.clone();
  }

  public float gamma() {
    return gamma;
  }

  public int vocabSize() {
    return vocab;
  }

  public int dim() {
    return dim;
  }
}
