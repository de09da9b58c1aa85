package orphic.studio.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import jdk.incubator.vector.FloatVector;
import orphic.engine.bench.GemmBenchmark;
import orphic.engine.kernel.Gemm;
import orphic.engine.kernel.GemmReference;
import orphic.engine.kernel.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code orphic demo}. Until the trainer exists this is an honest engine self-check: the fast
 * GEMM against the scalar reference, then a short timing. Training on the bundled corpus replaces
 * it with the training issue.
 */
@Command(name = "demo", sortOptions = false,
    description = "The main job. In this build: an engine self-check (GEMM against its reference, and its speed).")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--threads", paramLabel = "P", description = "Kernel threads (default: all processors).")
  Integer threads;

  /** Length of the timing; kept short in tests. */
  @Option(names = "--seconds", hidden = true, defaultValue = "2")
  double seconds;

  // Odd sizes exercise the kernels' edge handling, not just whole vector blocks.
  private static final int M = 67, N = 45, K = 129;

  @Override
  public Integer call() {
    if (threads != null) {
      if (threads < 1) throw new ParameterException(spec.commandLine(), "--threads must be >= 1, got " + threads);
      Parallel.setThreads(threads);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Orphic demo: engine self-check (this build has no trainer yet)");
    out.printf(Locale.ROOT, "  Java %s, %d kernel threads, %d-bit vectors%n",
        Runtime.version(), Parallel.threads(), FloatVector.SPECIES_PREFERRED.vectorBitSize());
    out.flush();

    double worst = 0;
    for (int variant = 0; variant < 4; variant++) {
      worst = Math.max(worst, gemmError(variant / 2 == 1, variant % 2 == 1));
    }
    // float32 sums of 129 products of values in [-0.5, 0.5): errors of ~1e-5 are rounding.
    boolean ok = worst < 1e-4;
    out.printf(Locale.ROOT, "  sgemm vs scalar reference, %dx%dx%d, 4 transpose variants: max |diff| %.1e  %s%n",
        M, N, K, worst, ok ? "ok" : "MISMATCH");
    out.flush();
    if (!ok) throw new CommandFailure("sgemm disagrees with its reference (max |diff| " + worst + "); please report this with `./orphic --version`");

    var shape = new GemmBenchmark.Shape(1024, 1024, 1024, false, false);
    var r = GemmBenchmark.measure(shape, Parallel.threads(), seconds);
    out.printf(Locale.ROOT, "  sgemm 1024x1024x1024 on %d threads: %.1f GFLOP/s (median over ~%s s)%n",
        r.threads(), r.gflops(), seconds);
    out.println("Training a model on the bundled demo corpus and opening the studio arrive with the training issue.");
    out.println("Meanwhile: ./orphic bench gemm   (full GEMM benchmark), ./orphic --help   (all commands)");
    out.flush();
    return 0;
  }

  /** Max |fast − reference| over C = op(A)·op(B) with random inputs. */
  private static double gemmError(boolean transA, boolean transB) {
    SplittableRandom rnd = new SplittableRandom(7);
    float[] a = new float[M * K], b = new float[K * N], fast = new float[M * N], ref = new float[M * N];
    for (int i = 0; i < a.length; i++) a[i] = (float) (rnd.nextDouble() - 0.5);
    for (int i = 0; i < b.length; i++) b[i] = (float) (rnd.nextDouble() - 0.5);
    int lda = transA ? M : K, ldb = transB ? K : N;
    Gemm.sgemm(transA, transB, M, N, K, 1f, a, 0, lda, b, 0, ldb, 0f, fast, 0, N);
    GemmReference.sgemm(transA, transB, M, N, K, 1f, a, 0, lda, b, 0, ldb, 0f, ref, 0, N);
    double worst = 0;
    for (int i = 0; i < fast.length; i++) worst = Math.max(worst, Math.abs(fast[i] - ref[i]));
    return worst;
  }
}
