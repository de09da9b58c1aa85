package orphic.workbench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
    @TempDir Path tmp;

    @Test
    void initCreatesFoldersAndAppliesEveryMigration() throws Exception {
        Path dir = tmp.resolve("ws");
        try (Workspace ws = Workspace.init(dir)) {
            assertThat(dir.resolve("orphic.db")).isRegularFile();
            assertThat(dir.resolve("models")).isDirectory();
            assertThat(dir.resolve("indexes")).isDirectory();
            assertThat(ws.schemaVersion()).isEqualTo(Schema.latestVersion());
            assertThat(pragma(ws.connection(), "journal_mode")).isEqualTo("wal");
            assertThat(pragma(ws.connection(), "foreign_keys")).isEqualTo("1");
            assertThat(ws.integrityCheck()).isEqualTo("ok");
            try (Statement s = ws.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT version, description FROM schema_version ORDER BY version")) {
                int expected = 1;
                while (rs.next()) {
                    assertThat(rs.getInt(1)).isEqualTo(expected);
                    assertThat(rs.getString(2)).isEqualTo(Schema.MIGRATIONS.get(expected - 1).description());
                    expected++;
                }
                assertThat(expected - 1).isEqualTo(Schema.MIGRATIONS.size());
            }
        }
        // reopening applies nothing twice
        try (Workspace ws = Workspace.open(dir)) {
            assertThat(ws.schemaVersion()).isEqualTo(Schema.latestVersion());
        }
    }

    @Test
    void openingAMissingWorkspaceSaysHowToCreateOne() {
        assertThatThrownBy(() -> Workspace.open(tmp.resolve("nowhere")))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("no workspace at")
                .hasMessageContaining("orphic workspace init");
    }

    @Test
    void laterMigrationsApplyInOrderOnTopOfEarlierOnes() throws Exception {
        Path db = tmp.resolve("m.db");
        List<Migration> first = List.of(new Migration(1, "a", "CREATE TABLE a (x INTEGER);\nINSERT INTO a VALUES (1);"));
        List<Migration> more = List.of(first.getFirst(),
                new Migration(2, "b", "CREATE TABLE b (y INTEGER);"),
                new Migration(3, "c", "INSERT INTO a SELECT x + 1 FROM a;"));
        try (Connection c = Workspace.openConnection(db)) {
            Migrator.migrate(c, first, "test");
            assertThat(Migrator.currentVersion(c)).isEqualTo(1);
        }
        try (Connection c = Workspace.openConnection(db)) {
            Migrator.migrate(c, more, "test");
            assertThat(Migrator.currentVersion(c)).isEqualTo(3);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM a")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2); // migration 1's row ran once, migration 3 added one
            }
        }
    }

    @Test
    void aFailingMigrationLeavesThePreviousVersionIntact() throws Exception {
        Path db = tmp.resolve("f.db");
        List<Migration> ms = List.of(new Migration(1, "a", "CREATE TABLE a (x INTEGER);"),
                new Migration(2, "broken", "CREATE TABLE half (z INTEGER);\nINSERT INTO no_such_table VALUES (1);"));
        try (Connection c = Workspace.openConnection(db)) {
            assertThatThrownBy(() -> Migrator.migrate(c, ms, "test")).isInstanceOf(java.sql.SQLException.class);
            assertThat(Migrator.currentVersion(c)).isEqualTo(1);
            try (ResultSet rs = c.getMetaData().getTables(null, null, "half", null)) {
                assertThat(rs.next()).as("table of the failed migration rolled back").isFalse();
            }
        }
    }

    @Test
    void migrationIdsMustRunWithoutGaps() throws Exception {
        try (Connection c = Workspace.openConnection(tmp.resolve("g.db"))) {
            assertThatThrownBy(() -> Migrator.migrate(c, List.of(new Migration(2, "x", "SELECT 1;")), "test"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("append new migrations");
        }
    }

    @Test
    void aNewerSchemaIsRefusedWithAClearMessageAndLeftUntouched() throws Exception {
        Path dir = tmp.resolve("ws");
        try (Workspace ws = Workspace.init(dir)) {
            ws.read(c -> c.createStatement().executeUpdate("INSERT INTO schema_version(version, description) VALUES (999, 'from the future')"));
        }
        byte[] before = Files.readAllBytes(dir.resolve("orphic.db"));
        assertThatThrownBy(() -> Workspace.open(dir))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("schema version 999")
                .hasMessageContaining("upgrade Orphic");
        assertThat(Files.readAllBytes(dir.resolve("orphic.db"))).isEqualTo(before);
    }

    @Test
    void aTransactionRollsBackEveryRowWhenItsWorkFails() {
        try (Workspace ws = Workspace.init(tmp.resolve("ws"))) {
            Documents docs = new Documents(ws);
            docs.create("kept", "a", null);
            assertThatThrownBy(() -> ws.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO documents(title) VALUES (?)")) {
                    ps.setString(1, "lost 1");
                    ps.executeUpdate();
                    ps.setString(1, "lost 2");
                    ps.executeUpdate();
                }
                throw new IllegalStateException("boom after two rows");
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom after two rows");
            assertThat(docs.list()).extracting(Document::title).containsExactly("kept");
            // the connection is usable afterwards, back in auto-commit
            docs.create("after", "b", "{\"k\":1}");
            assertThat(docs.list()).hasSize(2);
        }
    }

    @Test
    void nestedTransactionsJoinTheOuterOne() {
        try (Workspace ws = Workspace.init(tmp.resolve("ws"))) {
            Documents docs = new Documents(ws);
            assertThatThrownBy(() -> ws.inTransaction(c -> {
                docs.create("inner commit must not stick", "", null); // its own inTransaction joins
                throw new IllegalStateException("outer fails");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(docs.list()).isEmpty();
        }
    }

    @Test
    void foreignKeysAndJsonChecksAreEnforced() {
        try (Workspace ws = Workspace.init(tmp.resolve("ws"))) {
            Branches branches = new Branches(ws);
            assertThatThrownBy(() -> branches.add(42, null, "orphan", null))
                    .isInstanceOf(WorkspaceException.class).hasMessageContaining("FOREIGN KEY");
            Documents docs = new Documents(ws);
            assertThatThrownBy(() -> docs.create("t", "x", "{not json"))
                    .isInstanceOf(WorkspaceException.class).hasMessageContaining("CHECK");
        }
    }

    @Test
    void documentsAndTheLoomTree() {
        try (Workspace ws = Workspace.init(tmp.resolve("ws"))) {
            Documents docs = new Documents(ws);
            Branches loom = new Branches(ws);
            Document d = docs.create("Salt", "The sea ", "{\"temperature\":0.8}");
            assertThat(docs.get(d.id())).contains(d);
            Branch a = loom.add(d.id(), null, "was ", null);
            Branch b1 = loom.add(d.id(), a.id(), "salt", "{\"p\":0.4}");
            Branch b2 = loom.add(d.id(), a.id(), "glass", null);
            Branch c = loom.add(d.id(), b2.id(), " and bone", null);
            assertThat(loom.children(a.id())).containsExactly(b1, b2);
            assertThat(loom.roots(d.id())).containsExactly(a);
            assertThat(loom.path(c.id())).containsExactly(a, b2, c);
            assertThat(loom.pathText(c.id())).isEqualTo("was glass and bone");
            assertThat(loom.tree(d.id())).hasSize(4);

            Document other = docs.create("Other", "", null);
            assertThatThrownBy(() -> loom.add(other.id(), a.id(), "x", null))
                    .isInstanceOf(WorkspaceException.class).hasMessageContaining("belongs to document");

            assertThat(loom.delete(b2.id())).isTrue();
            assertThat(loom.get(c.id())).isEmpty(); // subtree cascades
            Document u = docs.update(d.id(), "Salt II", "The sea", null);
            assertThat(u.title()).isEqualTo("Salt II");
            assertThat(docs.delete(d.id())).isTrue();
            assertThat(loom.tree(d.id())).isEmpty();
        }
    }

    private static String pragma(Connection c, String name) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
