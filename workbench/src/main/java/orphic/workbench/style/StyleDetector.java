package orphic.workbench.style;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orphic.workbench.embed.SentenceEmbedder;

/**
 * Which known style a text is written in: scores per style that sum to 1, e.g. {@code
 * {"liturgical": 0.87, "dialogue": 0.09, ...}}.
 *
 * <p>The text is cut into chunks of the space's chunk size ({@link TextChunker#forScoring}: a text
 * shorter than a chunk is scored whole); each chunk's style vector gets {@link StyleSpace#scores}
 * (softmax over cosine to each style centroid divided by the training temperature), and the text's
 * scores are the mean over its chunks; a text of more than {@link #MAX_CHUNKS} chunks is scored on
 * that many evenly spaced ones (a whole book would otherwise take minutes). Thread-safe when the
 * embedder is.
 */
public final class StyleDetector {
  /** Chunks scored per text at most (evenly spaced). */
  public static final int MAX_CHUNKS = 64;

  private final StyleSpace space;
  private final SentenceEmbedder embedder;

  public StyleDetector(StyleSpace space, SentenceEmbedder embedder) {
    if (embedder.dimension() != space.embeddingDim()) {
      throw new IllegalArgumentException("this style space was trained on " + space.embeddingDim() + "-d embeddings (" + space.embedder()
          + ") but the embedder gives " + embedder.dimension() + "-d ones");
    }
    if (StyleFeatures.width(embedder.dimension()) != space.inputDim()) {
      throw new IllegalArgumentException("this style space takes " + space.inputDim() + " features; this build makes "
          + StyleFeatures.width(embedder.dimension()) + ": retrain it with this version of Orphic");
    }
    this.space = space;
    this.embedder = embedder;
  }

  /** Loads the space saved in {@code dir}. */
  public static StyleDetector load(Path dir, SentenceEmbedder embedder) throws IOException {
    return new StyleDetector(StyleSpace.load(dir), embedder);
  }

  public StyleSpace space() {
    return space;
  }

  /** Style name → score, highest first. */
  public LinkedHashMap<String, Double> detect(String text) {
    if (text == null) throw new IllegalArgumentException("the text is null: give some words to score");
    List<String> chunks = StyleTrainer.evenly(TextChunker.forScoring(text, space.chunkChars()), MAX_CHUNKS);
    double[] mean = new double[space.labels().size()];
    for (double[] s : scoreChunks(chunks)) for (int k = 0; k < mean.length; k++) mean[k] += s[k] / chunks.size();
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < mean.length; k++) order.add(k);
    order.sort(Comparator.comparingDouble((Integer k) -> -mean[k]));
    LinkedHashMap<String, Double> out = new LinkedHashMap<>();
    for (int k : order) out.put(space.labels().get(k), mean[k]);
    return out;
  }

  /** Scores (labels order) of each already-cut chunk. */
  public double[][] scoreChunks(List<String> chunks) {
    float[][] features = StyleFeatures.of(embedder, chunks);
    double[][] out = new double[chunks.size()][];
    for (int i = 0; i < out.length; i++) out[i] = space.scores(space.vector(features[i]));
    return out;
  }

  /**
   * Chunk-level accuracy on labelled chunks: {@code chunks.get(name)} are chunks of the known style
   * {@code name}. Unknown names are an error that lists the known ones.
   */
  public StyleEvaluation evaluate(Map<String, List<String>> chunks) {
    List<String> labels = space.labels();
    List<Integer> truth = new ArrayList<>(), predicted = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : chunks.entrySet()) {
      int t = labels.indexOf(e.getKey());
      if (t < 0) throw new IllegalArgumentException("style '" + e.getKey() + "' is not in this style space; it knows " + labels);
      if (e.getValue().isEmpty()) continue;
      for (double[] s : scoreChunks(e.getValue())) {
        truth.add(t);
        predicted.add(argmax(s));
      }
    }
    return StyleEvaluation.of(labels, truth.stream().mapToInt(i -> i).toArray(), predicted.stream().mapToInt(i -> i).toArray());
  }

  static int argmax(double[] s) {
    int best = 0;
    for (int k = 1; k < s.length; k++) if (s[k] > s[best]) best = k;
    return best;
  }
}
