package orphic.studio.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PcaTest {
  @Test
  void pointsOnALineProjectAlongTheFirstAxis() {
    // Points t·(3, 4, 0) + (1, 1, 1): a line along (0.6, 0.8, 0).
    float[][] x = new float[7][];
    for (int i = 0; i < x.length; i++) {
      float t = i - 3;
      x[i] = new float[] {1 + 3 * t, 1 + 4 * t, 1};
    }
    Pca.Projection p = Pca.project(x, 2);
    for (int i = 0; i < x.length; i++) {
      assertThat(p.coordinates()[i][0]).isCloseTo(5.0 * (i - 3), within(1e-6)); // the distance along the line, sign fixed
      assertThat(p.coordinates()[i][1]).isCloseTo(0.0, within(1e-6));
    }
    assertThat(p.explained()[0]).isCloseTo(1.0, within(1e-9));
    assertThat(p.explained()[1]).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void aPlaneGivesTwoAxesInOrderOfVarianceAndTheSameAnswerTwice() {
    // Spread 10 along x, 1 along y, none along z.
    float[][] x = {{10, 0, 0}, {-10, 0, 0}, {0, 1, 0}, {0, -1, 0}, {5, 0.5f, 0}, {-5, -0.5f, 0}};
    Pca.Projection p = Pca.project(x, 2);
    assertThat(p.explained()[0]).isGreaterThan(p.explained()[1]);
    assertThat(p.explained()[0] + p.explained()[1]).isCloseTo(1.0, within(1e-9));
    assertThat(Math.abs(p.coordinates()[0][0])).isCloseTo(10.0, within(0.2));
    assertThat(Pca.project(x, 2).coordinates()).isDeepEqualTo(p.coordinates());
  }

  @Test
  void degenerateInputGivesZeros() {
    assertThat(Pca.project(new float[0][], 2).coordinates()).isEmpty();
    double[][] one = Pca.project(new float[][] {{1, 2, 3}}, 2).coordinates();
    assertThat(one[0]).containsExactly(0.0, 0.0);
    double[][] same = Pca.project(new float[][] {{1, 2}, {1, 2}}, 2).coordinates();
    assertThat(same[1]).containsExactly(0.0, 0.0);
  }
}
