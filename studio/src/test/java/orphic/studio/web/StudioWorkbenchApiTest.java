package orphic.studio.web;

import static orphic.studio.web.TestStudio.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import orphic.workbench.lexicon.Lexicon;
import orphic.workbench.store.Documents;
import orphic.workbench.store.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace-backed API over real sockets: SQLite documents, lexicon, inspect, train, lexical virality. */
class StudioWorkbenchApiTest {
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
  void documentsAndTheLoomLiveInTheWorkspaceDatabase() throws Exception {
    JsonNode doc = post("/api/documents", Map.of("title", "In the db", "text", "the sea", "settings", Map.of("preset", "balanced")), 201);
    String id = doc.get("id").asText();
    List<Sse.Event> events;
    HttpResponse<InputStream> r = TestStudio.HTTP.send(TestStudio.json(server, "POST", "/api/generate",
        "{\"document\": \"" + id + "\", \"prompt\": \"the sea\", \"max_tokens\": 4, \"settings\": {\"seed\": 3}}").build(), HttpResponse.BodyHandlers.ofInputStream());
    try (Sse sse = new Sse(r.body())) {
      events = sse.all();
    }
    String node = events.getLast().data().get("node").asText();
    try (Workspace ws = Workspace.open(workspace)) {
      var stored = new Documents(ws).get(Long.parseLong(id)).orElseThrow();
      assertThat(stored.title()).isEqualTo("In the db");
      assertThat(stored.settingsJson()).contains("\"preset\":\"balanced\"").contains("\"loom_head\":\"" + node + "\"");
      var branches = new orphic.workbench.store.Branches(ws).tree(Long.parseLong(id));
      assertThat(branches).hasSize(2);
      assertThat(branches.getFirst().text()).isEqualTo("the sea");
      assertThat(branches.getLast().metadataJson()).contains("\"kind\":\"model\"");
    }
    JsonNode back = ok(TestStudio.get(server, "/api/documents/" + id), 200);
    assertThat(back.get("head").asText()).isEqualTo(node);
    assertThat(back.get("settings").has("loom_head")).isFalse();
  }

  @Test
  void lexiconTermsAndRelationsCanBeAddedEditedAndDeleted() throws Exception {
    JsonNode t = post("/api/lexicon/terms", Map.of("name", "ember", "definition", "what the fire keeps", "aliases", List.of("embers")), 201);
    assertThat(t.get("name").asText()).isEqualTo("ember");
    assertThat(t.get("activation").get("probability").asInt()).isEqualTo(100);
    post("/api/lexicon/terms", Map.of("name", "ember"), 409);
    post("/api/lexicon/terms", Map.of("name", "ash"), 201);
    JsonNode edited = ok(TestStudio.send(TestStudio.json(server, "PUT", "/api/lexicon/terms/ember",
        "{\"definition\": \"a coal's memory\", \"activation\": {\"bias\": 2.5}}")), 200);
    assertThat(edited.get("definition").asText()).isEqualTo("a coal's memory");
    assertThat(edited.get("aliases").get(0).asText()).isEqualTo("embers");
    assertThat(edited.get("activation").get("bias").asDouble()).isEqualTo(2.5);
    ok(TestStudio.send(TestStudio.json(server, "PUT", "/api/lexicon/terms/ember", "{\"activation\": {\"probability\": 400}}")), 400);
    JsonNode rel = post("/api/lexicon/relations", Map.of("from", "ember", "type", "evolves to", "to", "ash"), 201);
    assertThat(rel.get("type").asText()).isEqualTo("EVOLVES_TO");
    post("/api/lexicon/relations", Map.of("from", "ember", "type", "LINKED", "to", "nothing"), 404);
    JsonNode all = ok(TestStudio.get(server, "/api/lexicon"), 200);
    assertThat(all.get("terms").findValuesAsText("name")).contains("ash", "ember");
    assertThat(all.get("relations")).anySatisfy(r -> assertThat(r.get("from").asText() + r.get("to").asText()).isEqualTo("emberash"));
    try (Workspace ws = Workspace.open(workspace)) {
      assertThat(new Lexicon(ws).relations("ember")).hasSize(1);
    }
    ok(TestStudio.send(TestStudio.request(server, "/api/lexicon/relations/" + rel.get("id").asText()).DELETE()), 204);
    ok(TestStudio.send(TestStudio.request(server, "/api/lexicon/terms/ash").DELETE()), 204);
    ok(TestStudio.send(TestStudio.request(server, "/api/lexicon/terms/ash").DELETE()), 404);
    ok(TestStudio.send(TestStudio.request(server, "/api/lexicon/terms/ember").DELETE()), 204);
  }

