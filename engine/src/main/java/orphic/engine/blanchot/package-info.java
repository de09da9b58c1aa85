/**
 * The "Blanchotian" model components, given precise meanings (docs/blanchot.md): {@link
 * orphic.engine.blanchot.BlanchotianAttention} (causal attention with a learnable void, residual
 * scores, output gate), {@link orphic.engine.blanchot.BlanchotianTransformer} (DenseFormer
 * depth-weighted composition of block outputs) and {@link orphic.engine.blanchot.OrphicEmbedding}
 * (rarity-scaled solitude vectors).
 */
package orphic.engine.blanchot;
