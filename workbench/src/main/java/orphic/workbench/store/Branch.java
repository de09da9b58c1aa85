package orphic.workbench.store;

/**
 * One node of a document's loom: a continuation of its parent (or of the document itself when
 * {@code parentId} is null). {@code metadataJson} is a JSON object (model, sampler settings, token
 * probabilities, bookmarks…).
 */
public record Branch(long id, long documentId, Long parentId, String text, String created, String metadataJson) {}
