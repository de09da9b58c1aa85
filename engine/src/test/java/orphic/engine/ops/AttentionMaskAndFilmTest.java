package orphic.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import orphic.engine.autograd.Autograd;
import orphic.engine.ops.CausalAttention.Options;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

/** The stochastic attention mask of {@link CausalAttention} and the {@link Film} op. */
class AttentionMaskAndFilmTest {
  private static final int B = 2, T = 7, C = 8, H = 2;

  private static Tensor rnd(long seed, int... shape) {
    return Tensor.uniform(seed, -1.5f, 1.5f, shape);
  }

  @Test
  void maskDropsAboutPNeverTheDiagonalAndDependsOnlyOnTheSeed() {
    int dropped = 0, pairs = 0;
    for (int u = 0; u < 8; u++) {
      for (int i = 0; i < 64; i++) {
        assertThat(CausalAttention.dropped(5, u, i, i, 0.99f)).isFalse();
        for (int j = 0; j < i; j++) {
          pairs++;
          if (CausalAttention.dropped(5, u, i, j, 0.3f)) dropped++;
          assertThat(CausalAttention.dropped(5, u, i, j, 0.3f)).isEqualTo(CausalAttention.dropped(5, u, i, j, 0.3f));
        }
      }
    }
    assertThat((double) dropped / pairs).isBetween(0.27, 0.33);
  }

  @Test
  void droppedPairsGetZeroWeightAndRowsStillSumToOne() {
    Tensor q = rnd(1, B, T, C), k = rnd(2, B, T, C), v = rnd(3, B, T, C);
    try (var ng = Autograd.noGrad()) {
      var r = CausalAttention.forwardWithProbabilities(q, k, v, H, Options.NONE.keepingProbabilities().droppingConnections(0.5f, 77));
      float[] p = r.probabilities().toArray();
      int dropped = 0;
      for (int u = 0; u < B * H; u++) {
        for (int i = 0; i < T; i++) {
          double sum = 0;
          for (int j = 0; j <= i; j++) {
            float w = p[(u * T + i) * T + j];
            sum += w;
            if (CausalAttention.dropped(77, u, i, j, 0.5f)) {
              assertThat(w).isZero();
              dropped++;
            } else {
              assertThat(w).isPositive();
            }
          }
          assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
      }
      assertThat(dropped).isPositive();
      // p = 0 is the plain op
      Tensor plain = CausalAttention.forward(q, k, v, H, Options.NONE);
      Tensor zero = CausalAttention.forward(q, k, v, H, Options.NONE.droppingConnections(0f, 77));
      assertThat(zero.toArray()).containsExactly(plain.toArray());
    }
  }

  @Test
  void maskedAttentionGradientMatchesFiniteDifferences() {
    List<Tensor> in = List.of(rnd(4, B, T, C), rnd(5, B, T, C), rnd(6, B, T, C));
    GradCheck.Report report = GradCheck.check(
        x -> CausalAttention.forward(x.get(0), x.get(1), x.get(2), H, Options.NONE.droppingConnections(0.4f, 11)), in, 1e-2, 3);
    assertThat(report.max()).isLessThan(1e-3);
  }

  @Test
  void rejectsABadDropShare() {
    assertThatThrownBy(() -> Options.NONE.droppingConnections(1f, 1)).hasMessageContaining("dropConnections");
  }

  @Test
  void filmAtZeroIsTheIdentityAndItsGradientIsRight() {
    Tensor x = rnd(7, B, T, C);
    try (var ng = Autograd.noGrad()) {
      assertThat(Film.forward(x, Tensor.zeros(B, 2 * C)).toArray()).containsExactly(x.toArray());
      assertThat(Film.forward(x, Tensor.zeros(1, 2 * C)).toArray()).containsExactly(x.toArray());
    }
    GradCheck.Report per = GradCheck.check(in -> Film.forward(in.get(0), in.get(1)), List.of(rnd(8, B, T, C), rnd(9, B, 2 * C)), 1e-2, 4);
    assertThat(per.max()).isLessThan(1e-3);
    GradCheck.Report shared = GradCheck.check(in -> Film.forward(in.get(0), in.get(1)), List.of(rnd(10, B, T, C), rnd(11, 1, 2 * C)), 1e-2, 5);
    assertThat(shared.max()).isLessThan(1e-3);
  }
}