  @Test
  void theActivationTesterSaysWhichEntriesFireAndWhy() throws Exception {
    post("/api/lexicon/terms", Map.of("name", "tithe", "definition", "a tenth"), 201);
    post("/api/lexicon/terms", Map.of("name", "moon"), 201);
    JsonNode r = post("/api/lexicon/activate", Map.of("text", "She paid the tithe at dusk."), 200);
    assertThat(r.get("fired").get(0).asText()).isEqualTo("tithe");
    JsonNode tithe = null, moon = null;
    for (JsonNode t : r.get("traces")) {
      if (t.get("term").asText().equals("tithe")) tithe = t;
      if (t.get("term").asText().equals("moon")) moon = t;
    }
    assertThat(tithe.get("outcome").asText()).isEqualTo("FIRED");
    assertThat(tithe.get("position").asInt()).isEqualTo(13);
    assertThat(tithe.get("line").asText()).contains("key tithe at 13");
    assertThat(moon.get("outcome").asText()).isEqualTo("NO_KEY");
    assertThat(r.get("priming").asText()).isEqualTo("tithe: a tenth");
    ok(TestStudio.send(TestStudio.request(server, "/api/lexicon/terms/tithe").DELETE()), 204);
    ok(TestStudio.send(TestStudio.request(server, "/api/lexicon/terms/moon").DELETE()), 204);
  }

  @Test
  void lexicalViralityPushesTheFiredTermsIntoTheContinuation() throws Exception {
    post("/api/lexicon/terms", Map.of("name", "zq", "activation", Map.of("constant", true)), 201);
    try {
      String body = "{\"prompt\": \"the sea\", \"max_tokens\": 24, \"settings\": {\"seed\": 5, \"temperature\": 1.0, \"lexical_virality\": %s}}";
      List<Sse.Event> plain = generate(body.formatted("0"));
      List<Sse.Event> viral = generate(body.formatted("8"));
      assertThat(viral.getFirst().data().get("lexicon_phrases").get(0).asText()).isEqualTo("zq");
      assertThat(plain.getFirst().data().get("lexicon_phrases")).isEmpty();
      assertThat(count(viral, "z")).isGreaterThan(count(plain, "z"));
      ok(TestStudio.send(TestStudio.json(server, "POST", "/api/generate", body.formatted("\"much\""))), 400);
    } finally {
      ok(TestStudio.send(TestStudio.request(server, "/api/lexicon/terms/zq").DELETE()), 204);
    }
  }

