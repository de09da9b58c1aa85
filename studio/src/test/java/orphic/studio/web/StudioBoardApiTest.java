package orphic.studio.web;

import static orphic.studio.web.TestStudio.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mood board over real sockets: fragments with auto-tags, labelled aligned and contrast picks, the failure garden. */
class StudioBoardApiTest {
  @TempDir static Path workspace;
  static StudioServer server;

  @BeforeAll
  static void start() throws Exception {
    TestStudio.tinyModel(workspace);
    server = TestStudio.start(workspace, null, StudioLimits.defaults());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode post(String path, Object body, int status) throws Exception {
    return ok(TestStudio.post(server, path, body), status);
  }

  @Test
  void fragmentsAreAddedTaggedAndSearchedWithLabelledAlignedAndContrastPicks() throws Exception {
    String[] texts = {
      "Grey waves heave against the harbour wall; the tide pulls salt foam back into the deep water.",
      "The lighthouse lamp turns all night over the black sea for the sailors still out.",
      "A storm at sea: the boat climbs each wave and falls into the trough.",
      "She counted the coins twice before paying the rent on the first of the month.",
      "The committee postponed the vote on the budget until after the holidays.",
      "Children chased pigeons across the square while the market closed its stalls.",
      "He forgot the name of the street where he was born, then the street itself.",
      "The bread rose slowly in the warm kitchen, and the windows fogged.",
      "Snow fell on the empty railway platform; the last train had gone.",
      "The cello note hung in the cold church long after the bow had left the string.",
    };
    JsonNode first = null;
    for (String t : texts) {
      JsonNode f = post("/api/boards/sea/fragments", Map.of("text", t, "tags", List.of("notes")), 201);
      if (first == null) first = f;
    }
    assertThat(first.get("board").asText()).isEqualTo("sea");
    assertThat(first.get("tags").get(0).asText()).isEqualTo("notes");
    assertThat(first.get("auto_tags").size()).isPositive();

    JsonNode hits = post("/api/boards/sea/search", Map.of("query", "the tide at night by the sea", "k", 5, "contrast", 0.4, "seed", 1), 200);
    JsonNode results = hits.get("results");
    assertThat(results.size()).isEqualTo(5);
    List<String> roles = new ArrayList<>();
    for (JsonNode r : results) {
      roles.add(r.get("role").asText());
      assertThat(r.get("reason").asText()).startsWith(r.get("role").asText() + ":");
      assertThat(r.has("auto_tags")).isTrue();
    }
    assertThat(roles).containsExactly("aligned", "aligned", "aligned", "contrast", "contrast");
    assertThat(results.get(0).get("text").asText()).containsAnyOf("sea", "tide", "harbour");

    JsonNode board = ok(TestStudio.get(server, "/api/boards/sea"), 200);
    assertThat(board.get("fragments").size()).isEqualTo(texts.length);
    assertThat(board.get("kind").asText()).isEqualTo("board");
    ok(TestStudio.get(server, "/api/boards/nowhere"), 404);
    post("/api/boards/nowhere/search", Map.of("query", "x"), 404);
  }

  @Test
  void theFailureGardenIsItsOwnKindOfBoard() throws Exception {
    JsonNode f = post("/api/boards/glitches/fragments", Map.of("text", "lamp lamp lamp lamp", "tags", "loop, repetition", "failure", true), 201);
    assertThat(f.get("tags").toString()).contains("loop", "repetition");
    JsonNode boards = ok(TestStudio.get(server, "/api/boards"), 200).get("boards");
    boolean garden = false;
    for (JsonNode b : boards) if (b.get("name").asText().equals("glitches")) garden = b.get("kind").asText().equals("failure_garden");
    assertThat(garden).isTrue();
    post("/api/boards/glitches/fragments", Map.of("text", "a plain fragment"), 409);
    post("/api/boards/glitches/fragments", Map.of("text", " "), 400);
    post("/api/boards/glitches/search", Map.of("query", "loop", "k", 0), 400);
  }
}
