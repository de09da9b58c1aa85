package orphic.lm.model;

import orphic.engine.nn.Init;
import orphic.engine.nn.Module;

/**
 * A per-call seed for the training-only random options (attention mask, positional noise): call
 * n gets a hash of (seed, n). The call counter is the module's random position, saved in the
 * training checkpoint, so a resumed run draws exactly the seeds an uninterrupted one would.
 */
final class SeedStream extends Module {
  private final long seed;
  private long calls;

  SeedStream(long seed) {
    this.seed = seed;
  }

  /** The next call's seed. */
  long next() {
    return Init.mix(Init.mix(seed) ^ calls++);
  }

  @Override
  protected long randomPosition() {
    return calls;
  }

  @Override
  protected void randomPosition(long position) {
    if (position < 0) throw new IllegalArgumentException("call count must be >= 0, got " + position);
    calls = position;
  }
}
