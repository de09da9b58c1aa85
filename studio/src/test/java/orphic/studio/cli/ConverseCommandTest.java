package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Models;
import orphic.lm.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orphic converse} and the REPL's {@code /converse} over a random-weight tiny gpt. */
class ConverseCommandTest {
  static final String CORPUS = "— the rain falls on the old house by the sea.\n— the sea is grey and the rain is cold.\n"
      + "— i light a candle in the window of the house.\n— tell me about the garden, the roses are asleep.\n";

  @TempDir Path tmp;

  private Path model() throws Exception {
    Path corpus = Files.writeString(tmp.resolve("corpus.txt"), CORPUS);
    Tokenizer tok = Tokenizer.train("char", CORPUS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ!?'");
    ModelConfig config = ModelConfig.gpt(tok.vocabSize(), 32, 16, 1, 2);
    LanguageModel m = Models.build(config);
    ModelDirectory dir = new ModelDirectory(tmp.resolve("m")).create();
    dir.writeConfig(config, null, Map.of("files", List.of(corpus.toString())), "char");
    dir.writeWeights(m.module(), null);
    tok.save(dir.file(ModelDirectory.TOKENIZER));
    return dir.root();
  }

  @Test
  void scriptedConversationWithComparisonAsJson() throws Exception {
    Path script = Files.writeString(tmp.resolve("script.txt"), "# a comment\nHello there!\n\nI brought a lantern.\nThe lantern again.\n");
    Run r = Run.of("converse", "--model", model().toString(), "--script", script.toString(), "--tokens", "16", "--seed", "5",
        "--compare", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.lastOutLine());
    assertThat(json.path("turns")).hasSize(3);
    JsonNode first = json.path("turns").get(0);
    assertThat(first.path("message").asText()).isEqualTo("Hello there!");
    assertThat(first.path("pulse").has("novelty")).isTrue();
    assertThat(first.path("expert").asText()).isIn("precise", "creative", "semantic", "wounded");
    assertThat(first.path("rings")).hasSize(3);
    assertThat(json.path("turns").get(1).path("new_words").toString()).contains("lantern");
    assertThat(json.path("effects")).hasSize(3);
    assertThat(r.err()).contains("effects").contains("[1] you: Hello there!");
  }

  @Test
  void noRingsAndShowInternalsAsText() throws Exception {
    Path script = Files.writeString(tmp.resolve("script.txt"), "Hello there!\nTell me about the sea.\n");
    Run r = Run.of("converse", "--model", model().toString(), "--script", script.toString(), "--tokens", "12", "--no-rings",
        "--show-internals", "--markdown");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("[2] you: Tell me about the sea.").contains("pulse: novelty").doesNotContain("ring echo")
        .contains("| # | message | reply |");
    Run bad = Run.of("converse", "--model", model().toString(), "--script", script.toString(), "--compare", "--no-rings");
    assertThat(bad.exit()).isEqualTo(2);
  }

  @Test
  void replConverseModeAnswersAndShowsInternals() throws Exception {
    String input = "/converse\nHello there!\n/rings\n/themes\nTell me about the sea.\n/converse off\n/quit\n";
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    Run r;
    try {
      r = Run.of("repl", "--model", model().toString(), "--seed", "3", "--history", "none");
    } finally {
      System.setIn(saved);
    }
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("conversation mode on (seed 3; field: the model's corpus)")
        .contains("  pulse novelty").contains("rings on").contains("  ring echo:").contains("  ring shard:")
        .contains("themes on").contains("  themes ").contains("conversation mode off");
  }
}
