package orphic.workbench.metrics;

import java.util.ArrayList;
import java.util.List;

/** Small vector helpers for the embedding metrics, and the phrase splitter they share. */
final class Embeddings {
  private Embeddings() {}

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** Sentences and phrases: split at . ! ? ; : , dashes and line breaks; blank pieces dropped. */
  static List<String> phrases(String text) {
    List<String> out = new ArrayList<>();
    for (String p : text.split("[.!?;:,\\u2014\\u2013\\n\\r]+")) {
      String s = p.strip();
      if (!s.isEmpty()) out.add(s);
    }
    return out;
  }
}
