package orphic.engine.optim;

/**
 * The learning rate for each step. Steps count from 0: {@code at(0)} is the rate of the first
 * update.
 */
@FunctionalInterface
public interface LrSchedule {
  double at(long step);

  /** The same rate at every step. */
  static LrSchedule constant(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
    return step -> lr;
  }

  /**
   * Linear warm-up, then a half cosine down to {@code minLr}, as in llm.c and nanoGPT.
   *
   * <ul>
   *   <li>warm-up, {@code step < warmupSteps}: {@code maxLr·(step + 1)/warmupSteps}, so the first
   *       update already moves (it starts at maxLr/warmupSteps, not 0) and step {@code
   *       warmupSteps − 1} reaches maxLr;
   *   <li>decay, {@code warmupSteps ≤ step ≤ totalSteps}: {@code minLr + ½(1 + cos(π·r))(maxLr −
   *       minLr)} with r = (step − warmupSteps)/(totalSteps − warmupSteps), from maxLr to minLr;
   *   <li>after {@code totalSteps}: minLr.
   * </ul>
   */
  static LrSchedule warmupCosine(double maxLr, double minLr, long warmupSteps, long totalSteps) {
    if (!(maxLr >= 0) || Double.isInfinite(maxLr)) throw new IllegalArgumentException("maxLr must be finite and >= 0, got " + maxLr);
    if (!(minLr >= 0) || minLr > maxLr) throw new IllegalArgumentException("minLr must be in [0, maxLr], got " + minLr + " with maxLr " + maxLr);
    if (warmupSteps < 0) throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
    if (totalSteps < warmupSteps) {
      throw new IllegalArgumentException("totalSteps (" + totalSteps + ") must be >= warmupSteps (" + warmupSteps + ")");
    }
    return step -> {
      if (step < warmupSteps) return maxLr * (step + 1) / warmupSteps;
      if (step >= totalSteps) return minLr;
      double r = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
      return minLr + 0.5 * (1 + Math.cos(Math.PI * r)) * (maxLr - minLr);
    };
  }

  /** Cosine annealing with warm restarts after a linear warm-up: see {@link Sgdr}. */
  static Sgdr sgdr(double maxLr, double minLr, long warmupSteps, long period, int mult) {
    return new Sgdr(maxLr, minLr, warmupSteps, period, mult);
  }
}
