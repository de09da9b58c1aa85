package orphic.workbench.board;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The mood board's Lucene index ({@code WORKSPACE/indexes/board/}): one document per fragment with
 * its id, board id, BM25 text field (English analyzer: stop words, Porter stemming) and an HNSW
 * {@link KnnFloatVectorField} (cosine) holding its sentence embedding.
 *
 * <p>Derived data: the SQLite rows are the truth and the index can be rebuilt from them. Each
 * commit records in its user data the highest fragment id it contains ({@link #LAST_ID}), so an
 * index left behind by a crash between the database commit and the index commit is detected and
 * caught up on open ({@link MoodBoard#open}).
 */
final class BoardIndex implements AutoCloseable {
  static final String LAST_ID = "last_fragment_id";
  static final String F_ID = "id";
  static final String F_BOARD = "board";
  static final String F_TEXT = "text";
  static final String F_VEC = "vec";

  /** Lucene announces its SIMD setup at INFO on stderr on first use; keep CLI output clean (held: JUL keeps loggers weakly). */
  private static final java.util.logging.Logger LUCENE_SIMD_LOG = java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

  static {
    LUCENE_SIMD_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final Directory dir;
  private final Analyzer analyzer = new EnglishAnalyzer();
  private final IndexWriter writer;
  private DirectoryReader reader;

  private BoardIndex(Directory dir, IndexWriter writer) throws IOException {
    this.dir = dir;
    this.writer = writer;
    this.reader = DirectoryReader.open(writer);
  }

  static BoardIndex open(Path path) {
    try {
      Files.createDirectories(path);
      Directory d = FSDirectory.open(path);
      IndexWriterConfig cfg = new IndexWriterConfig(new EnglishAnalyzer());
      cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
      cfg.setCommitOnClose(false); // only commit() records the last indexed id
      return new BoardIndex(d, new IndexWriter(d, cfg));
    } catch (LockObtainFailedException e) {
      throw new UncheckedIOException("the mood-board index " + path + " is open in another Orphic process (a board command or the studio);"
          + " try again when it has finished", e);
    } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
      throw new UnreadableIndex(path, e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open the mood-board index " + path + ": " + e.getMessage(), e);
    }
  }

  /** The index on disk cannot be read (damaged, or written by another Lucene format): rebuildable. */
  static final class UnreadableIndex extends UncheckedIOException {
    UnreadableIndex(Path path, IOException cause) {
      super("the mood-board index " + path + " is unreadable (" + cause.getMessage() + ")", cause);
    }
  }

  /** The highest fragment id in the last commit; 0 for a new index. */
  long lastIndexedId() {
    Map<String, String> data = new HashMap<>();
    Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
    if (live != null) live.forEach(e -> data.put(e.getKey(), e.getValue()));
    String v = data.get(LAST_ID);
    return v == null ? 0 : Long.parseLong(v);
  }

  int numDocs() {
    return reader.numDocs();
  }

  /** Adds (or replaces) one fragment's document; invisible until {@link #commit}. */
  void put(long id, long boardId, String text, float[] vector) {
    Document d = new Document();
    d.add(new StringField(F_ID, Long.toString(id), Field.Store.YES));
    d.add(new StringField(F_BOARD, Long.toString(boardId), Field.Store.NO));
    d.add(new TextField(F_TEXT, text, Field.Store.NO));
    d.add(new KnnFloatVectorField(F_VEC, vector, VectorSimilarityFunction.COSINE));
    try {
      writer.updateDocument(new Term(F_ID, Long.toString(id)), d);
    } catch (IOException e) {
      throw new UncheckedIOException("could not index fragment " + id + ": " + e.getMessage(), e);
    }
  }

  /** Drops every document (before a rebuild). */
  void clear() {
    try {
      writer.deleteAll();
    } catch (IOException e) {
      throw new UncheckedIOException("could not clear the mood-board index: " + e.getMessage(), e);
    }
  }

  /** Makes the pending changes durable, recording {@code lastId}, and refreshes the searcher. */
  void commit(long lastId) {
    try {
      writer.setLiveCommitData(Map.of(LAST_ID, Long.toString(lastId)).entrySet());
      writer.commit();
      DirectoryReader fresh = DirectoryReader.openIfChanged(reader, writer);
      if (fresh != null) {
        reader.close();
        reader = fresh;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not commit the mood-board index: " + e.getMessage(), e);
    }
  }

  /** Fragment ids on the board by BM25 over the query's analysed terms, best first (ties: index order). */
  List<Long> bm25(long boardId, String query, int n) {
    BooleanQuery.Builder words = new BooleanQuery.Builder();
    int terms = 0;
    try (TokenStream ts = analyzer.tokenStream(F_TEXT, query)) {
      CharTermAttribute att = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        words.add(new TermQuery(new Term(F_TEXT, att.toString())), BooleanClause.Occur.SHOULD);
        terms++;
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("could not analyse the query: " + e.getMessage(), e);
    }
    if (terms == 0) return List.of();
    BooleanQuery q = new BooleanQuery.Builder()
        .add(words.build(), BooleanClause.Occur.MUST)
        .add(new TermQuery(new Term(F_BOARD, Long.toString(boardId))), BooleanClause.Occur.FILTER)
        .build();
    return ids(q, n);
  }

  /** Fragment ids on the board by HNSW nearest neighbours of {@code vector}, nearest first. */
  List<Long> knn(long boardId, float[] vector, int n) {
    return ids(new KnnFloatVectorQuery(F_VEC, vector, n, new TermQuery(new Term(F_BOARD, Long.toString(boardId)))), n);
  }

  private List<Long> ids(org.apache.lucene.search.Query q, int n) {
    try {
      IndexSearcher s = new IndexSearcher(reader);
      TopDocs top = s.search(q, Math.max(1, n));
      StoredFields stored = s.storedFields();
      List<Long> out = new ArrayList<>();
      for (ScoreDoc sd : top.scoreDocs) out.add(Long.parseLong(stored.document(sd.doc).get(F_ID)));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("mood-board index search failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
      writer.close();
      dir.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not close the mood-board index: " + e.getMessage(), e);
    }
  }

  /** Closes without committing pending changes: what a crash leaves (for tests). */
  void abandon() {
    try {
      reader.close();
      writer.rollback();
      dir.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
