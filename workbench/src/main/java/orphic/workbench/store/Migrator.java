package orphic.workbench.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Applies pending migrations in order, each in its own transaction together with its
 * {@code schema_version} row, so a crash leaves the database at the previous version or the next,
 * never between. Refuses a database whose version is newer than the code knows.
 */
final class Migrator {
    private Migrator() {}

    static void migrate(Connection c, List<Migration> migrations, String where) throws SQLException {
        check(migrations);
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS schema_version (
                      version INTEGER PRIMARY KEY,
                      description TEXT NOT NULL,
                      applied TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))""");
        }
        int current = currentVersion(c);
        int latest = migrations.isEmpty() ? 0 : migrations.getLast().id();
        if (current > latest) {
            throw new WorkspaceException("the workspace " + where + " has schema version " + current
                    + " but this build of Orphic knows versions up to " + latest
                    + "; it was written by a newer Orphic: upgrade Orphic to open it (nothing was changed)");
        }
        for (Migration m : migrations) {
            if (m.id() <= current) {
                continue;
            }
            Transactions.run(c, conn -> {
                try (Statement s = conn.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO schema_version(version, description) VALUES (?, ?)")) {
                    ps.setInt(1, m.id());
                    ps.setString(2, m.description());
                    ps.executeUpdate();
                }
                return null;
            });
        }
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Ids must be 1, 2, 3, … so that "version N" means "the first N migrations". */
    private static void check(List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).id() != i + 1) {
                throw new IllegalStateException("migration #" + (i + 1) + " has id " + migrations.get(i).id()
                        + "; ids must run 1, 2, 3, … in list order (append new migrations at the end of Schema.MIGRATIONS)");
            }
        }
    }
}
