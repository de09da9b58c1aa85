package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Models;
import orphic.lm.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  @TempDir Path tmp;

  private Path model(ModelConfig config, Tokenizer tok) throws Exception {
    LanguageModel m = Models.build(config);
    ModelDirectory dir = new ModelDirectory(tmp.resolve(config.arch())).create();
    dir.writeConfig(config, null, null, "char");
    dir.writeWeights(m.module(), null);
    tok.save(dir.file(ModelDirectory.TOKENIZER));
    return dir.root();
  }

  @Test
  void jsonListsEveryHeadAndTheHeatmapsExist() throws Exception {
    Tokenizer tok = Tokenizer.train("char", "abc de\nfg");
    Path dir = model(ModelConfig.haze(tok.vocabSize(), 8, 16, 2, 2), tok);
    Path out = tmp.resolve("att");
    Run r = Run.of("inspect", "--model", dir.toString(), "--text", "abc de fg abc de fg", "--out", out.toString(), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode o = new ObjectMapper().readTree(r.lastOutLine());
    assertThat(o.get("tokens").asInt()).isEqualTo(19);
    assertThat(o.get("head_kind").asText()).isEqualTo("hybrid");
    assertThat(o.get("heads")).hasSize(4);
    for (JsonNode h : o.get("heads")) {
      assertThat(Files.size(out.resolve(h.get("heatmap").asText()))).isPositive();
      assertThat(h.get("uniformity").asDouble()).isBetween(0.0, 1.0 + 1e-9);
    }
    assertThat(Files.readString(out.resolve("report.txt"))).contains("sparsity");
  }

  @Test
  void plainOutputIsTheReportAndTheTextIsRequired() throws Exception {
    Tokenizer tok = Tokenizer.train("char", "abc de\nfg");
    Path dir = model(ModelConfig.gpt(tok.vocabSize(), 16, 16, 1, 2), tok);
    Run r = Run.of("inspect", "--model", dir.toString(), "--text", "abc de");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("near-diagonal", "0     mean");
    assertThat(Files.exists(dir.resolve("attention").resolve("layer0-head1.png"))).isTrue();
    Run none = Run.of("inspect", "--model", dir.toString());
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("--text");
  }
}
