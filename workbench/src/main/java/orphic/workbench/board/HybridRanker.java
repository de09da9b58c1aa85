package orphic.workbench.board;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The board's ranking, a pure function of (query vector, the BM25 and vector rankings, the board's
 * vectors, options): reciprocal rank fusion → MMR for the aligned picks → contrast picks from a
 * far-but-not-extreme band of the query-cosine distribution. docs/board.md gives the formulas.
 */
public final class HybridRanker {
  /** The RRF constant of Cormack et al. (2009): score(d) = Σ 1 / (RRF_K + rank). */
  public static final int RRF_K = 60;

  private HybridRanker() {}

  /**
   * @param query the query's unit vector
   * @param bm25 fragment ids by BM25, best first (at most poolFactor × k are used)
   * @param knn fragment ids by vector similarity, nearest first
   * @param board every fragment on the board: id → unit vector (the contrast distribution)
   */
  public static List<Pick> rank(float[] query, List<Long> bm25, List<Long> knn, Map<Long, float[]> board, SearchOptions o) {
    int pool = o.poolFactor() * o.k();
    Map<Long, Integer> bmRank = ranks(bm25, pool);
    Map<Long, Integer> vecRank = ranks(knn, pool);

    // 1. Reciprocal rank fusion over both lists; ties by id for determinism.
    Map<Long, Double> rrf = new HashMap<>();
    bmRank.forEach((id, r) -> rrf.merge(id, 1.0 / (RRF_K + r), Double::sum));
    vecRank.forEach((id, r) -> rrf.merge(id, 1.0 / (RRF_K + r), Double::sum));
    List<Long> fused = new ArrayList<>(rrf.keySet());
    fused.removeIf(id -> !board.containsKey(id));
    fused.sort((a, b) -> {
      int c = Double.compare(rrf.get(b), rrf.get(a));
      return c != 0 ? c : Long.compare(a, b);
    });
    if (fused.size() > pool) fused = new ArrayList<>(fused.subList(0, pool));

    int wantContrast = Math.min(o.contrastCount(), o.k());
    int wantAligned = o.k() - wantContrast;

    // 2. Contrast band over the whole board's query cosines.
    Map<Long, Double> cos = new HashMap<>();
    board.forEach((id, v) -> cos.put(id, Vectors.dot(query, v)));
    double[] sorted = cos.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double lo = sorted.length == 0 ? 0 : percentile(sorted, o.bandLow());
    double hi = sorted.length == 0 ? 0 : percentile(sorted, o.bandHigh());

    // Aligned picks first (MMR over the fused pool); a short band hands its places back.
    List<Long> bandIds = new ArrayList<>();
    for (Map.Entry<Long, Double> e : cos.entrySet()) if (e.getValue() >= lo && e.getValue() <= hi) bandIds.add(e.getKey());
    bandIds.sort(Long::compare);
    List<Long> aligned = mmr(fused, rrf, board, o.lambda(), Math.min(fused.size(), o.k()));
    // Reserve places for contrast: as many as wanted and the band can give (outside the aligned picks).
    Set<Long> alignedFirst = new LinkedHashSet<>(aligned.subList(0, Math.min(aligned.size(), wantAligned)));
    long bandFree = bandIds.stream().filter(id -> !alignedFirst.contains(id)).count();
    int nContrast = (int) Math.min(wantContrast, bandFree);
    int nAligned = Math.min(aligned.size(), o.k() - nContrast);
    aligned = aligned.subList(0, nAligned);

    List<Pick> out = new ArrayList<>();
    for (int i = 0; i < aligned.size(); i++) {
      long id = aligned.get(i);
      int fr = fused.indexOf(id) + 1;
      int br = bmRank.getOrDefault(id, 0);
      int vr = vecRank.getOrDefault(id, 0);
      String reason = "aligned: " + (br > 0 ? "bm25 rank " + br : "no keyword match") + ", "
          + (vr > 0 ? "vector rank " + vr : "not in vector top " + pool) + ", rrf rank " + fr + ", mmr pick " + (i + 1);
      out.add(new Pick(id, Pick.Role.ALIGNED, cos.get(id), br, vr, reason));
    }

    // 3. Contrast picks: in the band, not already picked, each as far as possible from everything
    //    picked so far (max cosine to the picks, lower is better) plus a small seeded jitter, so a
    //    new seed explores other near-equal choices.
    Set<Long> chosen = new LinkedHashSet<>(aligned);
    List<Long> cands = new ArrayList<>(bandIds);
    cands.removeIf(chosen::contains);
    Random rng = new Random(o.seed());
    Map<Long, Double> jitter = new HashMap<>();
    for (long id : cands) jitter.put(id, rng.nextDouble() * 0.05);
    String band = String.format(Locale.ROOT, "[%.2f, %.2f]", lo, hi);
    String pct = String.format(Locale.ROOT, "percentiles %d–%d of %d", Math.round(o.bandLow() * 100), Math.round(o.bandHigh() * 100), sorted.length);
    for (int n = 0; n < nContrast && !cands.isEmpty(); n++) {
      long best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      double bestMax = 0;
      for (long id : cands) {
        double m = maxSim(board.get(id), chosen, board);
        double s = -m + jitter.get(id);
        if (s > bestScore) {
          bestScore = s;
          best = id;
          bestMax = m;
        }
      }
      cands.remove(best);
      chosen.add(best);
      String reason = String.format(Locale.ROOT, "contrast: cosine %.2f in band %s (%s), max cosine %.2f to earlier picks",
          cos.get(best), band, pct, bestMax);
      out.add(new Pick(best, Pick.Role.CONTRAST, cos.get(best), bmRank.getOrDefault(best, 0), vecRank.getOrDefault(best, 0), reason));
    }
    return out;
  }