  static List<Sse.Event> generate(String body) throws Exception {
    HttpResponse<InputStream> r = TestStudio.HTTP.send(TestStudio.json(server, "POST", "/api/generate", body).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    try (Sse sse = new Sse(r.body())) {
      return sse.all();
    }
  }

  static long count(List<Sse.Event> events, String text) {
    return events.stream().filter(e -> e.name().equals("token") && e.data().get("text").asText().equals(text)).count();
  }

  @Test
  void inspectReturnsEveryHeadsAttentionItsMetricsAndTheEntropyAlongTheText() throws Exception {
    JsonNode r = post("/api/inspect", Map.of("text", "the cat sat"), 200);
    assertThat(r.get("tokens")).hasSize(11);
    assertThat(r.get("layers").asInt()).isEqualTo(1);
    assertThat(r.get("heads").asInt()).isEqualTo(2);
    assertThat(r.get("attention")).hasSize(2);
    JsonNode head = r.get("attention").get(1);
    assertThat(head.get("head").asInt()).isEqualTo(1);
    JsonNode w = head.get("weights");
    assertThat(w).hasSize(11);
    for (int i = 0; i < 11; i++) {
      assertThat(w.get(i)).hasSize(i + 1);
      double sum = 0;
      for (JsonNode x : w.get(i)) sum += x.asDouble();
      assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    }
    assertThat(head.get("metrics").get("diagonal").asDouble()).isBetween(0.0, 1.0);
    assertThat(head.get("metrics").has("near_diagonal")).isTrue();
    assertThat(r.get("entropy")).hasSize(11);
    double maxBits = Math.log(TestStudio.ALPHABET.length()) / Math.log(2);
    for (JsonNode e : r.get("entropy")) assertThat(e.asDouble()).isBetween(0.0, maxBits + 1e-6);
    assertThat(r.get("void_mass").isNull()).isTrue(); // a gpt model has no void
    // Past the model's context (32) only the last tokens are analysed.
    JsonNode longer = post("/api/inspect", Map.of("text", "a long road. ".repeat(10)), 200);
    assertThat(longer.get("tokens")).hasSize(32);
    assertThat(longer.get("total_tokens").asInt()).isEqualTo(130);
    post("/api/inspect", Map.of("text", ""), 400);
    post("/api/inspect", Map.of("text", "a", "model", "nope"), 404);
  }

  @Test
  void inspectReportsTheVoidMassPerLayerAndHeadOfABlanchotModel(@TempDir Path other) throws Exception {
    orphic.lm.tokenize.Tokenizer tok = orphic.lm.tokenize.Tokenizer.train("char", TestStudio.ALPHABET);
    var config = orphic.lm.model.ModelConfig.blanchot(tok.vocabSize(), 16, 16, 2, 2, orphic.lm.model.BlanchotOptions.defaults());
    var model = orphic.lm.model.Models.build(config);
    var dir = new orphic.lm.model.ModelDirectory(other.resolve("void")).create();
    dir.writeConfig(config, null, null, "char");
    dir.writeWeights(model.module(), null);
    tok.save(dir.file(orphic.lm.model.ModelDirectory.TOKENIZER));
    try (StudioServer s = StudioServer.start(new StudioConfig(other.resolve("ws"), other.resolve("void"), "127.0.0.1", 0, null, StudioLimits.defaults()))) {
      HttpResponse<String> r = TestStudio.send(TestStudio.json(s, "POST", "/api/inspect", "{\"text\": \"the sea\", \"model\": \"void\"}"));
      JsonNode j = ok(r, 200);
      assertThat(j.get("void_mass")).hasSize(2);
      assertThat(j.get("void_mass").get(1)).hasSize(2);
      for (JsonNode row : j.get("void_mass")) for (JsonNode v : row) assertThat(v.asDouble()).isBetween(0.0, 1.0).isPositive();
      assertThat(j.get("entropy")).hasSize(7);
    }
    // The studio created the workspace it was pointed at (Workspace.init).
    assertThat(other.resolve("ws/orphic.db")).isRegularFile();
    assertThat(other.resolve("ws/models")).isDirectory();
  }

  @Test
  void aTinyTrainingStreamsItsLossAndItsModelAppearsInTheWorkspace() throws Exception {
    Path corpus = workspace.resolve("corpus.txt");
    Files.writeString(corpus, "the cat sat on the mat. the dog sat on the log. ".repeat(40));
    post("/api/train", Map.of("name", "bad name!", "corpus", corpus.toString()), 400);
    post("/api/train", Map.of("name", "x", "corpus", workspace.resolve("missing.txt").toString()), 400);
    post("/api/train", Map.of("name", "x"), 400);
    JsonNode started = post("/api/train", Map.of("name", "little", "corpus", "corpus.txt", "steps", 6, "layers", 1, "heads", 2, "dim", 16,
        "context", 16, "batch", 4, "eval_every", 3), 202);
    assertThat(started.get("name").asText()).isEqualTo("little");
    HttpResponse<InputStream> r = TestStudio.HTTP.send(TestStudio.request(server, "/api/train/events").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    List<Sse.Event> events;
    try (Sse sse = new Sse(r.body())) {
      events = sse.all();
    }
    List<Sse.Event> steps = events.stream().filter(e -> e.name().equals("step")).toList();
    assertThat(steps).hasSize(6);
    assertThat(steps.getLast().data().get("loss").asDouble()).isPositive();
    assertThat(events.stream().filter(e -> e.name().equals("eval"))).isNotEmpty()
        .allSatisfy(e -> assertThat(e.data().has("samples")).isTrue());
    assertThat(events.getLast().name()).isEqualTo("end");
    assertThat(events.getLast().data().get("status").asText()).as(events.getLast().data().toString()).isEqualTo("done");
    assertThat(workspace.resolve("models/little/model.safetensors")).exists();
    assertThat(ok(TestStudio.get(server, "/api/models"), 200).get("models").findValuesAsText("id")).contains("little");
    assertThat(ok(TestStudio.get(server, "/api/train"), 200).get("job").get("status").asText()).isEqualTo("done");
    post("/api/train", Map.of("name", "little", "corpus", "corpus.txt"), 409);
    post("/api/train/cancel", Map.of(), 409);

    // a style adapter on the model just trained: it lands in adapters/ and the style dial offers it
    Files.writeString(workspace.resolve("voice.txt"), "the mat sat on the cat. the log sat on the dog. ".repeat(40));
    post("/api/train", Map.of("name", "voice", "kind", "adapter", "base", "nope", "corpus", "voice.txt"), 404);
    post("/api/train", Map.of("name", "voice", "kind", "lora", "base", "little", "corpus", "voice.txt"), 400);
    post("/api/train", Map.of("name", "voice", "kind", "adapter", "base", "little", "corpus", "voice.txt", "steps", 4, "rank", 2,
        "batch", 4, "eval_every", 2), 202);
    HttpResponse<InputStream> ar = TestStudio.HTTP.send(TestStudio.request(server, "/api/train/events").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    List<Sse.Event> adapterEvents;
    try (Sse sse = new Sse(ar.body())) {
      adapterEvents = sse.all();
    }
    assertThat(adapterEvents.stream().filter(e -> e.name().equals("message")).map(e -> e.data().get("text").asText()))
        .anyMatch(t -> t.startsWith("style adapter 'voice'"));
    assertThat(adapterEvents.getLast().data().get("status").asText()).as(adapterEvents.getLast().data().toString()).isEqualTo("done");
    assertThat(workspace.resolve("adapters/voice/adapter.json")).isRegularFile();
    assertThat(ok(TestStudio.get(server, "/api/models/little/adapters"), 200).get("adapters").findValuesAsText("name")).contains("voice");
  }

  @Test
  void cancellingATrainingKeepsItsCheckpoint() throws Exception {
    Path corpus = workspace.resolve("corpus2.txt");
    Files.writeString(corpus, "a sea of salt, a sky of ash; ".repeat(60));
    post("/api/train", Map.of("name", "stopped", "corpus", corpus.toString(), "steps", 100_000, "minutes", 5, "layers", 1, "heads", 2,
        "dim", 16, "context", 16, "batch", 2, "eval_every", 100_000), 202);
    post("/api/train", Map.of("name", "second", "corpus", corpus.toString()), 409);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (ok(TestStudio.get(server, "/api/train"), 200).get("job").get("step").asLong() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
    post("/api/train/cancel", Map.of(), 202);
    while (!ok(TestStudio.get(server, "/api/train"), 200).get("job").get("status").asText().equals("cancelled") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(ok(TestStudio.get(server, "/api/train"), 200).get("job").get("status").asText()).isEqualTo("cancelled");
    assertThat(new orphic.lm.model.ModelDirectory(workspace.resolve("training/stopped")).hasTrainState()).isTrue();
    assertThat(workspace.resolve("models/stopped")).doesNotExist();
  }
}
