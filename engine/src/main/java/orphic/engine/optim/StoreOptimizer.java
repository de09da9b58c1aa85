package orphic.engine.optim;

import orphic.engine.nn.ParameterStore;

/**
 * What every optimizer over a {@link ParameterStore} shares: the store, the learning rate and the
 * step count, with the {@link Optimizer} methods that only read or set them. Subclasses own the
 * update rule and their extra state.
 */
abstract class StoreOptimizer implements Optimizer {
  protected final ParameterStore store;
  /** The learning rate of the next {@link #step()}. */
  protected double lr;
  /** Updates taken so far. */
  protected long t;

  StoreOptimizer(ParameterStore store, double lr) {
    this.store = java.util.Objects.requireNonNull(store, "store");
    learningRate(lr);
  }

  @Override
  public final void zeroGrad() {
    store.zeroGrad();
  }

  @Override
  public final void learningRate(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
    this.lr = lr;
  }

  @Override
  public final double learningRate() {
    return lr;
  }

  @Override
  public final long steps() {
    return t;
  }
}
