package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static JsonNode json(Run r) throws Exception {
    assertThat(r.exit()).as(r.err()).isZero();
    return JSON.readTree(r.lastOutLine());
  }

  @Test
  void initExportImportRoundTrip() throws Exception {
    Path ws = tmp.resolve("ws");
    JsonNode init = json(Run.of("workspace", "init", ws.toString(), "--json"));
    assertThat(init.get("schema_version").asInt()).isPositive();
    assertThat(Run.of("lexicon", "add", "debt", "-d", "owed", "--workspace", ws.toString()).exit()).isZero();
    Files.writeString(ws.resolve("models/note.txt"), "a model file");

    JsonNode exported = json(Run.of("workspace", "export", ws.toString(), "--out", tmp.resolve("ws.zip").toString(), "--json"));
    assertThat(exported.get("files").asInt()).isEqualTo(2);

    JsonNode imported = json(Run.of("workspace", "import", tmp.resolve("ws.zip").toString(), "--into", tmp.resolve("copy").toString(), "--json"));
    assertThat(imported.get("schema_version").asInt()).isEqualTo(init.get("schema_version").asInt());
    assertThat(Files.readString(tmp.resolve("copy/models/note.txt"))).isEqualTo("a model file");
    JsonNode list = json(Run.of("lexicon", "list", "--workspace", tmp.resolve("copy").toString(), "--json"));
    assertThat(list.get("terms").get(0).get("name").asText()).isEqualTo("debt");
  }

  @Test
  void unsafeArchivesFailWithOneClearLine() throws Exception {
    Path zip = tmp.resolve("slip.zip");
    try (OutputStream raw = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(raw)) {
      out.putNextEntry(new ZipEntry("manifest.json"));
      out.write("{\"format\":\"orphic-workspace\",\"format_version\":1,\"schema_version\":1}".getBytes());
      out.putNextEntry(new ZipEntry("../../evil"));
      out.write(1);
    }
    Run r = Run.of("workspace", "import", zip.toString(), "--into", tmp.resolve("dst").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("path traversal").contains("nothing was written");
    assertThat(tmp.resolve("dst")).doesNotExist();
  }

  @Test
  void aMissingWorkspaceSaysHowToCreateIt() {
    Run r = Run.of("lexicon", "list", "--workspace", tmp.resolve("none").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("orphic workspace init");
    assertThat(Run.of("workspace").exit()).isEqualTo(2);
  }
}
