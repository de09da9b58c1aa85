package orphic.lm.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import orphic.engine.nn.ParameterStore;
import orphic.engine.ops.Ops;
import orphic.engine.optim.AdamW;
import orphic.engine.optim.GradClip;
import orphic.engine.tensor.Arena;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.Models;

/**
 * Training throughput of one model shape, the figure behind {@code ./orphic bench train}: random
 * weights, AdamW steps on batches drawn from a token array, the median step time after warm-up.
 * Also reports the bytes allocated per step after warm-up (all threads), which should be near
 * zero: activations live in an {@link Arena}, parameters and moments in flat arrays.
 */
public final class TrainBenchmark {
  private TrainBenchmark() {}

  public record Result(long params, double tokensPerSecond, double stepSecondsMedian, double peakRssMb,
      double allocatedBytesPerStep, double finalLoss) {}

  /** Runs {@code warmup} untimed then {@code steps} timed steps of the model on {@code tokens}. */
  public static Result run(ModelConfig config, int batch, int[] tokens, int warmup, int steps, double clip) {
    LanguageModel model = Models.build(config);
    ParameterStore store = new ParameterStore(model.module(), ParameterStore.DECAY_ALL);
    AdamW opt = new AdamW(store, 3e-4, 0.9, 0.999, 1e-8, 0.01);
    Arena arena = new Arena();
    int t = config.context();
    BatchSampler sampler = new BatchSampler(tokens, batch, t, 1337);
    int[] x = new int[batch * t];
    int[] y = new int[batch * t];
    double[] times = new double[steps];
    double loss = Double.NaN;
    long allocStart = 0;
    for (int s = 0; s < warmup + steps; s++) {
      if (s == warmup) allocStart = allocatedBytes();
      long t0 = System.nanoTime();
      sampler.fill(s, x, y);
      try (var scope = arena.open()) {
        Tensor logits = model.forward(x, batch, t);
        Tensor l = Ops.crossEntropy(logits.reshape(batch * t, config.vocabSize()), y, null, 0f);
        l.backward();
        loss = l.item();
      }
      if (clip > 0) GradClip.clipGlobalNorm(store, clip);
      opt.step();
      opt.zeroGrad();
      if (s >= warmup) times[s - warmup] = (System.nanoTime() - t0) / 1e9;
    }
    long allocated = allocatedBytes() - allocStart;
    double[] sorted = times.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    return new Result(store.size(), batch * t / median, median, peakRssMb(), allocStart < 0 ? Double.NaN : (double) allocated / steps, loss);
  }

  /** Uniform random tokens, for shape-only benchmarks. */
  public static int[] syntheticTokens(int vocab, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) ids[i] = r.nextInt(vocab);
    return ids;
  }

  /** Bytes allocated so far by all live threads, or −1 when the JVM cannot tell. */
  static long allocatedBytes() {
    var bean = ManagementFactory.getThreadMXBean();
    if (bean instanceof com.sun.management.ThreadMXBean b && b.isThreadAllocatedMemorySupported()) {
      b.setThreadAllocatedMemoryEnabled(true);
      long total = 0;
      for (long id : b.getAllThreadIds()) {
        long a = b.getThreadAllocatedBytes(id);
        if (a > 0) total += a;
      }
      return total;
    }
    return -1;
  }

  /** Peak resident set size of this process (VmHWM), in MiB; NaN off Linux. */
  public static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
