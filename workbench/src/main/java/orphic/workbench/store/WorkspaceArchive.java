package orphic.workbench.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A workspace as one portable zip: {@code manifest.json} (format, schema version, creation time,
 * file count), {@code orphic.db} (a consistent snapshot taken with {@code VACUUM INTO}, so the
 * export never sees a half-written transaction), {@code models/…} and {@code indexes/…}.
 *
 * <p>Export writes a temporary file beside the target and renames it into place. Import checks
 * the manifest first (refusing a newer schema), extracts into a temporary folder beside the
 * target with path-traversal and size/count checks on every entry, opens the extracted database
 * (migrating it, checking integrity), and only then renames the folder to the target. A failure at
 * any point leaves nothing behind.
 */
public final class WorkspaceArchive {
    public static final String MANIFEST = "manifest.json";
    public static final String FORMAT = "orphic-workspace";
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkspaceArchive() {}

    /** What an export wrote. */
    public record ExportResult(Path archive, int schemaVersion, int files, long bytes) {}

    /** What an import created. */
    public record ImportResult(Path workspace, int archiveSchemaVersion, int schemaVersion, int files, long bytes) {}

    /** Writes the workspace to {@code zip} (replacing it atomically if it exists). */
    public static ExportResult export(Workspace ws, Path zip) {
        Path dir = zip.toAbsolutePath().getParent();
        Path snapshotDir = null;
        Path tmpZip = null;
        try {
            Files.createDirectories(dir);
            snapshotDir = Files.createTempDirectory(dir, ".orphic-export-");
            Path snapshot = snapshotDir.resolve(Workspace.DATABASE);
            ws.snapshotTo(snapshot);
            List<Path> files = new ArrayList<>();
            for (String sub : List.of(Workspace.MODELS, Workspace.INDEXES)) {
                Path folder = ws.root().resolve(sub);
                if (Files.isDirectory(folder)) {
                    try (Stream<Path> walk = Files.walk(folder)) {
                        walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().forEach(files::add); // links are not followed out of the workspace
                    }
                }
            }
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("format", FORMAT);
            manifest.put("format_version", FORMAT_VERSION);
            manifest.put("schema_version", ws.schemaVersion());
            manifest.put("created", Instant.now().toString());
            manifest.put("files", files.size() + 1);

            tmpZip = Files.createTempFile(dir, ".orphic-export-", ".zip.tmp");
            long bytes = 0;
            try (OutputStream raw = Files.newOutputStream(tmpZip); ZipOutputStream out = new ZipOutputStream(raw)) {
                out.putNextEntry(new ZipEntry(MANIFEST));
                out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                out.closeEntry();
                bytes += copyInto(out, Workspace.DATABASE, snapshot);
                for (Path f : files) {
                    String name = ws.root().relativize(f).toString().replace('\\', '/');
                    bytes += copyInto(out, name, f);
                }
                out.finish();
                raw.flush();
            }
            fsync(tmpZip);
            moveAtomically(tmpZip, zip);
            tmpZip = null;
            return new ExportResult(zip, ws.schemaVersion(), files.size() + 1, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not export the workspace " + ws.root() + " to " + zip + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmpZip);
            deleteQuietly(snapshotDir);
        }
    }

    private static long copyInto(ZipOutputStream out, String name, Path file) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        long n = Files.copy(file, out);
        out.closeEntry();
        return n;
    }

    /** Imports with {@link ArchiveLimits#DEFAULT}. */
    public static ImportResult importArchive(Path zip, Path into) {
        return importArchive(zip, into, ArchiveLimits.DEFAULT);
    }

