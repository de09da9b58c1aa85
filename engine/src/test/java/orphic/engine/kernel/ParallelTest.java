package orphic.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void partsCoverTheRangeOnceWithFixedBounds() {
    int previous = Parallel.threads();
    try {
      for (int threads : new int[] {1, 2, 3}) {
        Parallel.setThreads(threads);
        for (int rep = 0; rep < 200; rep++) {
          int n = 1 + rep % 37;
          AtomicIntegerArray hits = new AtomicIntegerArray(n);
          int[][] bounds = new int[threads][];
          Parallel.parts(n, threads, (part, s, e) -> {
            bounds[part] = new int[] {s, e};
            for (int i = s; i < e; i++) hits.incrementAndGet(i);
          });
          for (int i = 0; i < n; i++) assertThat(hits.get(i)).isEqualTo(1);
          int parts = Math.min(threads, n);
          for (int p = 0; p < parts && parts > 1; p++) {
            assertThat(bounds[p]).containsExactly(n * p / parts, n * (p + 1) / parts);
          }
        }
      }
    } finally {
      Parallel.setThreads(previous);
    }
  }

  @Test
  void nestedCallsRunOnTheCallerAndFailuresPropagate() {
    int previous = Parallel.threads();
    try {
      Parallel.setThreads(2);
      AtomicIntegerArray inner = new AtomicIntegerArray(2);
      Parallel.parts(2, 2, (part, s, e) -> Parallel.parts(10, 2, (p2, s2, e2) -> {
        assertThat(p2).isZero();
        inner.addAndGet(part, e2 - s2);
      }));
      assertThat(inner.get(0)).isEqualTo(10);
      assertThat(inner.get(1)).isEqualTo(10);
      assertThatThrownBy(() -> Parallel.range(100, (s, e) -> {
        if (s > 0) throw new IllegalStateException("boom");
      })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
      int[] sum = new int[1];
      Parallel.parts(1, 2, (part, s, e) -> sum[0] += e - s);
      assertThat(sum[0]).isEqualTo(1);
    } finally {
      Parallel.setThreads(previous);
    }
  }
}
