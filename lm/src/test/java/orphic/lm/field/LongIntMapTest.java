package orphic.lm.field;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongIntMapTest {
  @Test
  void keepsEveryKeyThroughGrowth() {
    LongIntMap map = new LongIntMap(1);
    Map<Long, Integer> reference = new HashMap<>();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 50_000; i++) {
      long key = (r.nextLong(1 << 20) << 32) | r.nextInt(1 << 12); // packed like SparseRows keys
      int got = map.getOrPut(key, reference.size());
      Integer expected = reference.putIfAbsent(key, reference.size());
      if (expected == null) assertThat(got).isEqualTo(-1 - (reference.size() - 1));
      else assertThat(got).isEqualTo(expected);
    }
    assertThat(map.size()).isEqualTo(reference.size());
    reference.forEach((k, v) -> assertThat(map.get(k)).isEqualTo(v));
    assertThat(map.get(Long.MAX_VALUE)).isEqualTo(LongIntMap.ABSENT);
    map.reserve(200_000);
    reference.forEach((k, v) -> assertThat(map.get(k)).isEqualTo(v));
  }
}
