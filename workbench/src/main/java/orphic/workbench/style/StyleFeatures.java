package orphic.workbench.style;

import java.util.List;
import orphic.workbench.embed.SentenceEmbedder;

/** The raw feature row of a chunk: its sentence embedding followed by its {@link StylometricFeatures}. */
public final class StyleFeatures {
  private StyleFeatures() {}

  /** Width of a row for an embedder of width {@code embeddingDim}. */
  public static int width(int embeddingDim) {
    return embeddingDim + StylometricFeatures.WIDTH;
  }

  /** One row per chunk, [embedding ‖ stylometric], in input order. */
  public static float[][] of(SentenceEmbedder embedder, List<String> chunks) {
    float[][] emb = embedder.embedAll(chunks);
    int e = embedder.dimension();
    float[][] out = new float[chunks.size()][];
    for (int i = 0; i < out.length; i++) {
      float[] row = new float[width(e)];
      System.arraycopy(emb[i], 0, row, 0, e);
      System.arraycopy(StylometricFeatures.of(chunks.get(i)), 0, row, e, StylometricFeatures.WIDTH);
      out[i] = row;
    }
    return out;
  }
}
