package orphic.workbench.board;

/**
 * Why one fragment was chosen.
 *
 * @param role {@link Role#ALIGNED} (hybrid + MMR) or {@link Role#CONTRAST} (far band)
 * @param cosine cosine of the fragment's embedding to the query's
 * @param bm25Rank 1-based rank in the BM25 list, or 0 when the keywords did not match it (or it was past the pool)
 * @param vectorRank 1-based rank in the kNN list, or 0 when past the pool
 * @param reason the label shown to the user, e.g. {@code aligned: bm25 rank 2, vector rank 1, rrf rank 1, mmr pick 1}
 */
public record Pick(long id, Role role, double cosine, int bm25Rank, int vectorRank, String reason) {
  public enum Role {
    ALIGNED,
    CONTRAST
  }
}
