package orphic.studio.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import orphic.workbench.board.Fragment;
import orphic.workbench.embed.SentenceEmbedder;
import orphic.workbench.style.StyleDetector;
import orphic.workbench.style.StyleFeatures;
import orphic.workbench.style.StyleSpace;
import orphic.workbench.style.StyleTrainer;
import orphic.workbench.style.TextChunker;

/**
 * The style map's API (docs/studio-api.md, "Style map"): the current document's chunks, the mood
 * boards' fragments and the document's generations (its loom's model nodes) as points on a 2-D map.
 * With a trained style space in {@code WORKSPACE/styles/} each text is its style vector and is
 * labelled with the detector's top style; without one it is its MiniLM sentence embedding, labelled
 * by kind. Vectors are projected by {@link Pca} (why not UMAP: see there). Embeddings are made one
 * at a time (batch 1), so a text's point depends on that text only and the same data draws the same map.
 */
final class StyleMapApi {
  static final int MAX_CHUNKS = 60;
  static final int MAX_FRAGMENTS = 100;
  static final int MAX_GENERATIONS = 100;
  /** Chunk size without a style space (with one, the space's own). */
  static final int CHUNK_CHARS = 300;
  /** Text shown on hover, at most. */
  static final int MAX_SHOWN = 600;

  private final StudioConfig config;
  private final DocumentStore documents;
  private final LoomStore loom;
  private final BoardApi boards;

  StyleMapApi(StudioConfig config, DocumentStore documents, LoomStore loom, BoardApi boards) {
    this.config = config;
    this.documents = documents;
    this.loom = loom;
    this.boards = boards;
  }

  private record Item(String id, String kind, String text) {}

  /** GET /api/stylemap?document=ID. */
  void map(Context ctx) throws IOException {
    String id = ctx.queryParam("document");
    if (id == null || id.isBlank()) throw ApiError.badRequest("'document' is missing", "ask for /api/stylemap?document=ID (ids from GET /api/documents)");
    Document doc = documents.get(id).orElseThrow(() -> new ApiError(404, "no document '" + id + "'", "list them with GET /api/documents"));
    BoardApi.Snapshot snap = boards.snapshot(MAX_FRAGMENTS);
    SentenceEmbedder embedder = snap.embedder();
    StyleDetector detector = detector(embedder);
    int chunkChars = detector != null ? detector.space().chunkChars() : CHUNK_CHARS;

    List<Item> items = new ArrayList<>();
    if (!doc.text().isBlank()) {
      List<String> chunks = StyleTrainer.evenly(TextChunker.forScoring(doc.text(), chunkChars), MAX_CHUNKS);
      for (int i = 0; i < chunks.size(); i++) items.add(new Item("chunk-" + i, "chunk", chunks.get(i)));
    }
    for (Fragment f : snap.fragments()) items.add(new Item("fragment-" + f.id(), "fragment", f.text()));
    List<LoomNode> generated = new ArrayList<>();
    for (LoomNode n : loom.nodes(doc.id())) if ("model".equals(n.kind()) && !n.text().isBlank()) generated.add(n);
    for (LoomNode n : generated.subList(Math.max(0, generated.size() - MAX_GENERATIONS), generated.size())) {
      items.add(new Item("generation-" + n.id(), "generation", n.text()));
    }

    List<String> texts = items.stream().map(Item::text).toList();
    float[][] vectors;
    String[] labels = new String[items.size()];
    List<Map<String, Double>> scores = new ArrayList<>();
    if (texts.isEmpty()) {
      vectors = new float[0][];
    } else if (detector != null) {
      StyleSpace space = detector.space();
      float[][] features = StyleFeatures.of(embedder, texts);
      vectors = new float[texts.size()][];
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = space.vector(features[i]);
        double[] s = space.scores(vectors[i]);
        int top = 0;
        Map<String, Double> named = new LinkedHashMap<>();
        for (int k = 0; k < s.length; k++) {
          named.put(space.labels().get(k), s[k]);
          if (s[k] > s[top]) top = k;
        }
        labels[i] = space.labels().get(top);
        scores.add(named);
      }
    } else {
      vectors = embedder.embedAll(texts);
      for (int i = 0; i < labels.length; i++) labels[i] = items.get(i).kind();
    }
    Pca.Projection p = Pca.project(vectors, 2);

    List<Map<String, Object>> points = new ArrayList<>();
    LinkedHashSet<String> legend = new LinkedHashSet<>();
    if (detector != null) legend.addAll(detector.space().labels());
    else legend.addAll(List.of("chunk", "fragment", "generation"));
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", it.id());
      m.put("kind", it.kind());
      m.put("label", labels[i]);
      if (detector != null) {
        m.put("style", labels[i]);
        m.put("scores", scores.get(i));
      }
      m.put("x", p.coordinates()[i][0]);
      m.put("y", p.coordinates()[i][1]);
      String t = it.text();
      m.put("text", t.length() > MAX_SHOWN ? t.substring(0, MAX_SHOWN) + "…" : t);
      points.add(m);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("document", doc.id());
    answer.put("vectors", detector != null ? "style-space" : "minilm");
    answer.put("colour_by", detector != null ? "style" : "kind");
    answer.put("projection", "pca");
    answer.put("explained", p.explained());
    answer.put("labels", List.copyOf(legend));
    answer.put("points", points);
    Json.send(ctx, 200, answer);
  }

  /** The workspace's trained style space, or null when there is none. */
  private StyleDetector detector(SentenceEmbedder embedder) {
    Path dir = config.workspace().resolve("styles");
    if (!Files.isRegularFile(dir.resolve(StyleSpace.JSON))) return null;
    try {
      return StyleDetector.load(dir, embedder);
    } catch (IOException | RuntimeException e) {
      throw new ApiError(500, "the style space in " + dir + " cannot be read: " + e.getMessage(),
          "retrain it with ./orphic style train … --out " + dir + ", or move it away to map by MiniLM embeddings");
    }
  }
}