  /**
   * Greedy MMR: repeatedly take argmax λ·rel(d) − (1−λ)·max over picked s of cos(d, s), where
   * rel(d) = (rrf(d) − min rrf) / (max rrf − min rrf) over the pool (1 when all are equal): RRF
   * scores sit close together (1/61 vs 1/80), so min-max scaling lets relevance span 0..1 like the
   * cosine redundancy term does.
   */
  static List<Long> mmr(List<Long> pool, Map<Long, Double> rrf, Map<Long, float[]> vectors, double lambda, int n) {
    if (pool.isEmpty()) return List.of();
    double top = rrf.get(pool.getFirst());
    double bottom = rrf.get(pool.getLast());
    double span = top - bottom;
    List<Long> left = new ArrayList<>(pool);
    List<Long> picked = new ArrayList<>();
    while (picked.size() < n && !left.isEmpty()) {
      long best = left.getFirst();
      double bestScore = Double.NEGATIVE_INFINITY;
      for (long id : left) { // in fused order: ties keep the better-fused fragment
        double rel = span == 0 ? 1 : (rrf.get(id) - bottom) / span;
        double red = picked.isEmpty() ? 0 : maxSim(vectors.get(id), picked, vectors);
        double s = lambda * rel - (1 - lambda) * red;
        if (s > bestScore) {
          bestScore = s;
          best = id;
        }
      }
      left.remove(best);
      picked.add(best);
    }
    return picked;
  }

  private static double maxSim(float[] v, Iterable<Long> others, Map<Long, float[]> vectors) {
    double m = Double.NEGATIVE_INFINITY;
    for (long o : others) m = Math.max(m, Vectors.dot(v, vectors.get(o)));
    return m == Double.NEGATIVE_INFINITY ? 0 : m;
  }

  private static Map<Long, Integer> ranks(List<Long> ids, int limit) {
    Map<Long, Integer> r = new HashMap<>();
    for (int i = 0; i < ids.size() && i < limit; i++) r.putIfAbsent(ids.get(i), i + 1);
    return r;
  }

  /** Linear interpolation between closest ranks: p in 0..1 over ascending values (p=0 min, p=1 max). */
  static double percentile(double[] ascending, double p) {
    double pos = p * (ascending.length - 1);
    int i = (int) Math.floor(pos);
    if (i >= ascending.length - 1) return ascending[ascending.length - 1];
    double f = pos - i;
    return ascending[i] * (1 - f) + ascending[i + 1] * f;
  }
}
