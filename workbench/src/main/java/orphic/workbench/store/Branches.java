package orphic.workbench.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The loom: a tree of continuations per document in the {@code branches} table. A branch's full
 * text is the document text followed by the texts along the path from a root branch to it
 * ({@link #path}). Deleting a branch deletes its subtree (foreign-key cascade).
 */
public final class Branches {
    private final Workspace workspace;

    public Branches(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Adds a continuation of {@code parentId} (null: of the document itself). */
    public Branch add(long documentId, Long parentId, String text, String metadataJson) {
        return workspace.inTransaction(c -> {
            if (parentId != null) {
                Branch parent = get(parentId).orElseThrow(() -> new WorkspaceException("no branch with id " + parentId));
                if (parent.documentId() != documentId) {
                    throw new WorkspaceException("branch " + parentId + " belongs to document " + parent.documentId() + ", not " + documentId);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO branches(document_id, parent_id, text, metadata) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, documentId);
                if (parentId == null) ps.setNull(2, java.sql.Types.INTEGER); else ps.setLong(2, parentId);
                ps.setString(3, text);
                ps.setString(4, metadataJson == null ? "{}" : metadataJson);
                ps.executeUpdate();
            }
            return get(Rows.lastId(c)).orElseThrow();
        });
    }

    public Optional<Branch> get(long id) {
        List<Branch> found = query("SELECT " + COLUMNS + " FROM branches WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /** Direct continuations of a branch, oldest first. */
    public List<Branch> children(long id) {
        return query("SELECT " + COLUMNS + " FROM branches WHERE parent_id = ? ORDER BY id", id);
    }

    /** The document's root branches (continuations of the document text), oldest first. */
    public List<Branch> roots(long documentId) {
        return query("SELECT " + COLUMNS + " FROM branches WHERE document_id = ? AND parent_id IS NULL ORDER BY id", documentId);
    }

    /** Every branch of a document, parents before children. */
    public List<Branch> tree(long documentId) {
        return query("SELECT " + COLUMNS + " FROM branches WHERE document_id = ? ORDER BY id", documentId);
    }

    /** The branches from a root down to {@code id}, root first (a recursive walk up the parents). */
    public List<Branch> path(long id) {
        return query("""
                WITH RECURSIVE up(id, depth) AS (
                  SELECT ?, 0
                  UNION ALL
                  SELECT b.parent_id, up.depth + 1 FROM branches b JOIN up ON b.id = up.id WHERE b.parent_id IS NOT NULL
                )
                SELECT %s FROM up JOIN branches b ON b.id = up.id ORDER BY up.depth DESC""".formatted(PREFIXED), id);
    }

    /** Text of the path to {@code id}, concatenated (without the document text). */
    public String pathText(long id) {
        StringBuilder sb = new StringBuilder();
        for (Branch b : path(id)) sb.append(b.text());
        return sb.toString();
    }

    /** Deletes the branch and its subtree; false if there was none. */
    public boolean delete(long id) {
        return workspace.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM branches WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static final String COLUMNS = "id, document_id, parent_id, text, created, metadata";
    private static final String PREFIXED = "b.id, b.document_id, b.parent_id, b.text, b.created, b.metadata";

    private List<Branch> query(String sql, long arg) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Branch> out = new ArrayList<>();
                    while (rs.next()) {
                        long parent = rs.getLong(3);
                        Long parentId = rs.wasNull() ? null : parent;
                        out.add(new Branch(rs.getLong(1), rs.getLong(2), parentId, rs.getString(4), rs.getString(5), rs.getString(6)));
                    }
                    return out;
                }
            }
        });
    }
}
