package orphic.engine.kernel;

/**
 * Run by {@link GemmTest} in a JVM without the Vector API module: checks that {@link Gemm}
 * falls back to the scalar kernel and still computes a product.
 */
final class ScalarFallbackProbe {
  private ScalarFallbackProbe() {}

  public static void main(String[] args) {
    float[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8}, c = new float[4];
    Gemm.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
    boolean ok = c[0] == 19 && c[1] == 22 && c[2] == 43 && c[3] == 50;
    System.out.println("vector=" + GemmKernel.VECTOR + (ok ? " ok" : " wrong " + java.util.Arrays.toString(c)));
  }
}
