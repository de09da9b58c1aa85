package orphic.workbench.metrics;

import java.util.List;
import orphic.workbench.embed.SentenceEmbedder;

/**
 * Semantic variance: how spread out a set of texts is in meaning — the mean squared Euclidean
 * distance of their embeddings to the centroid.
 *
 * <pre>  variance = 1/m · Σ_i ‖e_i − c‖²,   c = 1/m · Σ_i e_i</pre>
 * For unit vectors this equals 1 − ‖c‖²: 0 when all texts embed alike, up to 1. NaN for no texts.
 */
public final class SemanticVariance {
  private SemanticVariance() {}

  public static double of(List<String> texts, SentenceEmbedder embedder) {
    if (texts.isEmpty()) return Double.NaN;
    return ofVectors(embedder.embedAll(texts));
  }

  public static double ofVectors(float[][] e) {
    if (e.length == 0) return Double.NaN;
    int d = e[0].length;
    double[] c = new double[d];
    for (float[] v : e) for (int j = 0; j < d; j++) c[j] += v[j];
    for (int j = 0; j < d; j++) c[j] /= e.length;
    double s = 0;
    for (float[] v : e) {
      for (int j = 0; j < d; j++) {
        double x = v[j] - c[j];
        s += x * x;
      }
    }
    return s / e.length;
  }
}
