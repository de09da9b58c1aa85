package orphic.engine.kernel;

import static orphic.engine.kernel.MicroKernel.L;

/**
 * Entry to the Vector API kernels; the only class {@link GemmKernel} touches on that side, so a
 * JVM without {@code jdk.incubator.vector} fails here (and falls back to {@link ScalarGemm}).
 *
 * <p>Picks the kernel by shape alone, never by thread count, so results stay thread-independent:
 * <ul>
 *   <li>{@link AxpyGemm}: row-major B and one or two rows of A (generation, 1×V×C);
 *   <li>{@link DotGemm}: fewer columns of C than one vector, or a transposed B against few rows
 *       of A with k long enough to repay the lane sums;
 *   <li>{@link PackedGemm}: everything else.
 * </ul>
 */
final class VectorGemm {
  private VectorGemm() {}

  /** Row-major B against at most this many rows of A goes to {@link AxpyGemm}. */
  static final int AXPY_MAX_ROWS = 2;
  /** Transposed B against at most this many rows of A goes to {@link DotGemm} ... */
  static final int DOT_MAX_ROWS = 5;
  /** ... provided k is at least this long (else the lane sums dominate), or A has ≤ 2 rows. */
  static final int DOT_MIN_K = 256;

  /** Lanes of the preferred float species; throws a LinkageError if the module is absent. */
  static int lanes() {
    return MicroKernel.L;
  }

  static void run(GemmCall g) {
    int m = g.m(), n = g.n(), k = g.k();
    if (!g.transB() && m <= AXPY_MAX_ROWS) {
      AxpyGemm.run(g);
    } else if (n < L || (g.transB() && (m <= AXPY_MAX_ROWS || (m <= DOT_MAX_ROWS && k >= DOT_MIN_K)))) {
      DotGemm.run(g);
    } else {
      PackedGemm.run(g);
    }
  }
}
