package orphic.engine.nn;

import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/**
 * Inverted dropout, active only in training: x [...] → x·mask/(1 − p) [...].
 *
 * <p>Each training call draws a fresh mask from {@code seed} and the number of calls so far (mixed,
 * so dropouts with nearby seeds do not share masks). The call counter is the module's random
 * position ({@link Module#randomState()}): saving and restoring it resumes training exactly.
 */
public final class Dropout extends Module {
  private final float p;
  private final long seed;
  private long calls;

  public Dropout(float p, long seed) {
    if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    this.p = p;
    this.seed = seed;
  }

  /** x: [...] → same shape; the identity when not training or p = 0. */
  public Tensor forward(Tensor x) {
    if (!isTraining() || p == 0) return x;
    long callSeed = Init.mix(Init.mix(seed) ^ calls);
    calls++;
    return Ops.dropout(x, p, callSeed);
  }

  public float probability() {
    return p;
  }

  /** Training calls so far. */
  public long calls() {
    return calls;
  }

  /** Sets the call counter (to resume a run). */
  public void calls(long calls) {
    if (calls < 0) throw new IllegalArgumentException("call count must be >= 0, got " + calls);
    this.calls = calls;
  }

  @Override
  protected long randomPosition() {
    return calls;
  }

  @Override
  protected void randomPosition(long position) {
    calls(position);
  }
}
