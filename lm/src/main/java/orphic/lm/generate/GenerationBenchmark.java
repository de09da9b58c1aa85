package orphic.lm.generate;

import java.util.Arrays;
import orphic.lm.model.LanguageModel;

/**
 * Single-stream generation speed, the figure behind {@code ./orphic bench generate}: after an
 * untimed warm-up (so that the JIT has compiled the kernels: on a busy machine C2 can take
 * seconds to get to all of them, and until it does vector code is slow and allocates),
 * {@code repeats} timed
 * generations of {@code tokens} tokens each from a one-token prompt, as
 * {@code bench/torch_gpt_reference.py generate} does. A run's time covers everything a caller
 * waits for: the prompt's prefill, every forward, the window slides and the token choice.
 */
public final class GenerationBenchmark {
  private GenerationBenchmark() {}

  /**
   * tokensPerSecond: median over the runs of tokens / run seconds; best: the fastest run;
   * msPerTokenMedian: median time between consecutive tokens over all runs (slides excluded by
   * the median); allocatedBytesPerToken: on the generating thread over the timed runs, −1 if the
   * JVM cannot tell; tokensPerCpuSecond: median over the runs of tokens / CPU seconds of the
   * generating thread (−1 if unknown) — on a shared machine, what a quiet one would give a
   * single-threaded decoder, since time spent descheduled is not counted;
   * chainMsPerTokenMedian: median time of one token choice (the picker: the sampler chain, or the
   * plain temperature draw), over every timed token; modelMsPerTokenMedian: median of the rest of
   * each time between consecutive tokens (the model's step: forward, cache, slides), so the two
   * split msPerTokenMedian's interval into the chain's share and the model's.
   */
  public record Result(String mode, int tokens, int repeats, double tokensPerSecond, double tokensPerSecondBest,
      double msPerTokenMedian, double[] runTokensPerSecond, double allocatedBytesPerToken, double tokensPerCpuSecond,
      int[] sample, double chainMsPerTokenMedian, double modelMsPerTokenMedian) {}

  /** Supplies a fresh picker for each run (same seed: every run makes the same text). */
  @FunctionalInterface
  public interface PickerFactory {
    Generator.TokenPicker create();
  }

  /** Warm-up when none is given: generations of the timed length for at least this long. */
  public static final double AUTO_WARMUP_SECONDS = 3;

