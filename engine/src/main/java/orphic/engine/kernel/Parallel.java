package orphic.engine.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of worker threads for data-parallel kernels (no per-call thread creation).
 *
 * <p>{@link #range} splits [0, n) into {@code threads()} contiguous parts, statically: part i
 * always gets the same sub-range, so results do not depend on timing. Kernels split over output
 * rows or columns and keep each output element's summation order fixed, which makes results
 * identical for every thread count.
 *
 * <p>Calls from inside a worker (nested parallelism) run serially on the caller. The thread count
 * is {@code -Dorphic.threads=N}, else {@link #setThreads}, else the number of processors.
 */
public final class Parallel {
  private Parallel() {}

  /** Body of a parallel loop over [start, end). */
  @FunctionalInterface
  public interface RangeBody {
    void run(int start, int end);
  }

  /** Body that also receives its part index in [0, parts). */
  @FunctionalInterface
  public interface PartBody {
    void run(int part, int start, int end);
  }

  private static volatile Pool pool;
  private static int requested = Integer.getInteger("orphic.threads", Runtime.getRuntime().availableProcessors());

  /** Number of threads kernels use (including the caller). */
  public static int threads() {
    return requested;
  }

  /** Sets the thread count (1 = everything on the caller). Takes effect on the next call. */
  public static synchronized void setThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
    requested = n;
    if (pool != null && pool.size != n) {
      pool.shutdown();
      pool = null;
    }
  }

  /** Runs body over [0, n) split into contiguous parts, one per thread. */
  public static void range(int n, RangeBody body) {
    parts(n, threads(), (p, s, e) -> body.run(s, e));
  }

  /** Runs body over [0, n) split into at most {@code maxParts} contiguous parts. */
  public static void parts(int n, int maxParts, PartBody body) {
    int p = Math.min(Math.min(maxParts, threads()), n);
    if (p <= 1 || Pool.isWorker()) {
      if (n > 0) body.run(0, 0, n);
      return;
    }
    pool(p).run(n, p, body);
  }

  /** Splits so that every part except the last is a multiple of {@code grain}. */
  public static void grained(int n, int grain, PartBody body) {
    int blocks = (n + grain - 1) / grain;
    int p = Math.min(threads(), blocks);
    if (p <= 1 || Pool.isWorker()) {
      if (n > 0) body.run(0, 0, n);
      return;
    }
    pool(p).run(blocks, p, (part, bs, be) -> body.run(part, bs * grain, Math.min(n, be * grain)));
  }

  private static Pool pool(int minSize) {
    Pool p = pool;
    if (p == null || p.size < minSize) {
      synchronized (Parallel.class) {
        p = pool;
        if (p == null || p.size < Math.max(minSize, requested)) {
          if (p != null) p.shutdown();
          p = pool = new Pool(Math.max(minSize, requested));
        }
      }
    }
    return p;
  }

  /**
   * Workers spin briefly, then park, between jobs. A job's parts are claimed from a counter by
   * whichever thread is free, the caller included: part p always covers the same sub-range, but a
   * worker that the OS has not scheduled yet no longer holds the caller up, since the caller
   * (or another worker) takes its part instead.
   */
  private static final class Pool {
    private static final ThreadLocal<Boolean> WORKER = ThreadLocal.withInitial(() -> false);

    /** One parallel call, published atomically to the workers. */
    private static final class Job {
      final long generation;
      final int n;
      final int parts;
      final PartBody body;
      final Thread caller;
      final AtomicInteger next = new AtomicInteger();
      final AtomicInteger done = new AtomicInteger();
      volatile Throwable failure;

      Job(long generation, int n, int parts, PartBody body, Thread caller) {
        this.generation = generation;
        this.n = n;
        this.parts = parts;
        this.body = body;
        this.caller = caller;
      }

      /** Runs unclaimed parts until none is left. */
      void work() {
        for (int p; (p = next.getAndIncrement()) < parts; ) {
          long s = (long) n * p / parts, e = (long) n * (p + 1) / parts;
          try {
            body.run(p, (int) s, (int) e);
          } catch (Throwable t) {
            failure = t;
          } finally {
            if (done.incrementAndGet() == parts) LockSupport.unpark(caller);
          }
        }
      }
    }

    final int size;
    private final Thread[] workers;
    private final Object lock = new Object();
    private volatile Job job = new Job(0, 0, 0, null, null);
    private volatile boolean stopped;

    Pool(int size) {
      this.size = size;
      this.workers = new Thread[size - 1];
      for (int i = 0; i < workers.length; i++) {
        Thread t = new Thread(this::loop, "orphic-kernel-" + (i + 1));
        t.setDaemon(true);
        workers[i] = t;
        t.start();
      }
    }

    static boolean isWorker() {
      return WORKER.get();
    }

    void run(int n, int parts, PartBody body) {
      synchronized (lock) { // one job at a time across calling threads
        Job j = new Job(job.generation + 1, n, parts, body, Thread.currentThread());
        job = j;
        for (int i = 0; i < Math.min(parts - 1, workers.length); i++) LockSupport.unpark(workers[i]);
        WORKER.set(true);
        try {
          j.work();
        } finally {
          WORKER.set(false);
        }
        int spins = 0;
        while (j.done.get() < parts) {
          if (++spins < 2000) Thread.onSpinWait();
          else LockSupport.parkNanos(this, 20_000);
        }
        Throwable f = j.failure;
        if (f != null) {
          if (f instanceof RuntimeException r) throw r;
          if (f instanceof Error e) throw e;
          throw new RuntimeException(f);
        }
      }
    }

    private void loop() {
      WORKER.set(true);
      long seen = 0;
      while (!stopped) {
        int spins = 0;
        Job j;
        while ((j = job).generation == seen && !stopped) {
          // Spin briefly (the next kernel usually follows at once), then park.
          if (++spins < 20_000) Thread.onSpinWait();
          else LockSupport.park(this);
        }
        if (stopped) return;
        seen = j.generation;
        j.work();
      }
    }

    void shutdown() {
      stopped = true;
      for (Thread t : workers) LockSupport.unpark(t);
    }
  }
}
