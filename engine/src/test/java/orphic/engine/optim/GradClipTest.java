package orphic.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import orphic.engine.nn.ParameterStore;
import org.junit.jupiter.api.Test;

class GradClipTest {
  private static double norm(float[] g) {
    double s = 0;
    for (float x : g) s += (double) x * x;
    return Math.sqrt(s);
  }

  @Test
  void returnsThePreClipNormAndScalesToMaxNorm() {
    // 130 x 70 + 70 elements: more than one block of the blocked sum.
    ParameterStore store = new ParameterStore(new Params(130, 70, 1));
    Params.fillGrad(store.grad(), 1);
    double expected = norm(store.grad());
    float[] before = store.grad().clone();
    double n = GradClip.clipGlobalNorm(store, 1.0);
    assertThat(n).isCloseTo(expected, within(1e-9 * expected));
    assertThat(norm(store.grad())).isCloseTo(1.0, within(1e-5));
    // direction kept
    double coef = 1.0 / (expected + 1e-6);
    for (int i = 0; i < before.length; i += 97) assertThat(store.grad()[i]).isCloseTo((float) (before[i] * coef), within(1e-6f));
  }

  @Test
  void leavesSmallGradientsAlone() {
    ParameterStore store = new ParameterStore(new Params(3, 3, 1));
    Params.fillGrad(store.grad(), 2);
    float[] before = store.grad().clone();
    double n = GradClip.clipGlobalNorm(store, 1e6);
    assertThat(n).isCloseTo(norm(before), within(1e-9));
    assertThat(store.grad()).containsExactly(before);
  }

  @Test
  void maxNormZeroOnlyMeasures() {
    ParameterStore store = new ParameterStore(new Params(3, 3, 1));
    Params.fillGrad(store.grad(), 3);
    float[] before = store.grad().clone();
    assertThat(GradClip.clipGlobalNorm(store, 0)).isCloseTo(norm(before), within(1e-9));
    assertThat(store.grad()).containsExactly(before);
  }

  @Test
  void nonFiniteNormIsReportedNotApplied() {
    ParameterStore store = new ParameterStore(new Params(3, 3, 1));
    Arrays.fill(store.grad(), 1f);
    store.grad()[4] = Float.NaN;
    assertThat(GradClip.clipGlobalNorm(store, 1.0)).isNaN();
    assertThat(store.grad()[0]).isEqualTo(1f);
  }
}
