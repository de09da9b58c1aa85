package orphic.engine.kernel;

import java.util.ArrayList;
import java.util.List;
import orphic.engine.bench.GemmBenchmark;
import orphic.engine.bench.GemmBenchmark.Shape;

/**
 * Prints GFLOP/s of {@link Gemm#sgemm} for the benchmark shapes (not a test: run by hand).
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp engine/target/classes:engine/target/test-classes \
 *       orphic.engine.kernel.GemmBenchMain [seconds=1] [rounds=3] [threads=1,2] [MxNxK[tA][tB] ...]
 * </pre>
 * Each shape is measured {@code rounds} times per thread count (interleaved, to spread the noise
 * of a shared machine); the best and the median of the per-round medians are printed.
 */
final class GemmBenchMain {
  private GemmBenchMain() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String[] threadArg = (args.length > 2 ? args[2] : "1,2").split(",");
    List<Shape> shapes = new ArrayList<>();
    for (int i = 3; i < args.length; i++) shapes.add(parse(args[i]));
    if (shapes.isEmpty()) shapes = GemmBenchmark.defaultShapes();
    System.out.printf("species lanes=%d vector=%b%n", VectorGemm.lanes(), GemmKernel.VECTOR);
    for (Shape s : shapes) {
      StringBuilder line = new StringBuilder(String.format("%-22s", s.label()));
      for (String t : threadArg) {
        int threads = Integer.parseInt(t);
        double[] r = new double[rounds];
        for (int i = 0; i < rounds; i++) r[i] = GemmBenchmark.measure(s, threads, seconds).gflops();
        java.util.Arrays.sort(r);
        line.append(String.format("  %dT best %6.1f median %6.1f", threads, r[rounds - 1], r[rounds / 2]));
      }
      System.out.println(line);
    }
  }

  /** "256x1024x8192tA" → Shape(256, 1024, 8192, true, false). */
  private static Shape parse(String s) {
    boolean ta = s.contains("tA"), tb = s.contains("tB");
    String[] d = s.replace("tA", "").replace("tB", "").split("x");
    return new Shape(Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2]), ta, tb);
  }
}
