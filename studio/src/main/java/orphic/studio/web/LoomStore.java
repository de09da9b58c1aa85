package orphic.studio.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the studio keeps each document's loom (the tree of continuations): {@link WorkspaceStore},
 * the SQLite workspace's branches table. Thread-safe.
 */
public interface LoomStore {
  /** Adds a node under {@code parent} (null: a new root) and returns it. */
  LoomNode add(String documentId, String parent, String kind, String text, List<LoomNode.TokenRecord> tokens, Map<String, Object> meta)
      throws IOException;

  /** Every node of the document's loom, oldest first. */
  List<LoomNode> nodes(String documentId) throws IOException;

  default Optional<LoomNode> node(String documentId, String nodeId) throws IOException {
    for (LoomNode n : nodes(documentId)) if (n.id().equals(nodeId)) return Optional.of(n);
    return Optional.empty();
  }

  /** The nodes from a root down to {@code nodeId}, root first; empty when there is no such node. */
  default List<LoomNode> path(String documentId, String nodeId) throws IOException {
    Map<String, LoomNode> byId = new java.util.HashMap<>();
    for (LoomNode n : nodes(documentId)) byId.put(n.id(), n);
    List<LoomNode> path = new ArrayList<>();
    for (LoomNode n = byId.get(nodeId); n != null && path.size() <= byId.size(); n = n.parent() == null ? null : byId.get(n.parent())) path.add(n);
    Collections.reverse(path);
    return path;
  }

  /** The whole text at a node: its ancestors' texts and its own. */
  default String text(String documentId, String nodeId) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (LoomNode n : path(documentId, nodeId)) sb.append(n.text());
    return sb.toString();
  }
}
