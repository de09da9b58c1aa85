package orphic.engine.blanchot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import orphic.engine.autograd.Autograd;
import orphic.engine.nn.Embedding;
import orphic.engine.nn.Init;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class OrphicEmbeddingTest {
  private static final long[] COUNTS = {1000, 250, 40, 9, 1, 0};

  @Test
  void rarityFallsWithFrequencyAndHasCorpusMeanOne() {
    float[] r = OrphicEmbedding.rarity(COUNTS);
    for (int v = 1; v < 5; v++) assertThat(r[v]).isGreaterThan(r[v - 1]);
    assertThat(r[5]).isEqualTo(r[4]); // never seen counts as seen once
    double total = 0, mean = 0;
    for (int v = 0; v < COUNTS.length; v++) {
      total += COUNTS[v];
      mean += COUNTS[v] * r[v];
    }
    assertThat(mean / total).isCloseTo(1.0, within(1e-6));
    assertThat(r[0] / r[1]).isCloseTo((float) Math.sqrt(250.0 / 1000.0), within(1e-6f));
    assertThat(OrphicEmbedding.rarity(new long[3])).containsExactly(1f, 1f, 1f);
  }

  @Test
  void gammaZeroIsAPlainEmbedding() {
    OrphicEmbedding e = new OrphicEmbedding(6, 4, COUNTS, 0f, Init.normal(0.02));
    e.initialize(9);
    Embedding plain = new Embedding(6, 4, Init.normal(0.02));
    plain.initialize(9);
    int[] ids = {0, 5, 3, 3, 1, 2};
    try (var ng = Autograd.noGrad()) {
      assertThat(e.forward(ids, 2, 3).toArray()).containsExactly(plain.forward(ids, 2, 3).toArray());
    }
  }

  @Test
  void solitudeIsScaledByGammaTimesRarity() {
    OrphicEmbedding e = new OrphicEmbedding(6, 4, COUNTS, 0.1f, Init.normal(0.02));
    e.initialize(9);
    float[] r = e.rarity();
    try (var ng = Autograd.noGrad()) {
      Tensor y = e.forward(new int[] {3}, 1, 1);
      for (int c = 0; c < 4; c++) {
        assertThat(y.get(0, 0, c)).isCloseTo(e.weight().get(3, c) + 0.1f * r[3] * e.solitude().get(3, c), within(1e-6f));
      }
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    OrphicEmbedding e = new OrphicEmbedding(6, 4, COUNTS, 0.5f, Init.normal(0.5));
    e.initialize(2);
    int[] ids = {0, 5, 3, 3, 1, 2};
    var report = GradCheck.check(in -> e.forward(ids, 2, 3), List.of(e.weight(), e.solitude()), 1e-2, 8);
    assertThat(report.max()).isLessThan(1e-3);
  }
}
