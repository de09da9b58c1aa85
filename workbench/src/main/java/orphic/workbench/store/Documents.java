package orphic.workbench.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code documents} table. Settings are JSON objects (checked by the database). */
public final class Documents {
    private final Workspace workspace;

    public Documents(Workspace workspace) {
        this.workspace = workspace;
    }

    public Document create(String title, String text, String settingsJson) {
        return workspace.inTransaction(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO documents(title, text, settings) VALUES (?, ?, ?)")) {
                ps.setString(1, title);
                ps.setString(2, text);
                ps.setString(3, settingsJson == null ? "{}" : settingsJson);
                ps.executeUpdate();
            }
            id = Rows.lastId(c);
            return get(id).orElseThrow();
        });
    }

    public Optional<Document> get(long id) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, title, text, settings, created, updated FROM documents WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    /** All documents, most recently updated first. */
    public List<Document> list() {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, title, text, settings, created, updated FROM documents ORDER BY updated DESC, id DESC");
                 ResultSet rs = ps.executeQuery()) {
                List<Document> out = new ArrayList<>();
                while (rs.next()) out.add(row(rs));
                return out;
            }
        });
    }

    /** Replaces title, text and settings; returns the updated row. */
    public Document update(long id, String title, String text, String settingsJson) {
        return workspace.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE documents SET title = ?, text = ?, settings = ?, updated = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?""")) {
                ps.setString(1, title);
                ps.setString(2, text);
                ps.setString(3, settingsJson == null ? "{}" : settingsJson);
                ps.setLong(4, id);
                if (ps.executeUpdate() == 0) throw new WorkspaceException("no document with id " + id);
            }
            return get(id).orElseThrow();
        });
    }

    /** Deletes the document and (by cascade) its branches; false if there was none. */
    public boolean delete(long id) {
        return workspace.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM documents WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static Document row(ResultSet rs) throws SQLException {
        return new Document(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
    }
}
