package orphic.workbench.board;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orphic.workbench.embed.MiniLmEmbedder;
import orphic.workbench.embed.SentenceEmbedder;
import orphic.workbench.store.Rows;
import orphic.workbench.store.Workspace;
import orphic.workbench.store.WorkspaceException;

/**
 * The mood board of a workspace (docs/board.md): boards and fragments in SQLite
 * ({@code moodboard_boards}, {@code moodboard_fragments}, the truth, embeddings included) and a
 * Lucene index in {@code indexes/board/} (derived: BM25 + HNSW vectors) for hybrid search.
 *
 * <p>Writes go database first, index second: {@link #add} commits the row (with its embedding and
 * auto-tags), then adds the document and commits the index with the highest fragment id in its
 * commit data. A crash between the two leaves the index behind; {@link #open} sees that (its last
 * id is below the database's) and indexes the missing rows. An index that disagrees otherwise (more
 * ids than the database, a different count) is rebuilt from the rows, and so is one Lucene cannot
 * read (damaged, or another format).
 *
 * <p>One {@code MoodBoard} per workspace at a time (Lucene's write lock); not thread-safe.
 */
public final class MoodBoard implements AutoCloseable {
  /** The index folder under the workspace's {@code indexes/}. */
  public static final String INDEX_DIR = "board";
  static final String CONCEPT_CACHE = "board-concepts.cache";
  public static final int AUTO_TAGS = ConceptTagger.DEFAULT_K;
  public static final double AUTO_TAG_THRESHOLD = ConceptTagger.DEFAULT_THRESHOLD;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS = "f.id, b.name, f.kind, f.text, f.path, f.tags, f.auto_tags, f.source, f.created";

  private final Workspace workspace;
  private final SentenceEmbedder embedder;
  private final String embedderId;
  private final ConceptTagger tagger;
  private final BoardIndex index;
  private final int caughtUp;

  private MoodBoard(Workspace workspace, SentenceEmbedder embedder, ConceptTagger tagger, BoardIndex index) {
    this.workspace = workspace;
    this.embedder = embedder;
    this.embedderId = embedder instanceof MiniLmEmbedder ? MiniLmEmbedder.MODEL_ID : embedder.getClass().getName() + "/" + embedder.dimension();
    this.tagger = tagger;
    this.index = index;
    this.caughtUp = catchUp();
  }

  /** Opens the board with the shipped concept vocabulary (vectors cached in {@code indexes/}). */
  public static MoodBoard open(Workspace workspace, SentenceEmbedder embedder) {
    ConceptTagger tagger = new ConceptTagger(embedder, ConceptTagger.defaultConcepts(), workspace.indexesDir().resolve(CONCEPT_CACHE));
    return open(workspace, embedder, tagger);
  }

  /** Opens the index (creating it), then catches it up with the database. */
  public static MoodBoard open(Workspace workspace, SentenceEmbedder embedder, ConceptTagger tagger) {
    BoardIndex index;
    try {
      index = BoardIndex.open(indexPath(workspace));
    } catch (BoardIndex.UnreadableIndex e) {
      // Derived data: drop it; the catch-up below rebuilds it from the rows.
      deleteTree(indexPath(workspace));
      index = BoardIndex.open(indexPath(workspace));
    }
    try {
      return new MoodBoard(workspace, embedder, tagger, index);
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
  }

  private static void deleteTree(Path dir) {
    try (var files = java.nio.file.Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not remove the unreadable index " + dir + ": " + e.getMessage()
          + "; delete it by hand, then run 'orphic board rebuild'", e);
    }
  }

  public static Path indexPath(Workspace workspace) {
    return workspace.indexesDir().resolve(INDEX_DIR);
  }

  /** How many fragments {@link #open} had to (re)index because the index was behind. */
  public int caughtUpOnOpen() {
    return caughtUp;
  }

  // ---- boards ----

