/**
 * Training objectives beyond plain cross-entropy that are not Blanchotian: {@link
 * orphic.engine.loss.PoeticLoss} (cross-entropy with an entropy bonus and an optional target-entropy
 * band). Definitions: docs/poetic-training.md.
 */
package orphic.engine.loss;
