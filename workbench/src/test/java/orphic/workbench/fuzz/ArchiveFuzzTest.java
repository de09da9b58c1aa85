package orphic.workbench.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import orphic.workbench.store.ArchiveLimits;
import orphic.workbench.store.Workspace;
import orphic.workbench.store.WorkspaceArchive;
import orphic.workbench.store.WorkspaceException;

/**
 * Workspace archives (zip bytes → {@link WorkspaceArchive#importArchive}): only {@link
 * WorkspaceException} (a refused archive) and {@link UncheckedIOException} (the file system said
 * no) may escape, and whatever happens nothing may appear outside the target folder: no escaped
 * entry, no leftover temporary folder. Structure-aware: the fuzzer chooses entry names (traversal
 * attempts among them), a valid or broken manifest, a real or damaged database and sizes, so that
 * every check is reached; raw bytes are tried too.
 */
class ArchiveFuzzTest {
  private static final Path ROOT;
  private static final byte[] DATABASE;
  private static final ArchiveLimits LIMITS = new ArchiveLimits(64, 1 << 20, 4 << 20);
  private static final String[] NAMES = {
      "manifest.json", "orphic.db", "models/m/config.json", "indexes/i/segments", "../escape", "models/../../escape",
      "/abs", "models/", "models/a/", "models/a/../../x", "C:evil", "models\\..\\x", "other.txt", "models/a/b",
      "indexes/", "./orphic.db", "models//x", "models/a/b/c"};

  static {
    try {
      ROOT = Files.createTempDirectory("orphic-fuzz-archive");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          delete(ROOT);
        } catch (IOException e) {
          // a temporary folder; the OS cleans it eventually
        }
      }));
      Path seed = ROOT.resolve("seed-ws");
      try (Workspace ws = Workspace.init(seed)) {
        ws.integrityCheck();
      }
      Path zip = ROOT.resolve("seed.zip");
      try (Workspace ws = Workspace.open(seed)) {
        WorkspaceArchive.export(ws, zip);
      }
      byte[] db = null;
      try (var zf = new java.util.zip.ZipFile(zip.toFile())) {
        db = zf.getInputStream(zf.getEntry(Workspace.DATABASE)).readAllBytes();
      }
      DATABASE = db;
      delete(seed);
      Files.delete(zip);
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @FuzzTest(maxDuration = "15s")
  void importArchive(FuzzedDataProvider in) throws IOException {
    byte[] zip;
    if (in.consumeInt(0, 9) == 0) {
      zip = in.consumeRemainingAsBytes();
    } else {
      zip = structured(in);
    }
    Path run = ROOT.resolve("run");
    delete(run);
    Files.createDirectories(run);
    Path archive = ROOT.resolve("in.zip");
    Files.write(archive, zip);
    Path target = run.resolve("ws");
    try {
      WorkspaceArchive.importArchive(archive, target, LIMITS);
      assertThat(Files.isRegularFile(target.resolve(Workspace.DATABASE))).isTrue();
      try (Stream<Path> s = Files.list(run)) {
        assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("ws");
      }
    } catch (WorkspaceException | UncheckedIOException e) {
      try (Stream<Path> s = Files.list(run)) {
        assertThat(s.toList()).as("nothing left behind after: " + e.getMessage()).isEmpty();
      }
    }
    try (Stream<Path> s = Files.list(ROOT)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
          .as("nothing written outside the target").containsExactly("in.zip", "run");
    }
  }

  private static byte[] structured(FuzzedDataProvider in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      if (in.consumeInt(0, 7) != 0) {
        out.putNextEntry(new ZipEntry(WorkspaceArchive.MANIFEST));
        String manifest = switch (in.consumeInt(0, 3)) {
          case 0 -> "{\"format\":\"orphic-workspace\",\"format_version\":1,\"schema_version\":" + in.consumeInt(-2, 40) + "}";
          case 1 -> "{\"format\":\"orphic-workspace\",\"format_version\":" + in.consumeInt() + ",\"schema_version\":1}";
          case 2 -> in.consumeString(200);
          default -> "{\"format\":\"orphic-workspace\",\"format_version\":1,\"schema_version\":1}";
        };
        out.write(manifest.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
      int n = in.consumeInt(0, 6);
      List<String> used = new java.util.ArrayList<>(List.of(WorkspaceArchive.MANIFEST));
      for (int i = 0; i < n; i++) {
        String name = in.consumeBoolean() ? NAMES[in.consumeInt(0, NAMES.length - 1)] : in.consumeString(40);
        if (name.isEmpty() || used.contains(name)) continue; // ZipOutputStream refuses duplicates itself
        used.add(name);
        ZipEntry e = new ZipEntry(name);
        if (in.consumeBoolean()) e.setMethod(ZipEntry.DEFLATED);
        out.putNextEntry(e);
        if (!name.endsWith("/")) {
          if (name.equals(Workspace.DATABASE) && in.consumeBoolean()) {
            byte[] db = DATABASE.clone();
            int flips = in.consumeInt(0, 4);
            for (int f = 0; f < flips; f++) db[in.consumeInt(0, db.length - 1)] ^= (byte) in.consumeInt(1, 255);
            out.write(db);
          } else if (in.consumeInt(0, 15) == 0) {
            out.write(new byte[in.consumeInt(0, 5 << 20)]); // over the per-entry limit, compresses well
          } else {
            out.write(in.consumeBytes(in.consumeInt(0, 512)));
          }
        }
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static void delete(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
    }
  }
}
