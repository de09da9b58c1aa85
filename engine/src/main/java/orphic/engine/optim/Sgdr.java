package orphic.engine.optim;

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov &amp; Hutter 2017), after an optional
 * linear warm-up. With t = step − warmupSteps, cycle i of length T_i = T_0·mult^i, and T_cur the
 * steps since cycle i began:
 *
 * <pre>
 *   warm-up (step &lt; warmupSteps):  maxLr·(step + 1)/warmupSteps
 *   then:                            minLr + ½(maxLr − minLr)(1 + cos(π·T_cur/T_i))
 * </pre>
 *
 * The rate is maxLr at the first step of each cycle and approaches minLr at its last; the step
 * after that restarts at maxLr. The model at the end of each cycle is a natural snapshot
 * (Huang et al. 2017, "Snapshot Ensembles"): {@link #endsCycle}.
 *
 * @param period T_0 ≥ 1, the first cycle's length in steps
 * @param mult   T_mult ≥ 1, each cycle is this many times longer than the one before
 */
public record Sgdr(double maxLr, double minLr, long warmupSteps, long period, int mult) implements LrSchedule {
  public Sgdr {
    if (!(maxLr >= 0) || Double.isInfinite(maxLr)) throw new IllegalArgumentException("maxLr must be finite and >= 0, got " + maxLr);
    if (!(minLr >= 0) || minLr > maxLr) throw new IllegalArgumentException("minLr must be in [0, maxLr], got " + minLr + " with maxLr " + maxLr);
    if (warmupSteps < 0) throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
    if (period < 1) throw new IllegalArgumentException("the restart period must be at least 1 step, got " + period);
    if (mult < 1) throw new IllegalArgumentException("the restart multiplier must be at least 1, got " + mult);
  }

  /** Where a step falls: its cycle index, T_cur and T_i (−1s during warm-up). */
  public record Position(long cycle, long sinceStart, long length) {}

  public Position position(long step) {
    if (step < warmupSteps) return new Position(-1, -1, -1);
    long t = step - warmupSteps;
    if (mult == 1) return new Position(t / period, t % period, period);
    long cycle = 0, len = period;
    while (t >= len) {
      t -= len;
      cycle++;
      if (len > Long.MAX_VALUE / mult) return new Position(cycle, t, Long.MAX_VALUE); // a cycle longer than any run
      len *= mult;
    }
    return new Position(cycle, t, len);
  }

  @Override
  public double at(long step) {
    if (step < warmupSteps) return maxLr * (step + 1) / warmupSteps;
    Position p = position(step);
    return minLr + 0.5 * (maxLr - minLr) * (1 + StrictMath.cos(Math.PI * p.sinceStart() / p.length()));
  }

  /** True when {@code step} is the last step of a cycle (the next step restarts at maxLr). */
  public boolean endsCycle(long step) {
    if (step < warmupSteps) return false;
    Position p = position(step);
    return p.sinceStart() == p.length() - 1;
  }
}
