package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import orphic.lm.model.ModelDirectory;
import orphic.workbench.lexicon.Activation;
import orphic.workbench.lexicon.Lexicon;
import orphic.workbench.lexicon.Term;
import orphic.workbench.store.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sample --lexicon-workspace}: the lexicon's priming and phrase bias reach the output. */
class SampleLexiconTest {
  @TempDir Path tmp;

  @Test
  void viralityPushesTheFiredTermIntoTheOutputAndPrimingIsContext() throws Exception {
    ModelDirectory dir = TestModels.charGpt(tmp.resolve("m"), "salt and the sea, debt of the body\n", 64, 16);
    Path ws = tmp.resolve("ws");
    try (Workspace w = Workspace.init(ws)) {
      new Lexicon(w).put(Term.of("salt", "what the sea leaves", List.of(), Activation.builder().keys("sea").bias(4).build()));
    }
    String m = dir.root().toString();
    Run plain = Run.of("sample", "--model", m, "--prompt", "the sea ", "--tokens", "40", "--seed", "3", "--json");
    Run viral = Run.of("sample", "--model", m, "--prompt", "the sea ", "--tokens", "40", "--seed", "3", "--json",
        "--lexicon-workspace", ws.toString(), "--lexical-virality", "3");
    assertThat(plain.exit()).as(plain.err()).isZero();
    assertThat(viral.exit()).as(viral.err()).isZero();
    JsonNode p = new ObjectMapper().readTree(plain.lastOutLine()), v = new ObjectMapper().readTree(viral.lastOutLine());
    assertThat(v.get("lexicon_fired").get(0).asText()).isEqualTo("salt");
    assertThat(count(v.get("text").asText(), "salt")).isGreaterThan(count(p.get("text").asText(), "salt"));

    Run primed = Run.of("sample", "--model", m, "--prompt", "the sea ", "--tokens", "40", "--seed", "3", "--json",
        "--lexicon-workspace", ws.toString(), "--lexicon-priming");
    assertThat(primed.exit()).as(primed.err()).isZero();
    // the priming is context the model reads: same seed, other output
    assertThat(new ObjectMapper().readTree(primed.lastOutLine()).get("text").asText()).isNotEqualTo(p.get("text").asText());

    Run noWorkspace = Run.of("sample", "--model", m, "--prompt", "x", "--tokens", "2", "--lexical-virality", "1");
    assertThat(noWorkspace.exit()).isEqualTo(1);
    assertThat(noWorkspace.err()).contains("--lexicon-workspace");
  }

  private static int count(String text, String word) {
    int n = 0;
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) n++;
    return n;
  }
}
