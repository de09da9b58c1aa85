package orphic.workbench.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * A writer's workspace: a directory holding {@code orphic.db} (SQLite: documents, loom branches,
 * lexicon, and what later features add through {@link Schema}), {@code models/} (model
 * directories) and {@code indexes/} (search indexes).
 *
 * <p>The database runs in WAL mode with {@code synchronous=FULL} (a committed transaction survives
 * a crash or power cut), foreign keys on, and a busy timeout so that a second process waits
 * instead of failing. Opening applies pending migrations and refuses a schema newer than this
 * build. Every change of more than one row goes through {@link #inTransaction}.
 *
 * <p>A {@code Workspace} owns one connection and is not thread-safe; open one per thread (SQLite
 * serialises writers; WAL lets readers run alongside). Close it when done.
 */
public final class Workspace implements AutoCloseable {
    public static final String DATABASE = "orphic.db";
    public static final String MODELS = "models";
    public static final String INDEXES = "indexes";
    /** How long a connection waits for another writer's lock before failing, in milliseconds. */
    public static final int BUSY_TIMEOUT_MS = 10_000;

    private final Path root;
    private final Connection connection;

    private Workspace(Path root, Connection connection) {
        this.root = root;
        this.connection = connection;
    }

    /** Creates the workspace (directory, database, folders) if missing, then opens it. */
    public static Workspace init(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.createDirectories(dir.resolve(MODELS));
            Files.createDirectories(dir.resolve(INDEXES));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the workspace folders in " + dir + ": " + e.getMessage(), e);
        }
        return connect(dir);
    }

    /** Opens an existing workspace, applying pending migrations; refuses a newer schema. */
    public static Workspace open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(DATABASE))) {
            throw new WorkspaceException("no workspace at " + dir + " (no " + DATABASE + " there); create one with 'orphic workspace init " + dir + "'");
        }
        return connect(dir);
    }

    private static Workspace connect(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        Connection c = null;
        try {
            c = openConnection(root.resolve(DATABASE));
            Migrator.migrate(c, Schema.MIGRATIONS, root.toString());
            return new Workspace(root, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new WorkspaceException("could not open the workspace database " + root.resolve(DATABASE) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** A new connection to a workspace database with the workspace's settings (WAL, foreign keys, busy timeout). */
    static Connection openConnection(Path database) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA foreign_keys = ON");
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    /** The workspace directory (absolute). */
    public Path root() {
        return root;
    }

    public Path database() {
        return root.resolve(DATABASE);
    }

    public Path modelsDir() {
        return root.resolve(MODELS);
    }

    public Path indexesDir() {
        return root.resolve(INDEXES);
    }

    /** The connection, for reads and single-statement writes; use {@link #inTransaction} for more. */
    public Connection connection() {
        return connection;
    }

    /** The schema version recorded in the database. */
    public int schemaVersion() {
        try {
            return Migrator.currentVersion(connection);
        } catch (SQLException e) {
            throw new WorkspaceException("could not read the schema version: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws
     * (the exception is rethrown; SQL errors wrapped in {@link WorkspaceException}). A call inside
     * another {@code inTransaction} joins the outer transaction, so helpers compose.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        try {
            return Transactions.run(connection, work);
        } catch (SQLException e) {
            throw new WorkspaceException("database error in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} outside any explicit transaction (one statement = one transaction). */
    public <T> T read(SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new WorkspaceException("database error in " + root + ": " + e.getMessage(), e);
        }
    }

    /** {@code PRAGMA integrity_check}: "ok", or SQLite's list of problems. */
    public String integrityCheck() {
        return read(c -> {
            try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA integrity_check")) {
                StringBuilder sb = new StringBuilder();
                while (rs.next()) {
                    if (!sb.isEmpty()) sb.append("; ");
                    sb.append(rs.getString(1));
                }
                return sb.toString();
            }
        });
    }

    /** A consistent copy of the database at one instant ({@code VACUUM INTO}); {@code target} must not exist. */
    public void snapshotTo(Path target) {
        if (Files.exists(target)) {
            throw new WorkspaceException("snapshot target " + target + " exists; choose a new path");
        }
        read(c -> {
            try (var ps = c.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, target.toAbsolutePath().toString());
                ps.execute();
            }
            return null;
        });
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new WorkspaceException("could not close " + database() + ": " + e.getMessage(), e);
        }
    }
}