  /**
   * warmup: untimed tokens, or −1 for {@link #AUTO_WARMUP_SECONDS} of generations (at least two);
   * threads: the decoder's ({@link Generator#setThreads}); precision: how KV mode stores the weights.
   */
  public static Result run(LanguageModel model, Generator.Mode mode, WeightPrecision precision, int promptToken, int tokens, int warmup,
      int repeats, int threads, PickerFactory pickers) {
    if (tokens < 1) throw new IllegalArgumentException("tokens must be >= 1, got " + tokens);
    if (repeats < 1) throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
    Generator g = new Generator(model, mode, precision).setThreads(threads);
    int[] prompt = {promptToken};
    if (warmup > 0) g.generate(prompt, warmup, pickers.create(), null);
    if (warmup < 0) {
      long until = System.nanoTime() + (long) (AUTO_WARMUP_SECONDS * 1e9);
      for (int i = 0; i < 1000 && (i < 2 || System.nanoTime() < until); i++) g.generate(prompt, tokens, pickers.create(), null);
    }
    long[] stamps = new long[tokens + 1];
    int[] count = new int[1];
    TokenListener clock = tok -> {
      stamps[++count[0]] = System.nanoTime();
      return true;
    };
    double[] perRun = new double[repeats];
    double[] perCpu = new double[repeats];
    var threadBean = java.lang.management.ManagementFactory.getThreadMXBean();
    boolean cpuTime = threadBean.isCurrentThreadCpuTimeSupported();
    double[] gaps = new double[repeats * (tokens - 1)];
    double[] modelGaps = new double[repeats * (tokens - 1)];
    double[] chain = new double[repeats * tokens];
    int gi = 0, ci = 0;
    TimedPicker timed = new TimedPicker(tokens);
    int[] sample = null;
    long alloc0 = allocatedBytes();
    for (int r = 0; r < repeats; r++) {
      timed.reset(pickers.create());
      Generator.TokenPicker picker = timed;
      count[0] = 0;
      long cpu0 = cpuTime ? threadBean.getCurrentThreadCpuTime() : 0;
      stamps[0] = System.nanoTime();
      int[] out = g.generate(prompt, tokens, picker, clock);
      long end = System.nanoTime();
      long cpu1 = cpuTime ? threadBean.getCurrentThreadCpuTime() : 0;
      perRun[r] = tokens / ((end - stamps[0]) / 1e9);
      perCpu[r] = cpuTime && cpu1 > cpu0 ? tokens / ((cpu1 - cpu0) / 1e9) : -1;
      for (int i = 2; i <= tokens; i++) {
        // Between the stamps of tokens i−1 and i: the model's step on token i−1, then choosing token i.
        gaps[gi] = (stamps[i] - stamps[i - 1]) / 1e6;
        modelGaps[gi++] = (stamps[i] - stamps[i - 1] - timed.nanos[i - 1]) / 1e6;
      }
      for (int i = 0; i < timed.count; i++) chain[ci++] = timed.nanos[i] / 1e6;
      if (sample == null) sample = out;
    }
    long alloc1 = allocatedBytes();
    double[] sortedRuns = perRun.clone();
    Arrays.sort(sortedRuns);
    double[] sortedGaps = Arrays.copyOf(gaps, gi);
    Arrays.sort(sortedGaps);
    double msMedian = gi == 0 ? 1000.0 / perRun[0] : sortedGaps[gi / 2];
    double perToken = alloc0 < 0 || alloc1 < 0 ? -1 : (double) (alloc1 - alloc0) / ((double) tokens * repeats);
    double[] sortedCpu = perCpu.clone();
    Arrays.sort(sortedCpu);
    double[] sortedChain = Arrays.copyOf(chain, ci), sortedModel = Arrays.copyOf(modelGaps, gi);
    Arrays.sort(sortedChain);
    Arrays.sort(sortedModel);
    double chainMedian = ci == 0 ? 0 : median(sortedChain);
    double modelMedian = gi == 0 ? msMedian - chainMedian : median(sortedModel);
    return new Result(mode.name().toLowerCase(java.util.Locale.ROOT), tokens, repeats, median(sortedRuns),
        sortedRuns[sortedRuns.length - 1], msMedian, perRun, perToken, median(sortedCpu), sample, chainMedian, modelMedian);
  }

  /** A picker that times each choice of the picker it wraps (nanos[i]: token i of the current run). */
  private static final class TimedPicker implements Generator.TokenPicker {
    final long[] nanos;
    int count;
    private Generator.TokenPicker inner;

    TimedPicker(int tokens) {
      nanos = new long[tokens];
    }

    void reset(Generator.TokenPicker picker) {
      inner = picker;
      count = 0;
    }

    @Override
    public int pick(float[] logits, int[] history, int length) {
      long t0 = System.nanoTime();
      int token = inner.pick(logits, history, length);
      long t1 = System.nanoTime();
      if (count < nanos.length) nanos[count++] = t1 - t0;
      return token;
    }
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Bytes allocated so far by the calling thread, or −1 when the JVM cannot tell. */
  static long allocatedBytes() {
    var bean = java.lang.management.ManagementFactory.getThreadMXBean();
    if (bean instanceof com.sun.management.ThreadMXBean b && b.isThreadAllocatedMemorySupported()) {
      if (!b.isThreadAllocatedMemoryEnabled()) b.setThreadAllocatedMemoryEnabled(true);
      return b.getCurrentThreadAllocatedBytes();
    }
    return -1;
  }
}
