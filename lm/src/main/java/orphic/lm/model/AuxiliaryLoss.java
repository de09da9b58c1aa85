package orphic.lm.model;

import orphic.engine.tensor.Tensor;

/**
 * A model that adds a training-only term to its loss (the blanchot backward twin). The trainer
 * back-propagates cross-entropy plus this term; it logs cross-entropy alone.
 */
public interface AuxiliaryLoss {
  /**
   * The weighted auxiliary loss of the last training forward (a scalar on the tape), or null when
   * it had none (eval mode, no gradient, or the term is off).
   */
  Tensor auxiliaryLoss();
}
