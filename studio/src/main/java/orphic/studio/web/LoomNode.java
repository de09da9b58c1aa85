package orphic.studio.web;

import java.util.List;
import java.util.Map;

/**
 * One node of a document's loom, the tree of every continuation. The text at a node is the text of
 * its ancestors followed by its own; a root holds a whole text as the writer left it.
 *
 * @param id identifier, unique within the document
 * @param parent the parent node, or null for a root
 * @param kind "writer" (text the writer typed) or "model" (a generated continuation)
 * @param text the text this node adds after its parent's
 * @param tokens for model nodes, each token with its statistics (empty for writer nodes)
 * @param meta how the node was made: model, sampler settings, seed, stop reason
 * @param created milliseconds since the epoch
 */
public record LoomNode(String id, String parent, String kind, String text, List<TokenRecord> tokens, Map<String, Object> meta, long created) {
  public LoomNode {
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    meta = meta == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(meta));
  }

  /** A token as generated: its id, the text it added, its probability, the entropy (bits) of its distribution, and the top candidates. */
  public record TokenRecord(int id, String text, double p, double entropy, List<Alternative> top) {
    public TokenRecord {
      top = top == null ? List.of() : List.copyOf(top);
    }
  }

  /** A candidate of a token's distribution. */
  public record Alternative(int id, String text, double p) {}
}
