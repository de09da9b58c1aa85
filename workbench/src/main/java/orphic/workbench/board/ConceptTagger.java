package orphic.workbench.board;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import orphic.workbench.embed.SentenceEmbedder;

/**
 * Abstract auto-tags, zero-shot: a fragment's tags are the concepts of a small vocabulary
 * ("temporal decay", "liminality", "grief", "sea", …) whose embeddings are nearest to the
 * fragment's, keeping the top {@code k} whose cosine reaches a threshold. No training: the sentence
 * embedder already places a text about waves near "sea".
 *
 * <p>The concept vectors are computed once and cached: in memory, and in a file (when given) keyed
 * by the embedder and the exact concept list, so a later process reads them instead of embedding.
 */
public final class ConceptTagger {
  /** The vocabulary shipped with Orphic (resources {@code orphic/workbench/board/concepts.txt}). */
  public static final String DEFAULT_RESOURCE = "/orphic/workbench/board/concepts.txt";
  public static final int DEFAULT_K = 3;
  /** MiniLM cosines between a sentence and a two-word concept rarely pass 0.5; 0.2 separates noise. */
  public static final double DEFAULT_THRESHOLD = 0.2;

  /** One concept and its cosine to the text. */
  public record Tag(String concept, double cosine) {}

  private final List<String> concepts;
  private final float[][] vectors;

  /**
   * @param cacheFile where to keep the concept vectors between runs, or null for memory only
   */
  public ConceptTagger(SentenceEmbedder embedder, List<String> concepts, Path cacheFile) {
    if (concepts.isEmpty()) throw new IllegalArgumentException("the concept vocabulary is empty");
    this.concepts = List.copyOf(concepts);
    String key = embedder.getClass().getName() + "/" + embedder.dimension() + "/" + String.join("\n", concepts).hashCode();
    float[][] cached = cacheFile == null ? null : readCache(cacheFile, key, concepts.size(), embedder.dimension());
    if (cached == null) {
      cached = new float[concepts.size()][];
      // One at a time: batch-independent vectors (see MiniLmEmbedder).
      for (int i = 0; i < cached.length; i++) cached[i] = embedder.embed(concepts.get(i));
      if (cacheFile != null) writeCache(cacheFile, key, cached);
    }
    this.vectors = cached;
  }

  /** The default vocabulary (about 60 concepts). */
  public static List<String> defaultConcepts() {
    try (InputStream in = ConceptTagger.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath; rebuild orphic-workbench");
      List<String> out = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        String s = line.strip();
        if (!s.isEmpty() && !s.startsWith("#")) out.add(s);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + DEFAULT_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  public List<String> concepts() {
    return concepts;
  }

  /** The top {@code k} concepts with cosine ≥ {@code threshold}, nearest first (ties by name). */
  public List<Tag> tag(float[] vector, int k, double threshold) {
    List<Tag> all = new ArrayList<>();
    for (int i = 0; i < concepts.size(); i++) {
      double c = Vectors.dot(vector, vectors[i]);
      if (c >= threshold) all.add(new Tag(concepts.get(i), c));
    }
    all.sort(Comparator.comparingDouble(Tag::cosine).reversed().thenComparing(Tag::concept));
    return List.copyOf(all.subList(0, Math.min(k, all.size())));
  }

  private static float[][] readCache(Path file, String key, int n, int dim) {
    if (!Files.isRegularFile(file)) return null;
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      if (!in.readUTF().equals(key) || in.readInt() != n || in.readInt() != dim) return null;
      float[][] v = new float[n][dim];
      for (float[] row : v) for (int j = 0; j < dim; j++) row[j] = in.readFloat();
      return v;
    } catch (IOException e) {
      return null; // a damaged cache is recomputed
    }
  }

  private static void writeCache(Path file, String key, float[][] v) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(tmp))) {
        out.writeUTF(key);
        out.writeInt(v.length);
        out.writeInt(v[0].length);
        for (float[] row : v) for (float x : row) out.writeFloat(x);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // The cache is an optimisation; without it the concepts are embedded again next time.
    }
  }
}
