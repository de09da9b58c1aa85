package orphic.engine.testkit;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;

/**
 * Finite-difference gradient checks for float32 ops.
 *
 * <p>The op under test maps input tensors to an output; the check reduces the output to a scalar
 * with fixed random weights (L = Σ r ⊙ out, accumulated in double) so every output element
 * matters, back-propagates once, and compares each input's analytic gradient with central
 * differences. The error is relative to the gradient's norm:
 * ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖, floor).
 */
public final class GradCheck {
  private GradCheck() {}

  /** Result per input: the relative error and the worst element. */
  public record Report(double[] relativeErrors) {
    public double max() {
      double m = 0;
      for (double e : relativeErrors) m = Math.max(m, e);
      return m;
    }
  }

  /** Checks d f / d inputs with step h (float32: 1e-2..1e-3 is a good range). */
  public static Report check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double h, long seed) {
    for (Tensor t : inputs) {
      t.requiresGrad(true);
      t.clearGrad();
    }
    Autograd.clearTape();
    Tensor out = f.apply(inputs);
    float[] r = weights(out.size(), seed);
    // Analytic: seed out's gradient with r and run the tape.
    float[] g = out.gradArray();
    int go = out.gradOffset();
    for (int i = 0; i < r.length; i++) g[go + i] += r[i];
    Autograd.runBackward();
    double[] errors = new double[inputs.size()];
    for (int t = 0; t < inputs.size(); t++) {
      Tensor x = inputs.get(t);
      float[] analytic = x.grad().toArray();
      double[] numeric = new double[x.size()];
      float[] xd = x.data();
      for (int i = 0; i < x.size(); i++) {
        int p = x.offset() + i; // inputs are contiguous
        float orig = xd[p];
        xd[p] = (float) (orig + h);
        double lp = weighted(f, inputs, r);
        xd[p] = (float) (orig - h);
        double lm = weighted(f, inputs, r);
        xd[p] = orig;
        // the actual step taken in float32 may differ from h
        double step = (double) (float) (orig + h) - (double) (float) (orig - h);
        numeric[i] = (lp - lm) / step;
      }
      errors[t] = relativeError(analytic, numeric);
    }
    return new Report(errors);
  }

  private static double weighted(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, float[] r) {
    try (var ng = Autograd.noGrad()) {
      Tensor out = f.apply(inputs);
      float[] o = out.toArray();
      double s = 0;
      for (int i = 0; i < o.length; i++) s += (double) r[i] * o[i];
      return s;
    }
  }

  public static float[] weights(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] r = new float[n];
    for (int i = 0; i < n; i++) r[i] = (float) (rng.nextDouble() * 2 - 1);
    return r;
  }

  public static double relativeError(float[] analytic, double[] numeric) {
    double diff = 0, na = 0, nn = 0;
    for (int i = 0; i < analytic.length; i++) {
      double d = analytic[i] - numeric[i];
      diff += d * d;
      na += (double) analytic[i] * analytic[i];
      nn += numeric[i] * numeric[i];
    }
    double denom = Math.max(Math.max(Math.sqrt(na), Math.sqrt(nn)), 1e-6);
    return Math.sqrt(diff) / denom;
  }

  /** Relative error for double-precision reference gradients. */
  public static double relativeError(double[] analytic, double[] numeric) {
    double diff = 0, na = 0, nn = 0;
    for (int i = 0; i < analytic.length; i++) {
      double d = analytic[i] - numeric[i];
      diff += d * d;
      na += analytic[i] * analytic[i];
      nn += numeric[i] * numeric[i];
    }
    double denom = Math.max(Math.max(Math.sqrt(na), Math.sqrt(nn)), 1e-12);
    return Math.sqrt(diff) / denom;
  }

  /** Central-difference gradient of a double function (for double-precision reference kernels). */
  public static double[] numericGradient(Function<double[], Double> f, double[] x, double h) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double o = x[i];
      x[i] = o + h;
      double p = f.apply(x);
      x[i] = o - h;
      double m = f.apply(x);
      x[i] = o;
      g[i] = (p - m) / (2 * h);
    }
    return g;
  }

  /** Max absolute difference. */
  public static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) throw new AssertionError("lengths " + a.length + " vs " + b.length);
    double m = 0;
    for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
    return m;
  }
}
