/**
 * Metrics for generated text (docs/metrics.md): {@link orphic.workbench.metrics.SelfBleu},
 * {@link orphic.workbench.metrics.TransitionEntropy}, {@link orphic.workbench.metrics.Novelty},
 * {@link orphic.workbench.metrics.ConceptualDisplacement},
 * {@link orphic.workbench.metrics.SemanticVariance}, {@link orphic.workbench.metrics.PoeticCohesion}.
 * Distinct-n is {@code orphic.lm.metrics.DistinctN}; lexical infection rate is
 * {@code orphic.workbench.lexicon.InfectionRate}. Words are {@code DistinctN.words} throughout.
 */
package orphic.workbench.metrics;
