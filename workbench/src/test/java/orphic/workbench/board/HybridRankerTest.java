package orphic.workbench.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ranking on hand-made 2-d unit vectors (no model, no index). */
class HybridRankerTest {
  private static float[] at(double degrees) {
    double r = Math.toRadians(degrees);
    return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
  }

  /** Ten fragments at 0°, 10°, …, 90° from the query (query = 0°). */
  private static Map<Long, float[]> fan() {
    Map<Long, float[]> m = new LinkedHashMap<>();
    for (long i = 0; i < 10; i++) m.put(i + 1, at(10 * i));
    return m;
  }

  @Test
  void percentileInterpolatesBetweenClosestRanks() {
    double[] v = {0, 1, 2, 3};
    assertThat(HybridRanker.percentile(v, 0)).isZero();
    assertThat(HybridRanker.percentile(v, 0.5)).isCloseTo(1.5, within(1e-12));
    assertThat(HybridRanker.percentile(v, 1)).isEqualTo(3);
  }

  @Test
  void reciprocalRankFusionOrdersByTheSumOfInverseRanks() {
    // 1: 1/61 + 1/62; 3: 1/63 + 1/61; 2: 1/62 + 1/63 → 1, 3, 2. λ = 1: MMR keeps the fused order.
    Map<Long, float[]> v = Map.of(1L, at(0), 2L, at(1), 3L, at(2));
    List<Pick> p = HybridRanker.rank(at(0), List.of(1L, 2L, 3L), List.of(3L, 1L, 2L), v, new SearchOptions(3, 0, 1, 1, 0.2, 0.5, 0));
    assertThat(p).extracting(Pick::id).containsExactly(1L, 3L, 2L);
    assertThat(p.get(1).reason()).isEqualTo("aligned: bm25 rank 3, vector rank 1, rrf rank 2, mmr pick 2");
  }

  @Test
  void mmrSkipsANearDuplicateOfTheFirstPick() {
    Map<Long, float[]> v = new LinkedHashMap<>();
    v.put(1L, at(0));
    v.put(2L, at(1)); // almost the same as 1
    v.put(3L, at(60));
    v.put(4L, at(70));
    // rel (min-max of RRF over the pool) = 1, 0.66, 0.32, 0. λ = 0.5: fragment 2 scores 0.33 − 0.5·cos 1° ≈ −0.17,
    // fragment 3 scores 0.16 − 0.5·cos 60° ≈ −0.09, fragment 4 scores 0 − 0.5·cos 70° ≈ −0.17 → 3.
    List<Long> ranked = List.of(1L, 2L, 3L, 4L);
    assertThat(HybridRanker.rank(at(0), ranked, ranked, v, new SearchOptions(2, 0, 1.0, 2, 0.2, 0.5, 0))).extracting(Pick::id).containsExactly(1L, 2L);
    assertThat(HybridRanker.rank(at(0), ranked, ranked, v, new SearchOptions(2, 0, 0.5, 2, 0.2, 0.5, 0))).extracting(Pick::id).containsExactly(1L, 3L);
  }

  @Test
  void contrastPicksComeFromTheBandAndAreLabelled() {
    Map<Long, float[]> v = fan();
    List<Long> byCos = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    // Cosines to the query: cos(0°) … cos(90°); band = percentiles 20–50 → between cos(70°)… and cos(45°)-ish.
    List<Pick> p = HybridRanker.rank(at(0), List.of(), byCos, v, new SearchOptions(4, 0.5, 0.7, 2, 0.2, 0.5, 3));
    assertThat(p).hasSize(4);
    assertThat(p.subList(0, 2)).allMatch(x -> x.role() == Pick.Role.ALIGNED);
    assertThat(p.subList(2, 4)).allMatch(x -> x.role() == Pick.Role.CONTRAST && x.reason().startsWith("contrast: cosine "));
    double lo = Math.cos(Math.toRadians(72)); // percentile 0.2 of 10 sorted values: 0.2·9 = 1.8 → between 80° and 70°
    double hi = Math.cos(Math.toRadians(45)); // 0.5·9 = 4.5 → between 50° and 40°, ≈ cos 45°
    assertThat(p.subList(2, 4)).allSatisfy(x -> assertThat(x.cosine()).isBetween(lo - 0.02, hi + 0.02));
    assertThat(HybridRanker.rank(at(0), List.of(), byCos, v, new SearchOptions(4, 0.5, 0.7, 2, 0.2, 0.5, 3))).isEqualTo(p);
  }

  @Test
  void aShortBandGivesItsPlacesBackToAlignedPicks() {
    Map<Long, float[]> v = Map.of(1L, at(0), 2L, at(5), 3L, at(80));
    // Band 0–10th percentile holds only fragment 3; asking for 2 contrast picks of 3 yields 1.
    List<Pick> p = HybridRanker.rank(at(0), List.of(), List.of(1L, 2L, 3L), v, new SearchOptions(3, 0.67, 1, 3, 0.0, 0.1, 0));
    assertThat(p).extracting(Pick::role).containsExactly(Pick.Role.ALIGNED, Pick.Role.ALIGNED, Pick.Role.CONTRAST);
    assertThat(p.get(2).id()).isEqualTo(3L);
  }
}