    /**
     * Creates the workspace {@code into} (which must not exist, or be an empty folder) from an
     * archive written by {@link #export}.
     */
    public static ImportResult importArchive(Path zip, Path into, ArchiveLimits limits) {
        Path target = into.toAbsolutePath().normalize();
        if (Files.exists(target) && !isEmptyDirectory(target)) {
            throw new WorkspaceException("cannot import into " + into + ": it exists and is not an empty folder; choose a new folder");
        }
        Path parent = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, ".orphic-import-");
            int archiveVersion;
            int files = 0;
            long total = 0;
            try (ZipFile zf = new ZipFile(zip.toFile())) {
                archiveVersion = checkManifest(zf, zip);
                int entries = 0;
                Set<String> seen = new HashSet<>();
                Enumeration<? extends ZipEntry> en = zf.entries();
                while (en.hasMoreElements()) {
                    ZipEntry e = en.nextElement();
                    if (++entries > limits.maxEntries()) {
                        throw bad(zip, "it has more than " + limits.maxEntries() + " entries (a zip bomb?)");
                    }
                    String name = e.getName();
                    Path dest = safeDestination(tmp, name, zip);
                    if (!seen.add(dest.toString())) {
                        throw bad(zip, "the entry '" + name + "' appears twice");
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(dest);
                        continue;
                    }
                    if (name.equals(MANIFEST)) {
                        continue;
                    }
                    Files.createDirectories(dest.getParent());
                    try (InputStream in = zf.getInputStream(e); OutputStream out = Files.newOutputStream(dest)) {
                        total += copyBounded(in, out, limits, total, name, zip);
                    }
                    files++;
                }
            } catch (ZipException e) {
                throw bad(zip, "it is not a readable zip archive (" + e.getMessage() + ")");
            }
            if (!Files.isRegularFile(tmp.resolve(Workspace.DATABASE))) {
                throw bad(zip, "it has no " + Workspace.DATABASE);
            }
            int version;
            try (Workspace ws = openExtracted(tmp, zip)) { // migrates an older archive; refuses a newer one
                String check = ws.integrityCheck();
                if (!check.equals("ok")) {
                    throw bad(zip, "its database fails SQLite's integrity check: " + check);
                }
                version = ws.schemaVersion();
                ws.read(c -> {
                    try (var s = c.createStatement()) {
                        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                    }
                    return null;
                });
            }
            fsyncTree(tmp);
            if (Files.exists(target)) {
                Files.delete(target); // an empty folder, checked above
            }
            moveAtomically(tmp, target);
            tmp = null;
            return new ImportResult(target, archiveVersion, version, files, total);
        } catch (IOException e) {
            throw new UncheckedIOException("could not import " + zip + " into " + into + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Opens the extracted workspace, naming the archive (not the temporary folder) in errors. */
    private static Workspace openExtracted(Path tmp, Path zip) {
        try {
            return Workspace.init(tmp);
        } catch (WorkspaceException e) {
            String why = e.getMessage().replace("the workspace " + tmp, "its database").replace(tmp.resolve(Workspace.DATABASE).toString(), "its database");
            throw new WorkspaceException("cannot import " + zip + ": " + why + "; nothing was written", e);
        }
    }

    /** Reads and checks {@code manifest.json}: format, and a schema this build can open. */
    private static int checkManifest(ZipFile zf, Path zip) throws IOException {
        ZipEntry m = zf.getEntry(MANIFEST);
        if (m == null) {
            throw bad(zip, "it has no " + MANIFEST + " (was it written by 'orphic workspace export'?)");
        }
        JsonNode manifest;
        try (InputStream in = zf.getInputStream(m)) {
            byte[] head = in.readNBytes(64 * 1024 + 1);
            if (head.length > 64 * 1024) throw bad(zip, "its manifest is larger than 64 KiB");
            manifest = JSON.readTree(head);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw bad(zip, "its manifest is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (manifest == null || !FORMAT.equals(manifest.path("format").asText())) {
            throw bad(zip, "its manifest does not name the format '" + FORMAT + "'");
        }
        int formatVersion = manifest.path("format_version").asInt(-1);
        if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
            throw new WorkspaceException("cannot import " + zip + ": archive format version " + formatVersion
                    + " is not one this build reads (1.." + FORMAT_VERSION + "); upgrade Orphic");
        }
        JsonNode sv = manifest.get("schema_version");
        if (sv == null || !sv.canConvertToInt() || sv.asInt() < 0) {
            throw bad(zip, "its manifest has no valid schema_version");
        }
        int version = sv.asInt();
        if (version > Schema.latestVersion()) {
            throw new WorkspaceException("cannot import " + zip + ": its schema version " + version
                    + " is newer than this build of Orphic knows (up to " + Schema.latestVersion()
                    + "); it was exported by a newer Orphic: upgrade Orphic to import it (nothing was written)");
        }
        return version;
    }

    /**
     * Where an entry goes inside {@code root}, refusing absolute paths, {@code ..} segments,
     * backslashes, drive letters, and anything outside {@code orphic.db}, the manifest,
     * {@code models/} and {@code indexes/}.
     */
    static Path safeDestination(Path root, String name, Path zip) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")
                || (name.length() > 1 && name.charAt(1) == ':')) {
            throw bad(zip, "the entry '" + name + "' has an absolute or non-portable path (refused: path traversal)");
        }
        for (String part : name.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw bad(zip, "the entry '" + name + "' contains '" + part + "' (refused: path traversal)");
            }
        }
        String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
        boolean allowed = name.equals(Workspace.DATABASE) || name.equals(MANIFEST)
                || (top.equals(Workspace.MODELS) || top.equals(Workspace.INDEXES)) && name.contains("/");
        if (!allowed) {
            throw bad(zip, "the entry '" + name + "' is not part of a workspace (only " + MANIFEST + ", "
                    + Workspace.DATABASE + ", models/ and indexes/ are)");
        }
        Path dest = root.resolve(name).normalize();
        if (!dest.startsWith(root) || dest.equals(root)) {
            throw bad(zip, "the entry '" + name + "' would be written outside the workspace (refused: path traversal)");
        }
        return dest;
    }

    private static long copyBounded(InputStream in, OutputStream out, ArchiveLimits limits, long totalSoFar, String name, Path zip) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        int r;
        while ((r = in.read(buf)) > 0) {
            n += r;
            if (n > limits.maxEntryBytes()) {
                throw bad(zip, "the entry '" + name + "' inflates to more than " + limits.maxEntryBytes() + " bytes (a zip bomb?)");
            }
            if (totalSoFar + n > limits.maxTotalBytes()) {
                throw bad(zip, "its contents inflate to more than " + limits.maxTotalBytes() + " bytes in all (a zip bomb?)");
            }
            out.write(buf, 0, r);
        }
        return n;
    }

    private static WorkspaceException bad(Path zip, String why) {
        return new WorkspaceException("cannot import " + zip + ": " + why + "; nothing was written");
    }

    private static boolean isEmptyDirectory(Path p) {
        if (!Files.isDirectory(p)) return false;
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically (different file systems?)", e);
        } catch (DirectoryNotEmptyException e) {
            throw new WorkspaceException("cannot import into " + to + ": it appeared meanwhile and is not empty", e);
        }
    }

    private static void fsync(Path file) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void fsyncTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                fsync(p);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null || !Files.exists(p)) return;
        try {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: a leftover temp file is named .orphic-* and harmless
        }
    }
}
