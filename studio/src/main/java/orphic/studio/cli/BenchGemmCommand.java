package orphic.studio.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import jdk.incubator.vector.FloatVector;
import orphic.engine.bench.GemmBenchmark;
import orphic.engine.bench.GemmBenchmark.Result;
import orphic.engine.bench.GemmBenchmark.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code orphic bench gemm}: sgemm GFLOP/s for each shape × thread count. */
@Command(name = "gemm", sortOptions = false,
    description = "Measure sgemm throughput (GFLOP/s, median) on square and transformer-shaped products.")
final class BenchGemmCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Table to stderr; last stdout line: {\"results\":[{m, n, k, trans_a, trans_b, threads, gflops}, …]}.")
  boolean json;

  @Option(names = "--threads", split = ",", paramLabel = "N[,N…]",
      description = "Thread counts to measure (default: 1 and all processors).")
  List<Integer> threads;

  @Option(names = "--seconds", defaultValue = "1", paramLabel = "S",
      description = "Timed seconds per shape and thread count, after a warm-up (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--shapes", defaultValue = "default", paramLabel = "default|square",
      description = "default: 1024³ and the shapes of a 256-wide transformer's training step; square: 256³, 512³, 1024³.")
  String shapes;

  /** One N³ product instead of a shape set; keeps tests fast. */
  @Option(names = "--size", hidden = true, paramLabel = "N")
  Integer size;

  @Override
  public Integer call() {
    List<Shape> todo = shapes();
    List<Integer> counts = threadCounts();
    if (!(seconds > 0)) throw new ParameterException(spec.commandLine(), "--seconds must be > 0, got " + seconds);

    PrintWriter out = spec.commandLine().getOut();
    PrintWriter table = json ? spec.commandLine().getErr() : out;
    table.printf(Locale.ROOT, "sgemm, %d processors, %d-bit vectors, ~%s s per point%n",
        Runtime.getRuntime().availableProcessors(), FloatVector.SPECIES_PREFERRED.vectorBitSize(), seconds);
    table.printf(Locale.ROOT, "%-22s %7s %10s%n", "m x n x k", "threads", "GFLOP/s");
    table.flush();

    List<Result> results = new ArrayList<>();
    for (Shape shape : todo) {
      for (int t : counts) {
        Result r = GemmBenchmark.measure(shape, t, seconds);
        results.add(r);
        table.printf(Locale.ROOT, "%-22s %7d %10.1f%n", shape.label(), t, r.gflops());
        table.flush();
      }
    }
    if (json) JsonLine.print(out, toJson(results));
    return 0;
  }

  static ObjectNode toJson(List<Result> results) {
    ObjectNode root = JsonLine.object();
    ArrayNode list = root.putArray("results");
    for (Result r : results) {
      list.addObject()
          .put("m", r.m())
          .put("n", r.n())
          .put("k", r.k())
          .put("trans_a", r.transA())
          .put("trans_b", r.transB())
          .put("threads", r.threads())
          .put("gflops", Math.round(r.gflops() * 100) / 100.0);
    }
    return root;
  }

  private List<Shape> shapes() {
    if (size != null) {
      if (size < 1) throw new ParameterException(spec.commandLine(), "--size must be >= 1, got " + size);
      return List.of(new Shape(size, size, size, false, false));
    }
    return switch (shapes) {
      case "default" -> GemmBenchmark.defaultShapes();
      case "square" -> List.of(
          new Shape(256, 256, 256, false, false),
          new Shape(512, 512, 512, false, false),
          new Shape(1024, 1024, 1024, false, false));
      default -> throw new ParameterException(spec.commandLine(),
          "--shapes must be 'default' or 'square', got '" + shapes + "'");
    };
  }

  private List<Integer> threadCounts() {
    if (threads == null || threads.isEmpty()) {
      var d = new LinkedHashSet<Integer>(List.of(1, Runtime.getRuntime().availableProcessors()));
      return List.copyOf(d);
    }
    for (int t : threads) {
      if (t < 1) throw new ParameterException(spec.commandLine(), "--threads values must be >= 1, got " + t);
    }
    return List.copyOf(new LinkedHashSet<>(threads));
  }
}
