package orphic.workbench.embed;

import java.util.List;

/**
 * Text → a fixed-width vector whose cosine similarity tracks similarity of meaning. Vectors are
 * L2-normalised, so a dot product is the cosine.
 */
public interface SentenceEmbedder {
  /** One text → [dimension()], unit length. */
  float[] embed(String text);

  /** Many texts → one unit vector each, in input order; implementations batch for throughput. */
  float[][] embedAll(List<String> texts);

  /** Width of every vector. */
  int dimension();
}
