package orphic.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GemmTest {
  /** Sizes around the tile edges (MR = 6, NR = 2 vectors, one vector = 4, 8 or 16 lanes). */
  private static final int[] EDGE = {1, 2, 3, 5, 6, 7, 8, 11, 12, 13, 15, 16, 17, 31, 32, 33, 37, 48, 64, 65};

  /** One problem with random operands laid out at an offset and with padded leading dimensions. */
  private record Case(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {

    static Case random(SplittableRandom r, boolean transA, boolean transB, int m, int n, int k, float alpha, float beta) {
      int aRows = transA ? k : m, aCols = transA ? m : k;
      int bRows = transB ? n : k, bCols = transB ? k : n;
      int lda = aCols + r.nextInt(3), ldb = bCols + r.nextInt(3), ldc = n + r.nextInt(3);
      int aOff = r.nextInt(4), bOff = r.nextInt(4), cOff = r.nextInt(4);
      float[] a = values(r, aOff + Math.max(0, aRows - 1) * lda + aCols + r.nextInt(2));
      float[] b = values(r, bOff + Math.max(0, bRows - 1) * ldb + bCols + r.nextInt(2));
      float[] c = values(r, cOff + Math.max(0, m - 1) * ldc + n + r.nextInt(2));
      return new Case(transA, transB, m, n, k, alpha, beta, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    float[] runFast() {
      float[] out = c.clone();
      Gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
      return out;
    }

    float[] runScalar() {
      float[] out = c.clone();
      ScalarGemm.run(GemmCall.fresh(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc));
      return out;
    }

    /** Checks every element against GemmReference, and that the padding around C is untouched. */
    void check(float[] out, String what) {
      float[] ref = c.clone();
      GemmReference.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, ref, cOff, ldc);
      // Error scale of an element: |alpha|·Σ|a||b| + |beta·c|, from the reference on magnitudes.
      float[] mag = abs(c);
      GemmReference.sgemm(transA, transB, m, n, k, Math.abs(alpha), abs(a), aOff, lda, abs(b), bOff, ldb,
          Math.abs(beta), mag, cOff, ldc);
      double tol = 1e-5 * Math.sqrt(k + 1);
      boolean[] inside = new boolean[out.length];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          int x = cOff + i * ldc + j;
          inside[x] = true;
          if (!(Math.abs(out[x] - ref[x]) <= tol * mag[x] + 1e-30)) {
            fail(what + ": " + this + " C(" + i + "," + j + ") = " + out[x] + ", reference " + ref[x]);
          }
        }
      }
      for (int x = 0; x < out.length; x++) {
        if (!inside[x] && Float.floatToRawIntBits(out[x]) != Float.floatToRawIntBits(c[x])) {
          fail(what + ": " + this + " wrote outside C at index " + x);
        }
      }
    }

    @Override
    public String toString() {
      return m + "x" + n + "x" + k + (transA ? " At" : "") + (transB ? " Bt" : "") + " alpha=" + alpha + " beta=" + beta
          + " offs=" + aOff + "/" + bOff + "/" + cOff + " ld=" + lda + "/" + ldb + "/" + ldc;
    }
  }

  private static float[] values(SplittableRandom r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
    return x;
  }

  private static float[] abs(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) y[i] = Math.abs(x[i]);
    return y;
  }

  private static final float[] ALPHAS = {1f, 0.5f, -2f};
  private static final float[] BETAS = {0f, 1f, 0.75f};

  @Test
  void edgeSizesAllTransposesMatchReference() {
    SplittableRandom r = new SplittableRandom(1);
    for (int t = 0; t < 4; t++) {
      for (int trial = 0; trial < 60; trial++) {
        int m = EDGE[r.nextInt(EDGE.length)], n = EDGE[r.nextInt(EDGE.length)], k = EDGE[r.nextInt(EDGE.length)];
        Case cs = Case.random(r, (t & 1) != 0, (t & 2) != 0, m, n, k, ALPHAS[trial % 3], BETAS[(trial / 3) % 3]);
        cs.check(cs.runFast(), "fast");
      }
    }
  }

  @Test
  void blockedShapesMatchReference() {
    // Several k blocks (KC), m blocks (MC), an n block boundary (NC), thin rows and thin columns.
    int[][] shapes = {
        {150, 70, 900}, {13, 40, 1600}, {7, 3100, 5}, {145, 33, 257}, {64, 128, 32}, {128, 32, 128},
        {1, 300, 70}, {3, 97, 130}, {5, 40, 17}, {200, 3, 90}, {90, 15, 40}, {40, 1, 9}, {4, 50, 300}, {5, 21, 600}};
    SplittableRandom r = new SplittableRandom(2);
    for (int[] s : shapes) {
      for (int t = 0; t < 4; t++) {
        Case cs = Case.random(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], ALPHAS[t % 3], BETAS[(t + 1) % 3]);
        cs.check(cs.runFast(), "fast");
      }
    }
  }

  @Test
  void betaZeroIgnoresNaNAndKZeroScalesC() {
    SplittableRandom r = new SplittableRandom(3);
    for (int t = 0; t < 4; t++) {
      for (int[] s : new int[][] {{9, 40, 20}, {2, 7, 3}, {30, 50, 300}}) {
        Case cs = Case.random(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1f, 0f);
        Arrays.fill(cs.c(), Float.NaN);
        float[] out = cs.runFast();
        for (int i = 0; i < s[0]; i++) {
          for (int j = 0; j < s[1]; j++) assertThat(out[cs.cOff() + i * cs.ldc() + j]).isNotNaN();
        }
        cs.check(out, "NaN C");
      }
    }
    float[] c = {Float.NaN, 2f, 3f};
    Gemm.sgemm(false, false, 1, 3, 0, 1f, new float[0], 0, 0, new float[0], 0, 3, 0f, c, 0, 3);
    assertThat(c).containsExactly(0f, 0f, 0f);
    float[] d = {1f, 2f, 3f};
    Gemm.sgemm(false, false, 1, 3, 0, 1f, new float[0], 0, 0, new float[0], 0, 3, 1f, d, 0, 3);
    assertThat(d).containsExactly(1f, 2f, 3f);
  }

  @Test
  void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
    // Big enough to run in parallel: packed with shared B (several k and n blocks), packed split by
    // columns, axpy rows, dot products.
    int[][] shapes = {{300, 90, 150}, {30, 700, 300}, {12, 3000, 200}, {40, 100, 1100}, {20, 3200, 40}, {3, 5000, 300},
        {2, 3000, 700}, {5000, 4, 300}};
    SplittableRandom r = new SplittableRandom(4);
    int previous = Parallel.threads();
    try {
      for (int[] s : shapes) {
        for (int t = 0; t < 4; t++) {
          Case cs = Case.random(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0.5f, t % 2);
          Parallel.setThreads(1);
          float[] one = cs.runFast();
          Parallel.setThreads(2);
          float[] two = cs.runFast();
          Parallel.setThreads(3);
          float[] three = cs.runFast();
          assertThat(two).as("2 threads, %s", cs).isEqualTo(one);
          assertThat(three).as("3 threads, %s", cs).isEqualTo(one);
          if (t == 0) cs.check(one, "threads"); // the other layouts are checked at smaller sizes
        }
      }
    } finally {
      Parallel.setThreads(previous);
    }
  }

  @Test
  void scalarFallbackMatchesReference() {
    SplittableRandom r = new SplittableRandom(5);
    for (int t = 0; t < 4; t++) {
      for (int trial = 0; trial < 25; trial++) {
        int m = EDGE[r.nextInt(EDGE.length)], n = EDGE[r.nextInt(EDGE.length)], k = EDGE[r.nextInt(EDGE.length)];
        Case cs = Case.random(r, (t & 1) != 0, (t & 2) != 0, m, n, k, ALPHAS[trial % 3], BETAS[(trial / 3) % 3]);
        Arrays.fill(cs.c(), 0, cs.cOff(), 0f);
        cs.check(cs.runScalar(), "scalar");
      }
    }
    assertThat(GemmKernel.vectorUsable("false")).isFalse();
  }

  @Test
  void withoutTheVectorModuleFallsBackToScalar() throws Exception {
    // A JVM started without --add-modules jdk.incubator.vector cannot load the vector kernels.
    String cp = location(GemmKernel.class) + File.pathSeparator + location(GemmTest.class);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xshare:auto", "-cp", cp, ScalarFallbackProbe.class.getName())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out.strip()).isEqualTo("vector=false ok");
    assertThat(p.exitValue()).isZero();
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void rejectsBadArgumentsWithAUsefulMessage() {
    float[] x = new float[12];
    assertThatThrownBy(() -> Gemm.sgemm(false, false, 3, 4, 2, 1f, x, 0, 1, x, 0, 4, 0f, x, 0, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leading dimension of A");
    assertThatThrownBy(() -> Gemm.sgemm(false, false, 3, 4, 4, 1f, x, 0, 4, x, 0, 4, 0f, x, 0, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("B (4x4");
    assertThatThrownBy(() -> Gemm.sgemm(false, false, -1, 4, 4, 1f, x, 0, 4, x, 0, 4, 0f, x, 0, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m=-1");
  }
}
