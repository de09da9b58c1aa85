package orphic.engine.ref;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;

/**
 * Scalar double-precision reference kernels for the elementwise, normalisation, softmax, loss and
 * dropout ops: the semantics the float32 Vector API kernels are tested against.
 *
 * <p>Written for clarity, not speed, and as independently of the fast kernels as practical: the
 * norm and softmax backwards go through the full per-row Jacobian (O(C²)) rather than the
 * simplified closed forms the kernels use. Arrays are row-major; "c" is the length of the last
 * axis. Each backward takes the upstream gradient dy and returns the input gradients.
 */
public final class RefOpsB {
  private RefOpsB() {}

  // ---------------------------------------------------------------- elementwise (b broadcasts over a's leading axes)

  /** a + b, b's length dividing a's (b repeats every b.length elements). */
  public static double[] add(double[] a, double[] b) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) y[i] = a[i] + b[i % b.length];
    return y;
  }

  public static double[] sub(double[] a, double[] b) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) y[i] = a[i] - b[i % b.length];
    return y;
  }

  public static double[] mul(double[] a, double[] b) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) y[i] = a[i] * b[i % b.length];
    return y;
  }

  /** {da, db} of a + b. */
  public static double[][] addBackward(double[] a, double[] b, double[] dy) {
    double[] da = dy.clone(), db = new double[b.length];
    for (int i = 0; i < a.length; i++) db[i % b.length] += dy[i];
    return new double[][] {da, db};
  }

  public static double[][] subBackward(double[] a, double[] b, double[] dy) {
    double[] da = dy.clone(), db = new double[b.length];
    for (int i = 0; i < a.length; i++) db[i % b.length] -= dy[i];
    return new double[][] {da, db};
  }

  public static double[][] mulBackward(double[] a, double[] b, double[] dy) {
    double[] da = new double[a.length], db = new double[b.length];
    for (int i = 0; i < a.length; i++) {
      da[i] = dy[i] * b[i % b.length];
      db[i % b.length] += dy[i] * a[i];
    }
    return new double[][] {da, db};
  }

  public static double[] scale(double[] a, double s) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) y[i] = a[i] * s;
    return y;
  }

  public static double[] scaleBackward(double[] dy, double s) {
    return scale(dy, s);
  }

  // ---------------------------------------------------------------- GELU

  private static final double K = Math.sqrt(2 / Math.PI);

  public static double geluTanh(double x) {
    return 0.5 * x * (1 + Math.tanh(K * (x + 0.044715 * x * x * x)));
  }

  public static double geluTanhDerivative(double x) {
    double t = Math.tanh(K * (x + 0.044715 * x * x * x));
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * 0.044715 * x * x);
  }

  /** x·Φ(x), with Φ(x) = ½·erfc(−x/√2) so that the negative tail keeps its relative accuracy. */
  public static double geluErf(double x) {
    return 0.5 * x * erfc(-x / Math.sqrt(2));
  }

  public static double geluErfDerivative(double x) {
    return 0.5 * erfc(-x / Math.sqrt(2)) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  }

  public static double[] gelu(double[] x, boolean tanh) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = tanh ? geluTanh(x[i]) : geluErf(x[i]);
    return y;
  }

  public static double[] geluBackward(double[] x, double[] dy, boolean tanh) {
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) dx[i] = dy[i] * (tanh ? geluTanhDerivative(x[i]) : geluErfDerivative(x[i]));
    return dx;
  }

  /**
   * erf in double, to about 1e-15: the Maclaurin series 2/√π Σ (−1)ⁿ x^(2n+1)/(n!(2n+1)) for
   * |x| < 3 (terms peak near 2e2 at x = 3, so cancellation costs under three digits), and 1 − erfc
   * beyond.
   */
  public static double erf(double x) {
    if (Double.isNaN(x)) return x;
    double a = Math.abs(x), r;
    if (a < 3) {
      double term = a, sum = a, x2 = a * a;
      for (int n = 1; n < 200; n++) {
        term *= -x2 / n;
        double t = term / (2 * n + 1);
        sum += t;
        if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
      }
      r = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      r = 1 - erfc(a);
    }
    return x < 0 ? -r : r;
  }

  /**
   * erfc = 1 − erf, accurate relative to itself in the far tail: 1 − erf(x) for x < 3 (where
   * erfc ≥ 2e-5, so at most five digits are lost to cancellation), and for x ≥ 3 the continued
   * fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated bottom-up
   * at a fixed, ample depth.
   */
  public static double erfc(double x) {
    if (x < 3) return 1 - erf(x);
    double f = x;
    for (int k = 120; k >= 1; k--) f = x + (k / 2.0) / f;
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }

  // ---------------------------------------------------------------- normalisation over the last axis

  /** Layer norm over rows of c; beta may be null. */
  public static double[] layerNorm(double[] x, int c, double[] gamma, double[] beta, double eps) {
    double[] y = new double[x.length];
    for (int r = 0; r < x.length / c; r++) {
      double mean = 0;
      for (int j = 0; j < c; j++) mean += x[r * c + j];
      mean /= c;
      double var = 0;
      for (int j = 0; j < c; j++) var += (x[r * c + j] - mean) * (x[r * c + j] - mean);
      var /= c;
      double rstd = 1 / Math.sqrt(var + eps);
      for (int j = 0; j < c; j++) y[r * c + j] = (x[r * c + j] - mean) * rstd * gamma[j] + (beta == null ? 0 : beta[j]);
    }
    return y;
  }

  /** {dx, dgamma, dbeta} of layer norm, via the Jacobian d x̂_j / d x_i = r(δᵢⱼ − 1/c − x̂ᵢx̂ⱼ/c). */
  public static double[][] layerNormBackward(double[] x, int c, double[] gamma, double eps, double[] dy) {
    double[] dx = new double[x.length], dg = new double[c], db = new double[c];
    double[] xhat = new double[c];
    for (int r = 0; r < x.length / c; r++) {
      double mean = 0;
      for (int j = 0; j < c; j++) mean += x[r * c + j];
      mean /= c;
      double var = 0;
      for (int j = 0; j < c; j++) var += (x[r * c + j] - mean) * (x[r * c + j] - mean);
      var /= c;
      double rstd = 1 / Math.sqrt(var + eps);
      for (int j = 0; j < c; j++) xhat[j] = (x[r * c + j] - mean) * rstd;
      for (int j = 0; j < c; j++) {
        dg[j] += dy[r * c + j] * xhat[j];
        db[j] += dy[r * c + j];
      }
      for (int i = 0; i < c; i++) {
        double s = 0;
        for (int j = 0; j < c; j++) {
          double jac = rstd * ((i == j ? 1 : 0) - 1.0 / c - xhat[i] * xhat[j] / c);
          s += dy[r * c + j] * gamma[j] * jac;
        }
        dx[r * c + i] = s;
      }
    }
    return new double[][] {dx, dg, db};
  }

  public static double[] rmsNorm(double[] x, int c, double[] gamma, double eps) {
    double[] y = new double[x.length];
    for (int r = 0; r < x.length / c; r++) {
      double ms = 0;
      for (int j = 0; j < c; j++) ms += x[r * c + j] * x[r * c + j];
      double rstd = 1 / Math.sqrt(ms / c + eps);
      for (int j = 0; j < c; j++) y[r * c + j] = x[r * c + j] * rstd * gamma[j];
    }
    return y;
  }

  /** {dx, dgamma} of RMS norm, via the Jacobian d(xⱼr)/d xᵢ = r·δᵢⱼ − xⱼ·xᵢ·r³/c. */
  public static double[][] rmsNormBackward(double[] x, int c, double[] gamma, double eps, double[] dy) {
    double[] dx = new double[x.length], dg = new double[c];
    for (int r = 0; r < x.length / c; r++) {
      double ms = 0;
      for (int j = 0; j < c; j++) ms += x[r * c + j] * x[r * c + j];
      double rstd = 1 / Math.sqrt(ms / c + eps);
      for (int j = 0; j < c; j++) dg[j] += dy[r * c + j] * x[r * c + j] * rstd;
      for (int i = 0; i < c; i++) {
        double s = 0;
        for (int j = 0; j < c; j++) {
          double jac = (i == j ? rstd : 0) - x[r * c + j] * x[r * c + i] * rstd * rstd * rstd / c;
          s += dy[r * c + j] * gamma[j] * jac;
        }
        dx[r * c + i] = s;
      }
    }
    return new double[][] {dx, dg};
  }

  // ---------------------------------------------------------------- softmax over the last axis

  public static double[] softmax(double[] x, int c) {
    double[] y = new double[x.length];
    for (int r = 0; r < x.length / c; r++) {
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) m = Math.max(m, x[r * c + j]);
      double s = 0;
      for (int j = 0; j < c; j++) s += Math.exp(x[r * c + j] - m);
      for (int j = 0; j < c; j++) y[r * c + j] = Math.exp(x[r * c + j] - m) / s;
    }
    return y;
  }

  /** Through the Jacobian d yⱼ / d xᵢ = yⱼ(δᵢⱼ − yᵢ). */
  public static double[] softmaxBackward(double[] x, int c, double[] dy) {
    double[] y = softmax(x, c), dx = new double[x.length];
    for (int r = 0; r < x.length / c; r++) {
      for (int i = 0; i < c; i++) {
        double s = 0;
        for (int j = 0; j < c; j++) s += dy[r * c + j] * y[r * c + j] * ((i == j ? 1 : 0) - y[r * c + i]);
        dx[r * c + i] = s;
      }
    }
    return dx;
  }

  public static double[] logSoftmax(double[] x, int c) {
    double[] y = new double[x.length];
    for (int r = 0; r < x.length / c; r++) {
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) m = Math.max(m, x[r * c + j]);
      double s = 0;
      for (int j = 0; j < c; j++) s += Math.exp(x[r * c + j] - m);
      double lse = m + Math.log(s);
      for (int j = 0; j < c; j++) y[r * c + j] = x[r * c + j] - lse;
    }
    return y;
  }

  /** Through the Jacobian d yⱼ / d xᵢ = δᵢⱼ − softmaxᵢ. */
  public static double[] logSoftmaxBackward(double[] x, int c, double[] dy) {
    double[] p = softmax(x, c), dx = new double[x.length];
    for (int r = 0; r < x.length / c; r++) {
      for (int i = 0; i < c; i++) {
        double s = 0;
        for (int j = 0; j < c; j++) s += dy[r * c + j] * ((i == j ? 1 : 0) - p[r * c + i]);
        dx[r * c + i] = s;
      }
    }
    return dx;
  }

  // ---------------------------------------------------------------- cross-entropy

  /** Per-row smoothed cross-entropy (0 for target −1), from an explicit log-softmax. */
  public static double[] crossEntropyRows(double[] logits, int v, int[] targets, double eps) {
    double[] lp = logSoftmax(logits, v);
    double[] loss = new double[targets.length];
    for (int r = 0; r < targets.length; r++) {
      if (targets[r] < 0) continue;
      double mean = 0;
      for (int j = 0; j < v; j++) mean += lp[r * v + j];
      mean /= v;
      loss[r] = (1 - eps) * -lp[r * v + targets[r]] + eps * -mean;
    }
    return loss;
  }

  /** Σ w·loss over non-ignored rows / their count (0 if none); weights may be null. */
  public static double crossEntropy(double[] logits, int v, int[] targets, double[] weights, double eps) {
    double[] loss = crossEntropyRows(logits, v, targets, eps);
    double total = 0;
    int count = 0;
    for (int r = 0; r < targets.length; r++) {
      if (targets[r] < 0) continue;
      count++;
      total += (weights == null ? 1 : weights[r]) * loss[r];
    }
    return count == 0 ? 0 : total / count;
  }

  /** d(per-row losses)/d logits given upstream dy per row: dy_r·(softmax − q). */
  public static double[] crossEntropyRowsBackward(double[] logits, int v, int[] targets, double eps, double[] dy) {
    double[] p = softmax(logits, v), dx = new double[logits.length];
    for (int r = 0; r < targets.length; r++) {
      if (targets[r] < 0) continue;
      for (int j = 0; j < v; j++) {
        double q = eps / v + (j == targets[r] ? 1 - eps : 0);
        dx[r * v + j] = dy[r] * (p[r * v + j] - q);
      }
    }
    return dx;
  }

  /** d(mean loss)/d logits, times the upstream scalar g. */
  public static double[] crossEntropyBackward(double[] logits, int v, int[] targets, double[] weights, double eps, double g) {
    int count = 0;
    for (int t : targets) if (t >= 0) count++;
    double[] dy = new double[targets.length];
    for (int r = 0; r < targets.length; r++) {
      if (targets[r] >= 0) dy[r] = g * (weights == null ? 1 : weights[r]) / count;
    }
    return crossEntropyRowsBackward(logits, v, targets, eps, dy);
  }

  // ---------------------------------------------------------------- dropout

  /** The keep decision for element i: SplitMix64 of a mixed key plus (i + 1) golden-ratio steps. */
  public static boolean dropoutKeeps(long seed, long i, double p) {
    long key = splitMix(seed ^ 0x6A09E667F3BCC909L);
    long u24 = splitMix(key + (i + 1) * 0x9E3779B97F4A7C15L) >>> 40;
    return u24 >= Math.round(p * (1 << 24));
  }

  private static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public static double[] dropout(double[] x, double p, long seed) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = dropoutKeeps(seed, i, p) ? x[i] / (1 - p) : 0;
    return y;
  }

  public static double[] dropoutBackward(double[] dy, double p, long seed) {
    return dropout(dy, p, seed); // linear in x: the same mask and scale
  }

  // ---------------------------------------------------------------- test plumbing

  public static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) d[i] = a[i];
    return d;
  }

  /** Gaussian values times std plus mean, from a seed (Box–Muller). */
  public static double[] randn(long seed, double mean, double std, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      double u1 = Math.max(rng.nextDouble(), 1e-300), u2 = rng.nextDouble();
      d[i] = mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
    return d;
  }

  /**
   * {@code fixed} shapes followed by {@code count} seeded random ones: one or two leading axes of
   * 1..4 and a last axis of 1..maxWidth (mostly not a multiple of any vector width).
   */
  public static List<int[]> shapes(int[][] fixed, long seed, int count, int maxWidth) {
    List<int[]> out = new ArrayList<>(Arrays.asList(fixed));
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      int c = 1 + rng.nextInt(maxWidth);
      out.add(rng.nextBoolean() ? new int[] {1 + rng.nextInt(4), c} : new int[] {1 + rng.nextInt(4), 1 + rng.nextInt(4), c});
    }
    return out;
  }

  /** Σ r·y in double: the scalar a gradient check differentiates. */
  public static double dotProduct(double[] r, double[] y) {
    double s = 0;
    for (int i = 0; i < r.length; i++) s += r[i] * y[i];
    return s;
  }

  /** Values rounded to float (so float and double kernels see identical inputs). */
  public static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
    return f;
  }

  /** Seeds out's gradient with dy and runs the tape (the float op's backward for upstream dy). */
  public static void runBackward(Tensor out, double[] dy) {
    float[] g = out.gradArray();
    int go = out.gradOffset();
    for (int i = 0; i < dy.length; i++) g[go + i] += (float) dy[i];
    Autograd.runBackward();
  }

  /**
   * Asserts max |actual − expected| ≤ tol·max(max|expected|, 1e-3): an error relative to the
   * array's scale, so tiny entries next to large ones are not held to a relative bound.
   */
  public static void assertClose(String what, float[] actual, double[] expected, double tol) {
    if (actual.length != expected.length) {
      throw new AssertionError(what + ": length " + actual.length + " vs expected " + expected.length);
    }
    double scale = 1e-3;
    for (double e : expected) scale = Math.max(scale, Math.abs(e));
    double worst = 0;
    int at = -1;
    for (int i = 0; i < actual.length; i++) {
      double d = Math.abs(actual[i] - expected[i]);
      if (Double.isNaN(d)) throw new AssertionError(what + ": NaN at " + i + " (got " + actual[i] + ", expected " + expected[i] + ")");
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    if (!(worst <= tol * scale)) {
      throw new AssertionError(what + ": max error " + worst + " at " + at + " (got " + actual[at] + ", expected "
          + expected[at] + ") exceeds " + tol + " × scale " + scale);
    }
  }
}