  /**
   * The board with this name, created with {@code kind} when missing. With a non-null {@code kind}
   * an existing board of the other kind is an error; null accepts either (new boards are plain).
   */
  public Board board(String name, BoardKind kind) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty()) throw new IllegalArgumentException("a board needs a name");
    return workspace.inTransaction(c -> {
      Optional<Board> existing = findBoard(c, n);
      if (existing.isPresent()) {
        Board b = existing.get();
        if (kind != null && b.kind() != kind) {
          throw new WorkspaceException("board '" + b.name() + "' is a " + b.kind().sqlName() + ", not a " + kind.sqlName()
              + (kind == BoardKind.FAILURE_GARDEN ? "; use a new name for the failure garden" : "; drop --failure or choose another board"));
        }
        return b;
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO moodboard_boards(name, kind) VALUES (?, ?)")) {
        ps.setString(1, n);
        ps.setString(2, (kind == null ? BoardKind.BOARD : kind).sqlName());
        ps.executeUpdate();
      }
      return findBoard(c, n).orElseThrow();
    });
  }

  /** Every board, by name, with fragment counts. */
  public List<Board> boards() {
    return workspace.read(c -> {
      List<Board> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(BOARDS + " GROUP BY b.id ORDER BY b.name COLLATE NOCASE"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(board(rs));
      }
      return out;
    });
  }

  private static final String BOARDS = "SELECT b.id, b.name, b.kind, b.created, count(f.id) FROM moodboard_boards b"
      + " LEFT JOIN moodboard_fragments f ON f.board_id = b.id";

  private static Optional<Board> findBoard(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(BOARDS + " WHERE b.name = ? COLLATE NOCASE GROUP BY b.id")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(board(rs)) : Optional.empty();
      }
    }
  }

  private static Board board(ResultSet rs) throws SQLException {
    return new Board(rs.getLong(1), rs.getString(2), BoardKind.ofSql(rs.getString(3)), rs.getString(4), rs.getInt(5));
  }

  /** The board, or an error that says how to see the boards. */
  public Board requireBoard(String name) {
    return workspace.read(c -> findBoard(c, name.strip())).orElseThrow(() ->
        new WorkspaceException("no board '" + name + "' in " + workspace.root() + " (see 'orphic board list')"));
  }

  // ---- fragments ----

  /** Adds a fragment to the board (created as a plain board when missing). */
  public Fragment add(String board, FragmentInput in) {
    return add(board, null, in);
  }

  /**
   * Adds a fragment: embeds it, finds its concept tags, commits the row, then indexes it.
   *
   * @param kind required board kind (see {@link #board}); {@link BoardKind#FAILURE_GARDEN} for glitches
   */
  public Fragment add(String board, BoardKind kind, FragmentInput in) {
    long id = insert(board, kind, in);
    catchUp();
    return fragment(id).orElseThrow();
  }

  /** Adds several fragments in one database transaction and one index commit; returns them in order. */
  public List<Fragment> addAll(String board, BoardKind kind, List<FragmentInput> inputs) {
    List<Long> ids = insert(board, kind, inputs);
    catchUp();
    List<Fragment> out = new ArrayList<>();
    for (long id : ids) out.add(fragment(id).orElseThrow());
    return out;
  }

  /** The database half of {@link #add}: the row is committed; the index is not touched. */
  long insert(String board, BoardKind kind, FragmentInput in) {
    return insert(board, kind, List.of(in)).getFirst();
  }

  private List<Long> insert(String board, BoardKind kind, List<FragmentInput> inputs) {
    List<float[]> vecs = new ArrayList<>();
    for (FragmentInput in : inputs) vecs.add(embedder.embed(Fragment.searchableText(in.kind(), in.text(), in.tags())));
    return workspace.inTransaction(c -> {
      Board b = board(board, kind);
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO moodboard_fragments(board_id, kind, text, path, tags, auto_tags, source,"
          + " embedding, embedder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < inputs.size(); i++) {
          FragmentInput in = inputs.get(i);
          float[] v = vecs.get(i);
          ps.setLong(1, b.id());
          ps.setString(2, in.kind().sqlName());
          ps.setString(3, in.text());
          ps.setString(4, in.path());
          ps.setString(5, json(in.tags()));
          ps.setString(6, json(autoTags(v)));
          ps.setString(7, in.source());
          ps.setBytes(8, Vectors.toBlob(v));
          ps.setString(9, embedderId);
          ps.executeUpdate();
          ids.add(Rows.lastId(c));
        }
      }
      return ids;
    });
  }

  private List<String> autoTags(float[] v) {
    return tagger.tag(v, AUTO_TAGS, AUTO_TAG_THRESHOLD).stream().map(ConceptTagger.Tag::concept).toList();
  }

  public Optional<Fragment> fragment(long id) {
    List<Fragment> f = query("SELECT " + COLUMNS + " FROM moodboard_fragments f JOIN moodboard_boards b ON b.id = f.board_id WHERE f.id = ?", id);
    return f.isEmpty() ? Optional.empty() : Optional.of(f.getFirst());
  }

  /** The board's fragments, oldest first. */
  public List<Fragment> fragments(String board) {
    Board b = requireBoard(board);
    return query("SELECT " + COLUMNS + " FROM moodboard_fragments f JOIN moodboard_boards b ON b.id = f.board_id WHERE b.id = ? ORDER BY f.id", b.id());
  }

  /** Tags with fragment counts, most used first (then by name), over one board or all (null). */
  public List<TagCount> tags(String board) {
    Long boardId = board == null ? null : requireBoard(board).id();
    return workspace.read(c -> {
      List<TagCount> out = new ArrayList<>();
      String sql = """
          SELECT t.value, 0, count(*) FROM moodboard_fragments f, json_each(f.tags) t WHERE (? IS NULL OR f.board_id = ?) GROUP BY t.value
          UNION ALL
          SELECT t.value, 1, count(*) FROM moodboard_fragments f, json_each(f.auto_tags) t WHERE (? IS NULL OR f.board_id = ?) GROUP BY t.value
          ORDER BY 3 DESC, 1, 2""";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 1; i <= 4; i++) ps.setObject(i, boardId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(new TagCount(rs.getString(1), rs.getInt(2) == 1, rs.getInt(3)));
        }
      }
      return out;
    });
  }

  // ---- search ----

  /** Hybrid search with MMR and contrast picks; aligned picks first, then contrast picks. */
  public List<SearchHit> search(String board, String query, SearchOptions options) {
    if (query == null || query.isBlank()) throw new IllegalArgumentException("the query is empty");
    Board b = requireBoard(board);
    float[] q = embedder.embed(query);
    int pool = options.poolFactor() * options.k();
    List<Long> bm = index.bm25(b.id(), query, pool);
    List<Long> knn = index.knn(b.id(), q, pool);
    Map<Long, float[]> vectors = vectors(b.id());
    List<Pick> picks = HybridRanker.rank(q, bm, knn, vectors, options);
    List<SearchHit> out = new ArrayList<>();
    for (Pick p : picks) out.add(new SearchHit(fragment(p.id()).orElseThrow(), p));
    return out;
  }

  /** id → embedding of every fragment on the board, in id order. */
  Map<Long, float[]> vectors(long boardId) {
    return workspace.read(c -> {
      Map<Long, float[]> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, embedding FROM moodboard_fragments WHERE board_id = ? AND embedding IS NOT NULL ORDER BY id")) {
        ps.setLong(1, boardId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.put(rs.getLong(1), Vectors.fromBlob(rs.getBytes(2)));
        }
      }
      return out;
    });
  }

  // ---- index upkeep ----

  /** Rebuilds the index from the rows (re-embedding rows made by another embedder); returns the fragment count. */
  public int rebuild() {
    index.clear();
    return indexRows(0);
  }

  /** Indexes what the index lacks; rebuilds when it is inconsistent. Returns fragments (re)indexed. */
  private int catchUp() {
    long last = index.lastIndexedId();
    long[] maxAndCount = workspace.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(id), 0), count(*), (SELECT count(*) FROM moodboard_fragments WHERE id <= ?)"
          + " FROM moodboard_fragments")) {
        ps.setLong(1, last);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
      }
    });
    if (last > maxAndCount[0] || index.numDocs() != maxAndCount[2]) return rebuild();
    if (last == maxAndCount[0]) return 0;
    return indexRows(last);
  }

  /** Indexes every row with id > after (embedding rows that lack a vector from this embedder), then commits. */
  private int indexRows(long after) {
    record Row(long id, long board, String kind, String text, String tags, byte[] vec, String embedder) {}
    List<Row> rows = workspace.read(c -> {
      List<Row> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, board_id, kind, text, tags, embedding, embedder FROM moodboard_fragments WHERE id > ? ORDER BY id")) {
        ps.setLong(1, after);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBytes(6), rs.getString(7)));
        }
      }
      return out;
    });
    long max = after;
    for (Row r : rows) {
      String text = Fragment.searchableText(FragmentKind.ofSql(r.kind()), r.text(), list(r.tags()));
      float[] v;
      if (r.vec() != null && embedderId.equals(r.embedder())) {
        v = Vectors.fromBlob(r.vec());
      } else {
        // A row without a vector (or from another model): embed now and keep it in the row.
        v = embedder.embed(text);
        List<String> auto = autoTags(v);
        workspace.inTransaction(c -> {
          try (PreparedStatement ps = c.prepareStatement("UPDATE moodboard_fragments SET embedding = ?, embedder = ?, auto_tags = ? WHERE id = ?")) {
            ps.setBytes(1, Vectors.toBlob(v));
            ps.setString(2, embedderId);
            ps.setString(3, json(auto));
            ps.setLong(4, r.id());
            ps.executeUpdate();
          }
          return null;
        });
      }
      index.put(r.id(), r.board(), text, v);
      max = r.id();
    }
    index.commit(Math.max(max, index.lastIndexedId()));
    return rows.size();
  }

  // ---- rows ----

  private List<Fragment> query(String sql, Object arg) {
    return workspace.read(c -> {
      List<Fragment> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setObject(1, arg);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Fragment(rs.getLong(1), rs.getString(2), FragmentKind.ofSql(rs.getString(3)), rs.getString(4), rs.getString(5),
                list(rs.getString(6)), list(rs.getString(7)), rs.getString(8), rs.getString(9)));
          }
        }
      }
      return out;
    });
  }

  private static String json(List<String> v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> list(String json) {
    try {
      return JSON.readValue(json, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new WorkspaceException("a mood-board tag column holds invalid JSON: " + json);
    }
  }

  /** Closes the index (the workspace stays open: it belongs to the caller). */
  @Override
  public void close() {
    index.close();
  }

  /** Closes without committing pending index changes, as a crash would (for tests). */
  void abandon() {
    index.abandon();
  }
}
