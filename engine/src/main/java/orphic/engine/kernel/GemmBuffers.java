package orphic.engine.kernel;

/**
 * Per-thread scratch for the GEMM kernels: packed blocks of A and B, an edge tile and a row.
 * Arrays are allocated on first use and only ever grown, so steady-state calls allocate nothing.
 * Each thread (callers and pool workers alike) gets its own set, so no locking is needed.
 */
final class GemmBuffers {
  private static final ThreadLocal<GemmBuffers> LOCAL = ThreadLocal.withInitial(GemmBuffers::new);

  private float[] packedA = new float[0];
  private float[] packedB = new float[0];
  private final float[][] sharedB = {new float[0], new float[0]};
  private float[] edgeA = new float[0];
  private float[] row = new float[0];
  private float[] tile = new float[0];

  private GemmBuffers() {}

  static GemmBuffers get() {
    return LOCAL.get();
  }

  float[] packedA(int size) {
    if (packedA.length < size) packedA = new float[size];
    return packedA;
  }

  float[] packedB(int size) {
    if (packedB.length < size) packedB = new float[size];
    return packedB;
  }

  /** B blocks (two, for double buffering) shared with the pool workers by this calling thread. */
  float[] sharedB(int which, int size) {
    if (sharedB[which].length < size) sharedB[which] = new float[size];
    return sharedB[which];
  }

  float[] edgeA(int size) {
    if (edgeA.length < size) edgeA = new float[size];
    return edgeA;
  }

  float[] row(int size) {
    if (row.length < size) row = new float[size];
    return row;
  }

  float[] tile(int size) {
    if (tile.length < size) tile = new float[size];
    return tile;
  }
}
