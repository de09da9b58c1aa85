package orphic.studio.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import orphic.lm.adapter.AdapterTrainJob;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Models;
import orphic.lm.tokenize.Tokenizer;
import orphic.lm.train.TrainConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The style dial over real sockets: adapters made for the model are offered, others skipped; a weight changes the stream. */
class StudioStyleDialApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path workspace;
  static StudioServer server;

  static TrainConfig quick(long steps) {
    return new TrainConfig(steps, 0, 4, 3e-2, 3e-2, "cosine", 2, 1.0, 0, false, 0.9, 0.99, 11, 4, 1, 0, 1e9);
  }

  @BeforeAll
  static void start() throws Exception {
    TestStudio.tinyModel(workspace);
    Path corpus = workspace.resolve("calm.txt");
    Files.writeString(corpus, "zzz qqq zzz qqq. ".repeat(60));
    // An adapter trained for a few steps on the workspace's model, and one made for another base.
    Path adapters = workspace.resolve(ModelCatalog.ADAPTERS);
    AdapterTrainJob.prepare(new AdapterTrainJob.Spec(workspace.resolve("models/tiny"), List.of(corpus), adapters.resolve("calm"),
        4, 16f, null, "calm", 3, quick(12), false), null).run(0);
    Path other = workspace.resolve("other-base");
    Tokenizer tok = Tokenizer.train("char", TestStudio.ALPHABET);
    ModelConfig config = ModelConfig.gpt(tok.vocabSize(), 32, 8, 1, 2);
    LanguageModel model = Models.build(config);
    ModelDirectory dir = new ModelDirectory(other).create();
    dir.writeConfig(config, null, null, "char");
    dir.writeWeights(model.module(), null);
    tok.save(dir.file(ModelDirectory.TOKENIZER));
    AdapterTrainJob.prepare(new AdapterTrainJob.Spec(other, List.of(corpus), adapters.resolve("elsewhere"),
        2, 4f, null, "elsewhere", 3, quick(2), false), null).run(0);
    server = TestStudio.start(workspace, null, StudioLimits.defaults());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<Integer> ids(String style) throws Exception {
    String body = "{\"prompt\": \"the sea \", \"model\": \"tiny\", \"max_tokens\": 40, \"settings\": {\"seed\": 7, \"temperature\": 1.0, \"top_k\": 0, \"top_p\": 1.0, \"min_p\": 0"
        + (style == null ? "" : ", \"style\": " + style) + "}}";
    HttpResponse<InputStream> r = TestStudio.HTTP.send(TestStudio.json(server, "POST", "/api/generate", body).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    List<Integer> out = new ArrayList<>();
    try (Sse sse = new Sse(r.body())) {
      for (Sse.Event e : sse.all()) if (e.name().equals("token")) out.add(e.data().get("id").asInt());
    }
    return out;
  }

  @Test
  void adaptersMadeForTheModelAreOfferedAndOthersSkipped() throws Exception {
    HttpResponse<String> r = TestStudio.get(server, "/api/models/tiny/adapters");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode a = JSON.readTree(r.body());
    assertThat(a.get("adapters")).hasSize(1);
    assertThat(a.get("adapters").get(0).get("name").asText()).isEqualTo("calm");
    assertThat(a.get("adapters").get(0).get("min").asDouble()).isEqualTo(-1);
    assertThat(a.get("skipped")).hasSize(1);
    assertThat(a.get("skipped").get(0).get("name").asText()).isEqualTo("elsewhere");
    assertThat(a.get("skipped").get(0).get("problem").asText()).contains("another base model");
  }

  @Test
  void aStyleWeightChangesTheStreamAndZeroIsTheModelItself() throws Exception {
    List<Integer> plain = ids(null);
    List<Integer> zero = ids("{\"calm\": 0}");
    List<Integer> one = ids("{\"calm\": 1}");
    List<Integer> oneAgain = ids("{\"calm\": 1}"); // a pooled dial, set again
    List<Integer> plainAfter = ids(null); // the shared model was never touched
    assertThat(zero).isEqualTo(plain);
    assertThat(one).isNotEqualTo(zero);
    assertThat(oneAgain).isEqualTo(one);
    assertThat(plainAfter).isEqualTo(plain);
    assertThat(server.lentDecoders()).isZero();

    String bad = "{\"prompt\": \"the sea\", \"model\": \"tiny\", \"settings\": {\"style\": %s}}";
    assertThat(TestStudio.send(TestStudio.json(server, "POST", "/api/generate", bad.formatted("{\"elsewhere\": 1}"))).statusCode()).isEqualTo(400);
    assertThat(TestStudio.send(TestStudio.json(server, "POST", "/api/generate", bad.formatted("{\"calm\": 3}"))).statusCode()).isEqualTo(400);
    assertThat(TestStudio.send(TestStudio.json(server, "POST", "/api/generate", bad.formatted("[1]"))).statusCode()).isEqualTo(400);
  }

  @Test
  void hydraGrowsTheBranchesSideBySideWithTheirMetrics() throws Exception {
    String body = "{\"prompt\": \"the sea \", \"model\": \"tiny\", \"max_tokens\": 12, \"seed\": 3, \"style\": {\"calm\": 0.5}}";
    HttpResponse<String> r = TestStudio.send(TestStudio.json(server, "POST", "/api/hydra", body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode h = JSON.readTree(r.body());
    assertThat(h.get("branches")).hasSize(4);
    List<String> names = new ArrayList<>();
    for (JsonNode b : h.get("branches")) {
      names.add(b.get("name").asText());
      assertThat(b.get("tokens").asInt()).isEqualTo(12);
      assertThat(b.get("text").asText()).isNotEmpty();
      assertThat(b.get("distinct_2").asDouble()).isBetween(0.0, 1.0);
      assertThat(b.has("mean_entropy_bits")).isTrue();
    }
    assertThat(names).containsExactly("realism", "wonderland", "philosophical", "anti-muse");
    assertThat(h.get("branches").get(0).get("mix").asText()).contains("calm");
    assertThat(h.get("branches").get(3).get("mix").asText()).contains("calm"); // the only adapter: the anti-muse's
    assertThat(h.get("prompt_styles").has("calm")).isTrue();
    HttpResponse<String> again = TestStudio.send(TestStudio.json(server, "POST", "/api/hydra", body));
    JsonNode h2 = JSON.readTree(again.body());
    for (int i = 0; i < 4; i++) assertThat(h2.get("branches").get(i).get("text")).isEqualTo(h.get("branches").get(i).get("text")); // the same seed, the same branches
    assertThat(TestStudio.send(TestStudio.json(server, "POST", "/api/hydra", "{\"prompt\": \"x\", \"branches\": [\"nope\"]}")).statusCode()).isEqualTo(400);
    assertThat(TestStudio.send(TestStudio.json(server, "POST", "/api/hydra", "{\"prompt\": \"x\", \"max_tokens\": 9999}")).statusCode()).isEqualTo(400);
  }
}
