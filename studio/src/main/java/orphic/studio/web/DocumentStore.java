package orphic.studio.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the studio keeps documents: {@link WorkspaceStore}, the SQLite workspace. Thread-safe.
 */
public interface DocumentStore {
  List<Document> list() throws IOException;

  Optional<Document> get(String id) throws IOException;

  Document create(String title, String text, Map<String, Object> settings) throws IOException;

  /** Replaces the stored document of the same id (which must exist); returns it with its new update time. */
  Document put(Document document) throws IOException;

  /** Deletes the document and its loom; false when there was none. */
  boolean delete(String id) throws IOException;
}
