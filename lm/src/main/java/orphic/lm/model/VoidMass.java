package orphic.lm.model;

/**
 * A model whose attention has a void (blanchot with the void on): the share of attention each
 * query gives to nothing, recorded on every forward outside training.
 */
public interface VoidMass {
  /** Mean void mass [layer][head] of the last forward outside training, or null before one. */
  float[][] lastMeanVoidMass();

  /** Clears the running mean of {@link #meanVoidMass()}. */
  void resetVoidMass();

  /** Token-weighted mean void mass over all layers and heads of the forwards since {@link #resetVoidMass()} (NaN if none). */
  double meanVoidMass();
}
