package orphic.engine.kernel;

/**
 * Entry to the Vector API kernels; the only class {@link GemmKernel} touches on that side, so a
 * JVM without {@code jdk.incubator.vector} fails here (and falls back to {@link ScalarGemm}).
 *
 * <p>Picks the path by shape alone (never by thread count, so results stay thread-independent):
 * thin problems, fewer than MR rows or fewer than one vector of columns, go to {@link SmallGemm}
 * where packing would cost more than the arithmetic; everything else to {@link PackedGemm}.
 */
final class VectorGemm {
  private VectorGemm() {}

  /** Lanes of the preferred float species; throws a LinkageError if the module is absent. */
  static int lanes() {
    return MicroKernel.L;
  }

  static void run(GemmCall g) {
    boolean thin = g.m() < MicroKernel.MR || g.n() < MicroKernel.L;
    if (thin && !g.transB()) {
      SmallGemm.rows(g);
    } else if (thin && (!g.transA() || g.m() < MicroKernel.MR)) {
      SmallGemm.dots(g);
    } else {
      PackedGemm.run(g);
    }
  }
}
