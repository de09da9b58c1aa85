package orphic.workbench.board;

/**
 * How a board search mixes its picks (docs/board.md).
 *
 * @param k results wanted
 * @param contrastShare share of {@code k} filled with contrast picks, 0..1 (rounded to whole picks)
 * @param lambda MMR trade-off, 0..1: 1 = pure relevance (plain fused top-k), 0 = pure diversity
 * @param poolFactor candidate pool = poolFactor × k from each of BM25 and vector search (3–5 advised)
 * @param bandLow lower percentile (0..1) of the board's query-cosine distribution for contrast picks
 * @param bandHigh upper percentile (0..1), above {@code bandLow}
 * @param seed breaks ties among contrast picks; same (query, board contents, options) → same result
 */
public record SearchOptions(int k, double contrastShare, double lambda, int poolFactor, double bandLow, double bandHigh, long seed) {
  public static final int DEFAULT_K = 8;
  public static final double DEFAULT_CONTRAST = 0.3;
  public static final double DEFAULT_LAMBDA = 0.7;
  public static final int DEFAULT_POOL_FACTOR = 4;
  public static final double DEFAULT_BAND_LOW = 0.2;
  public static final double DEFAULT_BAND_HIGH = 0.5;

  public SearchOptions {
    if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
    if (!(contrastShare >= 0 && contrastShare <= 1)) throw new IllegalArgumentException("contrast share must be in 0..1, got " + contrastShare);
    if (!(lambda >= 0 && lambda <= 1)) throw new IllegalArgumentException("lambda must be in 0..1, got " + lambda);
    if (poolFactor < 1) throw new IllegalArgumentException("pool factor must be at least 1 (3–5 advised), got " + poolFactor);
    if (!(bandLow >= 0 && bandLow < bandHigh && bandHigh <= 1)) {
      throw new IllegalArgumentException("contrast band needs 0 <= low < high <= 1 (percentiles as fractions), got [" + bandLow + ", " + bandHigh + "]");
    }
  }

  /** Defaults: k 8, 30% contrast, λ 0.7, pool 4×k, band percentiles 20–50%, seed 0. */
  public static SearchOptions defaults() {
    return new SearchOptions(DEFAULT_K, DEFAULT_CONTRAST, DEFAULT_LAMBDA, DEFAULT_POOL_FACTOR, DEFAULT_BAND_LOW, DEFAULT_BAND_HIGH, 0);
  }

  public SearchOptions withK(int k) {
    return new SearchOptions(k, contrastShare, lambda, poolFactor, bandLow, bandHigh, seed);
  }

  public SearchOptions withContrast(double share) {
    return new SearchOptions(k, share, lambda, poolFactor, bandLow, bandHigh, seed);
  }

  public SearchOptions withLambda(double lambda) {
    return new SearchOptions(k, contrastShare, lambda, poolFactor, bandLow, bandHigh, seed);
  }

  public SearchOptions withSeed(long seed) {
    return new SearchOptions(k, contrastShare, lambda, poolFactor, bandLow, bandHigh, seed);
  }

  public SearchOptions withBand(double low, double high) {
    return new SearchOptions(k, contrastShare, lambda, poolFactor, low, high, seed);
  }

  /** Contrast picks wanted: round(k × share). */
  public int contrastCount() {
    return (int) Math.round(k * contrastShare);
  }
}
