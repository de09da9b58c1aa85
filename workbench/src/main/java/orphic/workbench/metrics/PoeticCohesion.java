package orphic.workbench.metrics;

import orphic.workbench.embed.SentenceEmbedder;

/**
 * Poetic cohesion: how close an output stays to its prompt in meaning — the cosine of their
 * sentence embeddings, {@code cos(e_prompt, e_output)} in [−1, 1] (MiniLM rarely goes below 0).
 */
public final class PoeticCohesion {
  private PoeticCohesion() {}

  public static double of(String prompt, String output, SentenceEmbedder embedder) {
    return Embeddings.cosine(embedder.embed(prompt), embedder.embed(output));
  }
}
