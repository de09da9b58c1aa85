package orphic.studio.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import orphic.engine.io.AtomicFiles;

/**
 * Documents and looms as JSON files under {@code <workspace>/studio/}: {@code documents/<id>.json}
 * and {@code loom/<id>.json}, each written atomically (temporary file, fsync, rename), so a crash
 * leaves the old or the new file, never half of one.
 *
 * <p><b>Temporary:</b> the SQLite workspace (orphic.workbench.store: documents and branches
 * tables) replaces this class behind {@link DocumentStore} and {@link LoomStore}. One process
 * writes at a time (methods are synchronized); fine for one writer's studio.
 */
public final class JsonFileStore implements DocumentStore, LoomStore {
  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Path documents;
  private final Path looms;

  public JsonFileStore(Path workspace) throws IOException {
    Path root = workspace.resolve("studio");
    this.documents = Files.createDirectories(root.resolve("documents"));
    this.looms = Files.createDirectories(root.resolve("loom"));
  }

  /** Ids are generated here; anything else (e.g. "../x" from a URL) simply does not exist. */
  static boolean validId(String id) {
    return id != null && id.matches("[a-z0-9]{1,40}");
  }

  private static String newId() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
  }

  private Path documentFile(String id) {
    return documents.resolve(id + ".json");
  }

  private Path loomFile(String id) {
    return looms.resolve(id + ".json");
  }

  // ------------------------------------------------------------------ documents

  @Override
  public synchronized List<Document> list() throws IOException {
    List<Document> out = new ArrayList<>();
    try (var files = Files.list(documents)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (!name.endsWith(".json") || name.startsWith(".")) continue;
        out.add(JSON.readValue(p.toFile(), Document.class));
      }
    }
    out.sort(Comparator.comparingLong(Document::updated).reversed());
    return out;
  }

  @Override
  public synchronized Optional<Document> get(String id) throws IOException {
    if (!validId(id) || !Files.isRegularFile(documentFile(id))) return Optional.empty();
    return Optional.of(JSON.readValue(documentFile(id).toFile(), Document.class));
  }

  @Override
  public synchronized Document create(String title, String text, Map<String, Object> settings) throws IOException {
    String id;
    do id = newId(); while (Files.exists(documentFile(id)));
    long now = System.currentTimeMillis();
    Document d = new Document(id, title, text, settings, null, now, now);
    write(documentFile(id), d);
    return d;
  }

  @Override
  public synchronized Document put(Document d) throws IOException {
    if (get(d.id()).isEmpty()) throw ApiError.notFound("document " + d.id());
    Document stored = new Document(d.id(), d.title(), d.text(), d.settings(), d.head(), d.created(), System.currentTimeMillis());
    write(documentFile(d.id()), stored);
    return stored;
  }

  @Override
  public synchronized boolean delete(String id) throws IOException {
    if (!validId(id)) return false;
    Files.deleteIfExists(loomFile(id));
    return Files.deleteIfExists(documentFile(id));
  }

  // ------------------------------------------------------------------ loom

  private record LoomFile(List<LoomNode> nodes) {}

  @Override
  public synchronized LoomNode add(String documentId, String parent, String kind, String text, List<LoomNode.TokenRecord> tokens,
      Map<String, Object> meta) throws IOException {
    if (get(documentId).isEmpty()) throw ApiError.notFound("document " + documentId);
    List<LoomNode> nodes = new ArrayList<>(nodes(documentId));
    if (parent != null && nodes.stream().noneMatch(n -> n.id().equals(parent))) throw ApiError.notFound("loom node " + parent);
    String id;
    do id = newId(); while (contains(nodes, id));
    LoomNode node = new LoomNode(id, parent, kind, text, tokens, meta, System.currentTimeMillis());
    nodes.add(node);
    write(loomFile(documentId), new LoomFile(nodes));
    return node;
  }

  private static boolean contains(List<LoomNode> nodes, String id) {
    for (LoomNode n : nodes) if (n.id().equals(id)) return true;
    return false;
  }

  @Override
  public synchronized List<LoomNode> nodes(String documentId) throws IOException {
    if (!validId(documentId) || !Files.isRegularFile(loomFile(documentId))) return List.of();
    LoomFile f = JSON.readValue(loomFile(documentId).toFile(), LoomFile.class);
    return f.nodes() == null ? List.of() : f.nodes();
  }

  private static void write(Path file, Object value) throws IOException {
    AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(value));
  }
}
