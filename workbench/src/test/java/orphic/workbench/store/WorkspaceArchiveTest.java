package orphic.workbench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceArchiveTest {
    @TempDir Path tmp;

    @Test
    void exportThenImportRestoresDatabaseModelsAndIndexes() throws Exception {
        Path src = tmp.resolve("src");
        long docId;
        try (Workspace ws = Workspace.init(src)) {
            Document d = new Documents(ws).create("Salt", "The sea was ", "{}");
            docId = d.id();
            new Branches(ws).add(d.id(), null, "glass", null);
            Files.createDirectories(src.resolve("models/tiny"));
            Files.writeString(src.resolve("models/tiny/config.json"), "{\"d\":8}");
            Files.writeString(src.resolve("indexes/board.idx"), "index bytes");
            WorkspaceArchive.ExportResult r = WorkspaceArchive.export(ws, tmp.resolve("out/ws.zip"));
            assertThat(r.files()).isEqualTo(3);
            assertThat(r.schemaVersion()).isEqualTo(Schema.latestVersion());
        }
        assertThat(tmp.resolve("out/ws.zip")).isRegularFile();
        try (Stream<Path> left = Files.list(tmp.resolve("out"))) {
            assertThat(left).as("no temporary files left").containsExactly(tmp.resolve("out/ws.zip"));
        }

        Path dst = tmp.resolve("dst");
        WorkspaceArchive.ImportResult imported = WorkspaceArchive.importArchive(tmp.resolve("out/ws.zip"), dst);
        assertThat(imported.files()).isEqualTo(3);
        assertThat(Files.readString(dst.resolve("models/tiny/config.json"))).isEqualTo("{\"d\":8}");
        assertThat(Files.readString(dst.resolve("indexes/board.idx"))).isEqualTo("index bytes");
        try (Workspace ws = Workspace.open(dst)) {
            assertThat(new Documents(ws).get(docId)).get().extracting(Document::title).isEqualTo("Salt");
            assertThat(new Branches(ws).roots(docId)).extracting(Branch::text).containsExactly("glass");
            assertThat(ws.integrityCheck()).isEqualTo("ok");
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".orphic-"));
        }
    }

    @Test
    void importRefusesANonEmptyTarget() throws Exception {
        Path zip = exported();
        Path dst = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(dst.resolve("draft.txt"), "mine");
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(zip, dst))
                .isInstanceOf(WorkspaceException.class).hasMessageContaining("not an empty folder");
        assertThat(Files.readString(dst.resolve("draft.txt"))).isEqualTo("mine");
    }

    @Test
    void importRefusesANewerSchemaFromTheManifest() throws Exception {
        Path zip = tmp.resolve("future.zip");
        writeZip(zip, manifest(Schema.latestVersion() + 1), new String[] {"orphic.db", "x"});
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(zip, tmp.resolve("dst")))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("schema version " + (Schema.latestVersion() + 1))
                .hasMessageContaining("upgrade Orphic");
        assertNothingWritten();
    }

    @Test
    void importRefusesANewerSchemaInsideTheDatabaseEvenIfTheManifestLies() throws Exception {
        Path src = tmp.resolve("src");
        try (Workspace ws = Workspace.init(src)) {
            ws.read(c -> c.createStatement().executeUpdate("INSERT INTO schema_version(version, description) VALUES (777, 'future')"));
        }
        Path zip = tmp.resolve("liar.zip");
        writeZip(zip, manifest(1), new String[] {"orphic.db", null}, src.resolve("orphic.db"));
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(zip, tmp.resolve("dst")))
                .isInstanceOf(WorkspaceException.class).hasMessageContaining("schema version 777")
                .hasMessageContaining("upgrade Orphic").hasMessageNotContaining(".orphic-import-");
        assertNothingWritten();
    }

    @Test
    void importRefusesADatabaseThatIsNotSqlite() throws Exception {
        Path zip = tmp.resolve("garbage.zip");
        writeZip(zip, manifest(1), new String[] {"orphic.db", "this is not a database, but it is long enough to look like one? " + "x".repeat(200)});
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(zip, tmp.resolve("dst")))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageStartingWith("cannot import " + zip + ": ")
                .hasMessageNotContaining(".orphic-import-");
        assertNothingWritten();
    }

    @Test
    void importRefusesParentDirectorySegments() throws Exception {
        Path zip = tmp.resolve("slip.zip");
        writeZip(zip, manifest(1), new String[] {"models/../../evil.txt", "pwned"});
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(zip, tmp.resolve("dst")))
                .isInstanceOf(WorkspaceException.class).hasMessageContaining("path traversal");
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
        assertNothingWritten();
    }

    @Test
    void importRefusesAbsolutePaths() throws Exception {
        for (String name : new String[] {"/tmp/evil.txt", "C:/evil.txt", "models\\..\\..\\evil.txt"}) {
            Path zip = tmp.resolve("abs.zip");
            writeZip(zip, manifest(1), new String[] {name, "pwned"});
            assertThatThrownBy(() -> WorkspaceArchive.importArchive(zip, tmp.resolve("dst")))
                    .as(name).isInstanceOf(WorkspaceException.class).hasMessageContaining("path traversal");
            assertNothingWritten();
        }
    }

    @Test
    void importRefusesEntriesOutsideTheWorkspaceLayout() throws Exception {
        Path zip = tmp.resolve("odd.zip");
        writeZip(zip, manifest(1), new String[] {"run.sh", "rm -rf"});
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(zip, tmp.resolve("dst")))
                .isInstanceOf(WorkspaceException.class).hasMessageContaining("not part of a workspace");
    }

    @Test
    void importStopsAnEntryThatInflatesPastTheLimit() throws Exception {
        Path zip = tmp.resolve("bomb.zip");
        // 4 MiB of zeros deflate to a few KiB: small archive, large content
        writeZip(zip, manifest(1), new String[] {"models/zeros.bin", "\0".repeat(4 << 20)});
        assertThat(Files.size(zip)).isLessThan(64 * 1024);
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(zip, tmp.resolve("dst"), new ArchiveLimits(100, 1 << 20, 1L << 30)))
                .isInstanceOf(WorkspaceException.class).hasMessageContaining("zip bomb");
        assertNothingWritten();
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(zip, tmp.resolve("dst"), new ArchiveLimits(100, 1L << 30, 1 << 20)))
                .isInstanceOf(WorkspaceException.class).hasMessageContaining("in all");
        assertNothingWritten();
    }

    @Test
    void importStopsAnArchiveWithTooManyEntries() throws Exception {
        Path zip = tmp.resolve("many.zip");
        String[] entries = new String[2 * 50];
        for (int i = 0; i < 50; i++) {
            entries[2 * i] = "indexes/f" + i;
            entries[2 * i + 1] = "x";
        }
        writeZip(zip, manifest(1), entries);
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(zip, tmp.resolve("dst"), new ArchiveLimits(10, 1 << 20, 1 << 20)))
                .isInstanceOf(WorkspaceException.class).hasMessageContaining("more than 10 entries");
        assertNothingWritten();
    }

    @Test
    void importRefusesArchivesWithoutAManifestOrNotZipAtAll() throws Exception {
        Path zip = tmp.resolve("bare.zip");
        writeZip(zip, null, new String[] {"orphic.db", "x"});
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(zip, tmp.resolve("dst")))
                .isInstanceOf(WorkspaceException.class).hasMessageContaining("no manifest.json");
        Path junk = Files.writeString(tmp.resolve("junk.zip"), "not a zip at all");
        assertThatThrownBy(() -> WorkspaceArchive.importArchive(junk, tmp.resolve("dst")))
                .isInstanceOf(WorkspaceException.class).hasMessageContaining("not a readable zip");
        assertNothingWritten();
    }

    private Path exported() {
        try (Workspace ws = Workspace.init(tmp.resolve("src"))) {
            return WorkspaceArchive.export(ws, tmp.resolve("ws.zip")).archive();
        }
    }

    private void assertNothingWritten() throws Exception {
        assertThat(tmp.resolve("dst")).doesNotExist();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".orphic-"));
        }
    }

    private static String manifest(int schemaVersion) {
        return "{\"format\":\"orphic-workspace\",\"format_version\":1,\"schema_version\":" + schemaVersion + "}";
    }

    /** Pairs of (name, text); a null text takes the next file argument's bytes. */
    private static void writeZip(Path zip, String manifest, String[] pairs, Path... files) throws Exception {
        int file = 0;
        try (OutputStream raw = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(raw)) {
            if (manifest != null) {
                out.putNextEntry(new ZipEntry("manifest.json"));
                out.write(manifest.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            for (int i = 0; i < pairs.length; i += 2) {
                out.putNextEntry(new ZipEntry(pairs[i]));
                out.write(pairs[i + 1] != null ? pairs[i + 1].getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(files[file++]));
                out.closeEntry();
            }
        }
    }
}
