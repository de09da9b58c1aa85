package orphic.workbench.hydra;

import java.util.Map;

/**
 * Text in, a score per known style out ({@code {"liturgical": 0.87, "dialogue": 0.09, …}}),
 * higher meaning "more in this style". The style detector of {@code orphic.workbench.style} is one;
 * {@link AdapterStyleScorer} (how well each style's adapter predicts the text) is the fallback.
 * Hydra's Anti-Muse branch reads it to find the style farthest from a prompt's.
 */
@FunctionalInterface
public interface StyleScorer {
  /** Scores per style name; styles the scorer does not know are simply absent. */
  Map<String, Double> scores(String text);
}
