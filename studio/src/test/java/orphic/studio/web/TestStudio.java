package orphic.studio.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Models;
import orphic.lm.tokenize.Tokenizer;

/** A workspace with a tiny random-weight model, and requests against a studio on it. */
final class TestStudio {
  static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz .,\n<>/\"'()=;:ABCDEFGHIJKLMNOPQRSTUVWXYZ!?0123456789_";

  private TestStudio() {}

  /** Writes models/tiny (char tokenizer, 1-layer gpt, random weights) into the workspace. */
  static void tinyModel(Path workspace) throws IOException {
    Tokenizer tok = Tokenizer.train("char", ALPHABET);
    ModelConfig config = ModelConfig.gpt(tok.vocabSize(), 32, 16, 1, 2);
    LanguageModel model = Models.build(config);
    ModelDirectory dir = new ModelDirectory(workspace.resolve("models").resolve("tiny")).create();
    dir.writeConfig(config, null, null, "char");
    dir.writeWeights(model.module(), null);
    tok.save(dir.file(ModelDirectory.TOKENIZER));
  }

  static StudioServer start(Path workspace, String token, StudioLimits limits) throws IOException {
    return StudioServer.start(new StudioConfig(workspace, null, "127.0.0.1", 0, token, limits));
  }

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static HttpRequest.Builder request(StudioServer s, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path));
  }

  static HttpResponse<String> get(StudioServer s, String path) throws IOException, InterruptedException {
    return HTTP.send(request(s, path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest.Builder json(StudioServer s, String method, String path, String body) {
    return request(s, path).header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
  }

  static HttpResponse<String> send(HttpRequest.Builder r) throws IOException, InterruptedException {
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  static final ObjectMapper JSON = new ObjectMapper();

  /** POSTs {@code body} written as JSON. */
  static HttpResponse<String> post(StudioServer s, String path, Object body) throws IOException, InterruptedException {
    return send(json(s, "POST", path, JSON.writeValueAsString(body)));
  }

  /** Asserts the status (the body in the message) and parses the body; null when it is empty. */
  static JsonNode ok(HttpResponse<String> r, int status) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return r.body().isEmpty() ? null : JSON.readTree(r.body());
  }
}
