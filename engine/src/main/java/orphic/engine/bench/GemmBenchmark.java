package orphic.engine.bench;

import java.util.List;
import java.util.SplittableRandom;
import orphic.engine.kernel.Gemm;
import orphic.engine.kernel.Parallel;

/**
 * Measures {@link Gemm#sgemm} throughput in GFLOP/s (2·m·n·k flops per call) on the square and
 * transformer-shaped problems named in the foundation issue. Used by {@code ./orphic bench gemm}.
 */
public final class GemmBenchmark {
  private GemmBenchmark() {}

  /** One problem: C[m×n] = op(A)·op(B) with op(A) m×k. */
  public record Shape(int m, int n, int k, boolean transA, boolean transB) {
    public String label() {
      return m + "x" + n + "x" + k + (transA ? " At" : "") + (transB ? " Bt" : "");
    }
  }

  /** A measurement: the median GFLOP/s over timed repetitions. */
  public record Result(int m, int n, int k, boolean transA, boolean transB, int threads, double gflops) {}

  /** 1024³ plus the skinny shapes of a 256-wide transformer's forward and backward. */
  public static List<Shape> defaultShapes() {
    return List.of(
        new Shape(1024, 1024, 1024, false, false),
        new Shape(8192, 768, 256, false, false),
        new Shape(8192, 1024, 256, false, false),
        new Shape(8192, 256, 1024, false, false),
        // backward of y = x·Wᵀ: dx = dy·W (no transpose), dW = dyᵀ·x (transA), forward itself (transB)
        new Shape(8192, 768, 256, false, true),
        new Shape(8192, 256, 1024, false, true),
        new Shape(768, 256, 8192, true, false),
        new Shape(256, 1024, 8192, true, false));
  }

  /**
   * Times {@code shape} on {@code threads} threads for about {@code seconds} after a warm-up and
   * returns the median rate. Restores the previous thread count.
   */
  public static Result measure(Shape shape, int threads, double seconds) {
    int previous = Parallel.threads();
    Parallel.setThreads(threads);
    try {
      int m = shape.m(), n = shape.n(), k = shape.k();
      float[] a = random(m * k, 1);
      float[] b = random(k * n, 2);
      float[] c = new float[m * n];
      int lda = shape.transA() ? m : k;
      int ldb = shape.transB() ? k : n;
      double flops = 2.0 * m * n * k;
      Runnable call = () -> Gemm.sgemm(shape.transA(), shape.transB(), m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
      long warmEnd = System.nanoTime() + (long) (Math.min(1.0, seconds / 2) * 1e9);
      do call.run(); while (System.nanoTime() < warmEnd);
      double[] rates = new double[256];
      int count = 0;
      long end = System.nanoTime() + (long) (seconds * 1e9);
      while (count < rates.length && (count < 5 || System.nanoTime() < end)) {
        long t0 = System.nanoTime();
        call.run();
        long t1 = System.nanoTime();
        rates[count++] = flops / (t1 - t0);
      }
      java.util.Arrays.sort(rates, 0, count);
      return new Result(m, n, k, shape.transA(), shape.transB(), threads, rates[count / 2]);
    } finally {
      Parallel.setThreads(previous);
    }
  }

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() - 0.5);
    return x;
  }
}
