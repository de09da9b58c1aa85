/**
 * Attention analysis (haze's "hallucinations", specs/haze.md §11, working for any model and any
 * text length): {@link orphic.lm.analysis.AttentionExtractor} reads every head's pattern through
 * an {@link orphic.lm.model.AttentionProbe} into {@link orphic.lm.analysis.AttentionMatrix}es
 * (sliding the window past the context), {@link orphic.lm.analysis.AttentionMetrics} summarises
 * each (sparsity, locality, entropy and uniformity, diagonality),
 * {@link orphic.lm.analysis.AttentionHeatmap} draws it, and
 * {@link orphic.lm.analysis.AttentionReport} does all of it for {@code ./orphic inspect}.
 */
package orphic.lm.analysis;
