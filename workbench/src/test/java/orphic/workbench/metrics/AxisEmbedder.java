package orphic.workbench.metrics;

import java.util.List;
import orphic.lm.metrics.DistinctN;
import orphic.workbench.embed.SentenceEmbedder;

/** A fake embedder for hand-computed cases: "sea", "fire", "stone" are the three axes; a text is its normalised word-count vector. */
final class AxisEmbedder implements SentenceEmbedder {
  static final List<String> AXES = List.of("sea", "fire", "stone");

  @Override
  public float[] embed(String text) {
    float[] v = new float[AXES.size()];
    for (String w : DistinctN.words(text)) {
      int i = AXES.indexOf(w);
      if (i >= 0) v[i]++;
    }
    double n = 0;
    for (float x : v) n += x * x;
    if (n > 0) for (int i = 0; i < v.length; i++) v[i] /= (float) Math.sqrt(n);
    return v;
  }

  @Override
  public float[][] embedAll(List<String> texts) {
    return texts.stream().map(this::embed).toArray(float[][]::new);
  }

  @Override
  public int dimension() {
    return AXES.size();
  }
}
