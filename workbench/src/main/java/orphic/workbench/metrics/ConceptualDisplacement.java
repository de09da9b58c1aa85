package orphic.workbench.metrics;

import java.util.List;
import orphic.workbench.embed.SentenceEmbedder;

/**
 * Conceptual displacement: how far meaning jumps from one phrase to the next — the mean cosine
 * distance between the embeddings of consecutive units (sentences or phrases).
 *
 * <pre>  displacement = 1/(m−1) · Σ_{i=1}^{m−1} (1 − cos(e_i, e_{i+1}))</pre>
 * 0 = every phrase says the same thing; ~1 = unrelated consecutive phrases (MiniLM: 0.5–0.9 is
 * typical of prose). NaN for fewer than two units.
 */
public final class ConceptualDisplacement {
  private ConceptualDisplacement() {}

  /** Over the text's phrases (split at sentence and clause punctuation). */
  public static double ofText(String text, SentenceEmbedder embedder) {
    return of(Embeddings.phrases(text), embedder);
  }

  /** Over the given units, in order. */
  public static double of(List<String> units, SentenceEmbedder embedder) {
    if (units.size() < 2) return Double.NaN;
    float[][] e = embedder.embedAll(units);
    double s = 0;
    for (int i = 0; i + 1 < e.length; i++) s += 1 - Embeddings.cosine(e[i], e[i + 1]);
    return s / (e.length - 1);
  }
}
