package orphic.studio.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API over real sockets, against a studio with a tiny random-weight model. */
class StudioApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path workspace;
  static StudioServer server;

  @BeforeAll
  static void start() throws Exception {
    TestStudio.tinyModel(workspace);
    server = TestStudio.start(workspace, null, new StudioLimits(1 << 20, 20_000, 1_000_000, 2, 2));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    return JSON.readTree(r.body());
  }

  static String createDocument(String text) throws Exception {
    return ok(TestStudio.send(TestStudio.json(server, "POST", "/api/documents", JSON.writeValueAsString(
        java.util.Map.of("title", "T", "text", text, "settings", java.util.Map.of("preset", "balanced"))))), 201).get("id").asText();
  }

  static List<Sse.Event> generate(String body) throws Exception {
    HttpResponse<InputStream> r = TestStudio.HTTP.send(TestStudio.json(server, "POST", "/api/generate", body).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    try (Sse sse = new Sse(r.body())) {
      return sse.all();
    }
  }

  @Test
  void listsTheWorkspaceModels() throws Exception {
    JsonNode models = ok(TestStudio.get(server, "/api/models"), 200).get("models");
    assertThat(models).hasSize(1);
    assertThat(models.get(0).get("id").asText()).isEqualTo("tiny");
    assertThat(models.get(0).get("ready").asBoolean()).isTrue();
    assertThat(models.get(0).get("vocab_size").asInt()).isEqualTo(TestStudio.ALPHABET.length());
  }

  @Test
  void theModelOptionIsListedFirst(@TempDir Path other) throws Exception {
    TestStudio.tinyModel(other);
    Path extra = other.resolve("models").resolve("tiny");
    java.nio.file.Files.move(extra, other.resolve("mine"));
    try (StudioServer s = StudioServer.start(new StudioConfig(workspace, other.resolve("mine"), "127.0.0.1", 0, null, StudioLimits.defaults()))) {
      JsonNode models = ok(TestStudio.get(s, "/api/models"), 200).get("models");
      assertThat(models.findValuesAsText("id")).containsExactly("mine", "tiny");
      assertThat(models.get(0).get("source").asText()).isEqualTo("option");
    }
  }

  @Test
  void listsPresetsAndSliders() throws Exception {
    JsonNode s = ok(TestStudio.get(server, "/api/samplers"), 200);
    assertThat(s.get("presets").size()).isGreaterThan(3);
    assertThat(s.get("presets").get(0).get("settings").has("temperature")).isTrue();
    assertThat(s.get("sliders").findValuesAsText("key")).contains("temperature", "top_k", "top_p", "min_p", "anti_coherence");
  }

  @Test
  void documentsCanBeCreatedReadUpdatedAndDeleted() throws Exception {
    String id = createDocument("Once");
    assertThat(ok(TestStudio.get(server, "/api/documents/" + id), 200).get("text").asText()).isEqualTo("Once");
    JsonNode updated = ok(TestStudio.send(TestStudio.json(server, "PUT", "/api/documents/" + id,
        "{\"text\": \"Once upon\", \"settings\": {\"preset\": \"fever\", \"temperature\": 1.3}}")), 200);
    assertThat(updated.get("text").asText()).isEqualTo("Once upon");
    assertThat(updated.get("title").asText()).isEqualTo("T");
    assertThat(updated.get("settings").get("temperature").asDouble()).isEqualTo(1.3);
    assertThat(ok(TestStudio.get(server, "/api/documents"), 200).get("documents").findValuesAsText("id")).contains(id);
    assertThat(TestStudio.send(TestStudio.request(server, "/api/documents/" + id).DELETE()).statusCode()).isEqualTo(204);
    ok(TestStudio.get(server, "/api/documents/" + id), 404);
    ok(TestStudio.get(server, "/api/documents/..%2F..%2Fetc"), 404);
  }

  @Test
  void generationStreamsWellFormedTokenEventsAndSavesABranch() throws Exception {
    String doc = createDocument("the cat");
    List<Sse.Event> events = generate("{\"document\": \"" + doc + "\", \"prompt\": \"the cat\", \"max_tokens\": 12, \"settings\": {\"preset\": \"balanced\", \"seed\": 7}}");
    assertThat(events.getFirst().name()).isEqualTo("start");
    assertThat(events.getFirst().data().get("seed").asLong()).isEqualTo(7);
    assertThat(events.getLast().name()).isEqualTo("done");
    List<Sse.Event> tokens = events.subList(1, events.size() - 1);
    assertThat(tokens).hasSize(12).allSatisfy(e -> {
      assertThat(e.name()).isEqualTo("token");
      JsonNode t = e.data();
      assertThat(t.get("id").isInt()).isTrue();
      assertThat(t.get("text").isTextual()).isTrue();
      assertThat(t.get("p").asDouble()).isBetween(0.0, 1.0);
      assertThat(t.get("entropy").asDouble()).isGreaterThanOrEqualTo(0.0);
      assertThat(t.get("top").size()).isGreaterThan(1);
      assertThat(t.get("top").get(0).has("text")).isTrue();
    });
    for (int i = 0; i < tokens.size(); i++) assertThat(tokens.get(i).data().get("index").asInt()).isEqualTo(i);
    JsonNode done = events.getLast().data();
    assertThat(done.get("reason").asText()).isEqualTo("length");
    String node = done.get("node").asText();

    // The loom: the writer's text as a root, the continuation under it; the document's head moved there.
    JsonNode loom = ok(TestStudio.get(server, "/api/documents/" + doc + "/loom"), 200);
    assertThat(loom.get("nodes")).hasSize(2);
    assertThat(loom.get("head").asText()).isEqualTo(node);
    JsonNode full = ok(TestStudio.get(server, "/api/documents/" + doc + "/loom/" + node), 200);
    assertThat(full.get("text_before").asText()).isEqualTo("the cat");
    assertThat(full.get("node").get("tokens")).hasSize(12);

    // Taking an alternative at token 3: a sibling that keeps tokens 0..2, has the alternative at 3, and goes on.
    JsonNode third = tokens.get(3).data();
    int alt = third.get("top").get(0).get("id").asInt() == third.get("id").asInt()
        ? third.get("top").get(1).get("id").asInt() : third.get("top").get(0).get("id").asInt();
    List<Sse.Event> branch = generate("{\"document\": \"" + doc + "\", \"max_tokens\": 5, \"take\": {\"node\": \"" + node
        + "\", \"index\": 3, \"id\": " + alt + "}}");
    assertThat(branch.getFirst().data().get("keep").asInt()).isEqualTo(3);
    assertThat(branch.stream().filter(e -> e.name().equals("token"))).hasSize(5);
    String sibling = branch.getLast().data().get("node").asText();
    JsonNode s = ok(TestStudio.get(server, "/api/documents/" + doc + "/loom/" + sibling), 200).get("node");
    assertThat(s.get("parent").asText()).isEqualTo(full.get("node").get("parent").asText());
    assertThat(s.get("tokens")).hasSize(3 + 1 + 5);
    for (int i = 0; i < 3; i++) assertThat(s.get("tokens").get(i).get("id").asInt()).isEqualTo(tokens.get(i).data().get("id").asInt());
    assertThat(s.get("tokens").get(3).get("id").asInt()).isEqualTo(alt);
    assertThat(ok(TestStudio.get(server, "/api/documents/" + doc + "/loom"), 200).get("nodes")).hasSize(3);

    // Continuing from the branch with more typed text adds the writer's words as a node under it.
    String at = ok(TestStudio.get(server, "/api/documents/" + doc + "/loom/" + sibling), 200).get("text_before").asText() + s.get("text").asText();
    List<Sse.Event> more = generate("{\"document\": \"" + doc + "\", \"parent\": \"" + sibling + "\", \"prompt\": " + JSON.writeValueAsString(at + " and")
        + ", \"max_tokens\": 3}");
    String last = more.getLast().data().get("node").asText();
    JsonNode lastNode = ok(TestStudio.get(server, "/api/documents/" + doc + "/loom/" + last), 200);
    assertThat(lastNode.get("text_before").asText()).isEqualTo(at + " and");
  }

  @Test
  void aPromptLongerThanTheContextIsContinued() throws Exception {
    String prompt = "the long road went on and on past the hill, ".repeat(8); // 360 characters, context 32
    List<Sse.Event> events = generate("{\"prompt\": " + JSON.writeValueAsString(prompt) + ", \"max_tokens\": 40}");
    assertThat(events.getFirst().data().get("prompt_tokens").asInt()).isEqualTo(prompt.length());
    assertThat(events.stream().filter(e -> e.name().equals("token"))).hasSize(40);
    assertThat(events.getLast().name()).isEqualTo("done");
    assertThat(events.getLast().data().has("node")).isFalse(); // no document: nothing saved
  }

  @Test
  void aClientThatGoesAwayCancelsItsGenerationAndFreesItsDecoder() throws Exception {
    String doc = createDocument("a");
    HttpResponse<InputStream> r = TestStudio.HTTP.send(TestStudio.json(server, "POST", "/api/generate",
        "{\"document\": \"" + doc + "\", \"prompt\": \"a\", \"max_tokens\": 1000000}").build(), HttpResponse.BodyHandlers.ofInputStream());
    Sse sse = new Sse(r.body());
    assertThat(sse.next().name()).isEqualTo("start");
    for (int i = 0; i < 5; i++) assertThat(sse.next().name()).isEqualTo("token");
    assertThat(server.activeGenerations()).isEqualTo(1);
    sse.close(); // closes the connection mid-stream
    long deadline = System.nanoTime() + 20_000_000_000L;
    while ((server.activeGenerations() > 0 || server.lentDecoders() > 0 || server.heldClientSlots() > 0) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.activeGenerations()).isZero();
    assertThat(server.lentDecoders()).isZero();
    assertThat(server.heldClientSlots()).isZero();
    // What had been generated is kept, marked as cancelled.
    JsonNode loom = ok(TestStudio.get(server, "/api/documents/" + doc + "/loom"), 200);
    String node = loom.get("head").asText();
    JsonNode saved = ok(TestStudio.get(server, "/api/documents/" + doc + "/loom/" + node), 200).get("node");
    assertThat(saved.get("meta").get("reason").asText()).isEqualTo("cancelled");
    assertThat(saved.get("tokens").size()).isGreaterThanOrEqualTo(5).isLessThan(1_000_000);
  }

  @Test
  void badRequestsGetJsonErrorsWithAFix() throws Exception {
    JsonNode e = ok(TestStudio.send(TestStudio.json(server, "POST", "/api/generate", "{\"prompt\": \"a\", \"settings\": {\"top_p\": 7}}")), 400);
    assertThat(e.get("error").asText()).contains("top-p");
    assertThat(e.get("fix").asText()).isNotBlank();
    ok(TestStudio.send(TestStudio.json(server, "POST", "/api/generate", "{\"prompt\": \"\"}")), 400);
    ok(TestStudio.send(TestStudio.json(server, "POST", "/api/generate", "not json")), 400);
    ok(TestStudio.send(TestStudio.json(server, "POST", "/api/generate", "{\"prompt\": \"a\", \"model\": \"nope\"}")), 404);
    ok(TestStudio.send(TestStudio.json(server, "POST", "/api/generate", "{\"prompt\": \"a\", \"max_tokens\": 0}")), 400);
    ok(TestStudio.get(server, "/api/nothing-here"), 404);
  }
}
