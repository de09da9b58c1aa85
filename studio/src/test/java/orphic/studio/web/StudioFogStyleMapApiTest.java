package orphic.studio.web;

import static orphic.studio.web.TestStudio.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ambiguity toggle (POST /api/fog) and the style map (GET /api/stylemap) over real sockets. */
class StudioFogStyleMapApiTest {
  static final String SENTENCE = "And the pale rider carried a silver lamp through the dark orchard.";
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

  static HttpResponse<String> post(String path, Object body) throws Exception {
    return TestStudio.post(server, path, body);
  }

  @Test
  void fogRanksHybridsAtEveryLevelAndTheSameSeedGivesTheSameOnes() throws Exception {
    for (Object level : List.of("subtle", "medium", "radical", 0.25)) {
      JsonNode r = ok(post("/api/fog", Map.of("text", SENTENCE, "level", level, "k", 4, "seed", 7)), 200);
      assertThat(r.get("model").asText()).isEqualTo("tiny");
      assertThat(r.get("source").asText()).isEqualTo(SENTENCE);
      assertThat(r.get("variants").size()).isEqualTo(4);
      JsonNode hybrids = r.get("hybrids");
      assertThat(hybrids.size()).isBetween(1, 4);
      double last = Double.POSITIVE_INFINITY;
      for (JsonNode h : hybrids) {
        assertThat(h.get("text").asText()).isNotBlank().isNotEqualTo(SENTENCE);
        double score = h.get("score").asDouble();
        assertThat(score).isLessThanOrEqualTo(last);
        last = score;
        assertThat(h.has("ambiguity") && h.has("novelty") && h.has("distinct_2") && h.has("origin")).isTrue();
      }
    }
    assertThat(ok(post("/api/fog", Map.of("text", SENTENCE, "level", "radical")), 200).get("level").asDouble()).isEqualTo(1.0);
    JsonNode a = ok(post("/api/fog", Map.of("text", SENTENCE, "level", "medium", "k", 3, "seed", 11)), 200);
    JsonNode b = ok(post("/api/fog", Map.of("text", SENTENCE, "level", "medium", "k", 3, "seed", 11)), 200);
    assertThat(b.get("hybrids")).isEqualTo(a.get("hybrids"));
  }

  @Test
  void fogRefusesBadInput() throws Exception {
    assertThat(ok(post("/api/fog", Map.of("level", "subtle")), 400).get("error").asText()).contains("text");
    ok(post("/api/fog", Map.of("text", "  ", "level", "subtle")), 400);
    ok(post("/api/fog", Map.of("text", SENTENCE)), 400);
    assertThat(ok(post("/api/fog", Map.of("text", SENTENCE, "level", "off")), 400).get("error").asText()).contains("off");
    ok(post("/api/fog", Map.of("text", SENTENCE, "level", "foggy")), 400);
    ok(post("/api/fog", Map.of("text", SENTENCE, "level", 1.5)), 400);
    ok(post("/api/fog", Map.of("text", SENTENCE, "level", "subtle", "k", 0)), 400);
    ok(post("/api/fog", Map.of("text", SENTENCE, "level", "subtle", "k", 13)), 400);
    ok(post("/api/fog", Map.of("text", SENTENCE, "level", "subtle", "seed", "x")), 400);
    ok(post("/api/fog", Map.of("text", 42, "level", "subtle")), 400);
    ok(post("/api/fog", Map.of("text", "a".repeat(FogApi.MAX_TEXT + 1), "level", "subtle")), 413);
    ok(post("/api/fog", Map.of("text", SENTENCE, "level", "subtle", "model", "nope")), 404);
  }

  @Test
  void oneFogAtATime() throws Exception {
    server.fog.running.set(true); // as if another request were fogging
    try {
      HttpResponse<String> r = post("/api/fog", Map.of("text", SENTENCE, "level", "subtle", "k", 2, "seed", 1));
      assertThat(ok(r, 429).get("error").asText()).contains("already");
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
    } finally {
      server.fog.running.set(false);
    }
    ok(post("/api/fog", Map.of("text", SENTENCE, "level", "subtle", "k", 2, "seed", 1)), 200);
  }

  @Test
  void theStyleMapHasChunksFragmentsAndGenerationsWithFiniteDeterministicCoordinates() throws Exception {
    String text = "The sea came in grey over the harbour wall, and the boats knocked together all night. "
        + "In the morning the nets were full of weed and one silver fish, which the child carried home in both hands. "
        + "Her grandmother said nothing; she lit the stove, and the kitchen smelled of salt and smoke until noon. "
        + "Later the committee met to discuss the budget for the harbour repairs and postponed the vote again. "
        + "The treasurer read the figures aloud twice, and nobody in the hall looked up from the papers in front of them.";
    JsonNode doc = ok(post("/api/documents", Map.of("title", "map", "text", text)), 201);
    String id = doc.get("id").asText();
    ok(post("/api/boards/map/fragments", Map.of("text", "Snow on the empty platform; the last train had gone.")), 201);
    ok(post("/api/boards/map/fragments", Map.of("text", "The cello note hung in the cold church.")), 201);
    HttpResponse<String> g = post("/api/generate", Map.of("document", id, "prompt", "The sea", "max_tokens", 20, "settings", Map.of("seed", 3)));
    assertThat(g.statusCode()).isEqualTo(200);
    assertThat(g.body()).contains("event: done");

    JsonNode map = ok(TestStudio.get(server, "/api/stylemap?document=" + id), 200);
    assertThat(map.get("vectors").asText()).isEqualTo("minilm");
    assertThat(map.get("colour_by").asText()).isEqualTo("kind");
    assertThat(map.get("projection").asText()).isEqualTo("pca");
    Map<String, Integer> kinds = new HashMap<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode p : map.get("points")) {
      kinds.merge(p.get("kind").asText(), 1, Integer::sum);
      assertThat(ids.add(p.get("id").asText())).isTrue();
      assertThat(p.get("label").asText()).isEqualTo(p.get("kind").asText());
      assertThat(Double.isFinite(p.get("x").asDouble()) && Double.isFinite(p.get("y").asDouble())).isTrue();
      assertThat(p.get("x").isNumber() && p.get("y").isNumber()).isTrue();
      assertThat(p.get("text").asText()).isNotBlank();
    }
    assertThat(kinds.get("chunk")).isGreaterThanOrEqualTo(2);
    assertThat(kinds.get("fragment")).isEqualTo(2);
    assertThat(kinds.get("generation")).isEqualTo(1);
    assertThat(map.get("explained").get(0).asDouble()).isBetween(0.0, 1.0);
    assertThat(map.get("explained").get(0).asDouble()).isGreaterThanOrEqualTo(map.get("explained").get(1).asDouble());

    JsonNode again = ok(TestStudio.get(server, "/api/stylemap?document=" + id), 200);
    assertThat(again.get("points")).isEqualTo(map.get("points"));

    ok(TestStudio.get(server, "/api/stylemap"), 400);
    ok(TestStudio.get(server, "/api/stylemap?document=999999"), 404);
  }
}
