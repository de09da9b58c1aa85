package orphic.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import orphic.engine.autograd.Autograd;
import orphic.engine.ref.RefOpsA;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;

/** Small shared steps of the op tests: leaf inputs, one backward with a given seed, comparisons. */
final class OpsATesting {
  private OpsATesting() {}

  /** A fresh leaf with values uniform in [-1, 1) that requires a gradient. */
  static Tensor leaf(long seed, int... shape) {
    return Tensor.uniform(seed, -1f, 1f, shape).requiresGrad(true);
  }

  /** Runs the tape with d out = seed and returns the gradient of each input (zeros if it got none). */
  static float[][] backward(Tensor out, float[] seed, Tensor... inputs) {
    float[] g = out.gradArray();
    int go = out.gradOffset();
    for (int i = 0; i < seed.length; i++) g[go + i] += seed[i];
    Autograd.runBackward();
    float[][] grads = new float[inputs.length][];
    for (int i = 0; i < inputs.length; i++) grads[i] = inputs[i].hasGrad() ? inputs[i].grad().toArray() : new float[inputs[i].size()];
    return grads;
  }

  /** Resets the tape and the inputs' gradients before a forward. */
  static void fresh(Tensor... inputs) {
    Autograd.clearTape();
    for (Tensor t : inputs) if (t != null) t.clearGrad();
  }

  /** Max |actual − expected| ≤ tol · max(1, max |expected|). */
  static void assertClose(String what, float[] actual, double[] expected, double tol) {
    assertThat(actual).as(what + " length").hasSize(expected.length);
    double scale = 1;
    for (double e : expected) scale = Math.max(scale, Math.abs(e));
    double worst = 0;
    for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    assertThat(worst).as(what + ": max abs difference (scale " + scale + ")").isLessThanOrEqualTo(tol * scale);
  }

  /**
   * Checks a double reference gradient against central differences of L(x) = Σ r ⊙ f(x).
   * {@code x} is perturbed in place and restored.
   */
  static void assertRefGradient(String what, Function<double[], double[]> f, double[] x, double[] r, double[] analytic) {
    double[] numeric = GradCheck.numericGradient(in -> RefOpsA.weighted(r, f.apply(in)), x, 1e-5);
    assertThat(GradCheck.relativeError(analytic, numeric)).as(what + " reference gradient vs finite differences").isLessThan(1e-6);
  }
}
