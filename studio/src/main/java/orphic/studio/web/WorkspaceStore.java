package orphic.studio.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import orphic.workbench.store.Branch;
import orphic.workbench.store.Branches;
import orphic.workbench.store.Documents;
import orphic.workbench.store.Workspace;

/**
 * Documents and looms in the SQLite workspace ({@code orphic.db}: the {@code documents} and
 * {@code branches} tables, docs/workspace.md).
 *
 * <p><b>Threads.</b> A {@link Workspace} owns one connection and is not thread-safe. The studio's
 * requests are short (a row or a tree), so one connection guarded by a lock serves them all: each
 * call holds the lock for its statements only, never while a model computes. SQLite serialises
 * writers anyway, and this keeps the WAL and its checkpoints in one place. Another process (the
 * CLI's lexicon commands) may use the database at the same time; the busy timeout makes it wait.
 *
 * <p><b>Mapping.</b> A studio id is the row id in decimal. The page's settings are the
 * {@code settings} JSON, with the document's loom head kept beside them under {@value #HEAD}
 * (removed on reading). A loom node's kind, tokens and meta are its branch's {@code metadata}
 * JSON; its text is the branch text. Times are the tables' ISO-8601 stamps, in milliseconds.
 */
public final class WorkspaceStore implements DocumentStore, LoomStore, AutoCloseable {
  static final String HEAD = "loom_head";
  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Workspace workspace;
  private final Documents documents;
  private final Branches branches;
  private final ReentrantLock lock = new ReentrantLock();

  /** Uses (and closes, with {@link #close}) an open workspace. */
  public WorkspaceStore(Workspace workspace) {
    this.workspace = workspace;
    this.documents = new Documents(workspace);
    this.branches = new Branches(workspace);
  }

  /** Creates the workspace if missing ({@link Workspace#init}) and opens it. */
  public static WorkspaceStore init(java.nio.file.Path dir) {
    return new WorkspaceStore(Workspace.init(dir));
  }

  /** Runs {@code work} with the workspace, alone (for lexicon and other tables the studio reads). */
  public <T> T with(Function<Workspace, T> work) {
    lock.lock();
    try {
      return work.apply(workspace);
    } finally {
      lock.unlock();
    }
  }

  /** A studio id as a row id; -1 (no such row) for anything that is not one, e.g. "../x". */
  static long rowId(String id) {
    if (id == null || !id.matches("[0-9]{1,18}")) return -1;
    return Long.parseLong(id);
  }

  // ------------------------------------------------------------------ documents

  @Override
  public List<Document> list() {
    return with(ws -> {
      List<Document> out = new ArrayList<>();
      for (var d : documents.list()) out.add(toStudio(d));
      return out;
    });
  }

  @Override
  public Optional<Document> get(String id) {
    long row = rowId(id);
    if (row < 0) return Optional.empty();
    return with(ws -> documents.get(row).map(WorkspaceStore::toStudio));
  }

  @Override
  public Document create(String title, String text, Map<String, Object> settings) {
    return with(ws -> toStudio(documents.create(title, text, settingsJson(settings, null))));
  }

  @Override
  public Document put(Document d) {
    long row = rowId(d.id());
    return with(ws -> {
      if (row < 0 || documents.get(row).isEmpty()) throw ApiError.notFound("document " + d.id());
      return toStudio(documents.update(row, d.title(), d.text(), settingsJson(d.settings(), d.head())));
    });
  }

  @Override
  public boolean delete(String id) {
    long row = rowId(id);
    return row >= 0 && with(ws -> documents.delete(row));
  }

  private static Document toStudio(orphic.workbench.store.Document d) {
    Map<String, Object> settings = parse(d.settingsJson());
    Object head = settings.remove(HEAD);
    return new Document(String.valueOf(d.id()), d.title(), d.text(), settings, head instanceof String h ? h : null,
        millis(d.created()), millis(d.updated()));
  }

  private static String settingsJson(Map<String, Object> settings, String head) {
    Map<String, Object> all = new LinkedHashMap<>(settings == null ? Map.of() : settings);
    all.remove(HEAD);
    if (head != null) all.put(HEAD, head);
    return write(all);
  }

  // ------------------------------------------------------------------ loom

  /** What a branch's metadata holds for the studio. */
  private record NodeMeta(String kind, List<LoomNode.TokenRecord> tokens, Map<String, Object> meta) {}

  @Override
  public LoomNode add(String documentId, String parent, String kind, String text, List<LoomNode.TokenRecord> tokens, Map<String, Object> meta) {
    long doc = rowId(documentId);
    return with(ws -> ws.inTransaction(c -> {
      if (doc < 0 || documents.get(doc).isEmpty()) throw ApiError.notFound("document " + documentId);
      Long parentRow = null;
      if (parent != null) {
        long p = rowId(parent);
        Optional<Branch> b = p < 0 ? Optional.empty() : branches.get(p);
        if (b.isEmpty() || b.get().documentId() != doc) throw ApiError.notFound("loom node " + parent);
        parentRow = p;
      }
      return toNode(branches.add(doc, parentRow, text, write(new NodeMeta(kind, tokens, meta))));
    }));
  }

  @Override
  public List<LoomNode> nodes(String documentId) {
    long doc = rowId(documentId);
    if (doc < 0) return List.of();
    return with(ws -> {
      List<LoomNode> out = new ArrayList<>();
      for (Branch b : branches.tree(doc)) out.add(toNode(b));
      return out;
    });
  }

  @Override
  public Optional<LoomNode> node(String documentId, String nodeId) {
    long doc = rowId(documentId);
    long row = rowId(nodeId);
    if (doc < 0 || row < 0) return Optional.empty();
    return with(ws -> branches.get(row).filter(b -> b.documentId() == doc).map(WorkspaceStore::toNode));
  }

  @Override
  public List<LoomNode> path(String documentId, String nodeId) {
    long doc = rowId(documentId);
    long row = rowId(nodeId);
    if (doc < 0 || row < 0) return List.of();
    return with(ws -> {
      if (branches.get(row).filter(b -> b.documentId() == doc).isEmpty()) return List.<LoomNode>of();
      List<LoomNode> out = new ArrayList<>();
      for (Branch b : branches.path(row)) out.add(toNode(b));
      return out;
    });
  }

  private static LoomNode toNode(Branch b) {
    NodeMeta m;
    try {
      m = JSON.readValue(b.metadataJson(), NodeMeta.class);
    } catch (JsonProcessingException e) {
      m = new NodeMeta("writer", List.of(), Map.of());
    }
    String kind = m.kind() == null ? "writer" : m.kind();
    return new LoomNode(String.valueOf(b.id()), b.parentId() == null ? null : String.valueOf(b.parentId()), kind, b.text(), m.tokens(), m.meta(),
        millis(b.created()));
  }

  // ------------------------------------------------------------------ JSON and time

  private static Map<String, Object> parse(String json) {
    try {
      Map<String, Object> m = json == null ? null : JSON.readValue(json, MAP);
      return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
    } catch (JsonProcessingException e) {
      return new LinkedHashMap<>();
    }
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON: " + e.getMessage(), e);
    }
  }

  static long millis(String iso) {
    try {
      return iso == null ? 0 : Instant.parse(iso).toEpochMilli();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    with(ws -> {
      ws.close();
      return null;
    });
  }
}
