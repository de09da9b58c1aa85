package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The board commands end to end on one workspace (real SQLite, Lucene and MiniLM). */
class BoardCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void addSearchListTagsAndRebuild(@TempDir Path tmp) throws Exception {
    String ws = tmp.resolve("ws").toString();
    assertThat(Run.of("workspace", "init", ws).exit()).isZero();
    Path file = tmp.resolve("notes.txt");
    Files.writeString(file, "The tide came in over the salt marsh at dusk.\n\nA dryer thumps in the laundromat at 2 a.m.\n\n"
        + "The philosopher asks what absence is.\n");
    Run add = Run.of("board", "add", "--board", "ideas", "--file", file.toString(), "--paragraphs", "--tags", "draft", "--workspace", ws, "--json");
    assertThat(add.exit()).as(add.err()).isZero();
    JsonNode added = JSON.readTree(add.lastOutLine());
    assertThat(added.get("fragments")).hasSize(3);
    assertThat(added.get("fragments").get(0).get("source").asText()).isEqualTo("notes.txt");
    assertThat(Run.of("board", "add", "--board", "glitches", "--text", "lamp lamp lamp of the the", "--failure", "--workspace", ws).exit()).isZero();

    Run search = Run.of("board", "search", "--board", "ideas", "--query", "laundromat", "--k", "2", "--contrast", "0.5", "--seed", "5",
        "--workspace", ws, "--json");
    assertThat(search.exit()).as(search.err()).isZero();
    JsonNode res = JSON.readTree(search.lastOutLine()).get("results");
    assertThat(res).hasSize(2);
    assertThat(res.get(0).get("text").asText()).contains("laundromat");
    assertThat(res.get(0).get("reason").asText()).startsWith("aligned: bm25 rank 1");
    assertThat(res.get(1).get("role").asText()).isEqualTo("contrast");

    Run list = Run.of("board", "list", "--workspace", ws);
    assertThat(list.out()).contains("ideas: 3 fragments", "glitches (failure garden): 1 fragments");
    Run tags = Run.of("board", "tags", "--board", "ideas", "--workspace", ws, "--json");
    assertThat(JSON.readTree(tags.lastOutLine()).get("tags").findValuesAsText("tag")).contains("draft");
    Run rebuild = Run.of("board", "rebuild", "--workspace", ws, "--json");
    assertThat(JSON.readTree(rebuild.lastOutLine()).get("indexed").asInt()).isEqualTo(4);
    Run bad = Run.of("board", "search", "--board", "ideas", "--query", "x", "--contrast", "2", "--workspace", ws);
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).contains("contrast share must be in 0..1");
  }
}
