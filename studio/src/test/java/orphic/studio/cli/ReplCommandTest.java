package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Models;
import orphic.lm.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orphic repl} with piped input (no terminal: the plain console). */
class ReplCommandTest {
  @TempDir Path tmp;

  private Path model() throws Exception {
    Tokenizer tok = Tokenizer.train("char", "abc de\nfg");
    ModelConfig config = ModelConfig.gpt(tok.vocabSize(), 16, 16, 1, 2);
    LanguageModel m = Models.build(config);
    ModelDirectory dir = new ModelDirectory(tmp.resolve("m")).create();
    dir.writeConfig(config, null, null, "char");
    dir.writeWeights(m.module(), null);
    tok.save(dir.file(ModelDirectory.TOKENIZER));
    return dir.root();
  }

  private static Run withInput(String input, String... args) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    try {
      return Run.of(args);
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void pipedInputRunsTheSessionAndQuitExitsZero() throws Exception {
    Run r = withInput("/config\nabc\n/quit\n", "repl", "--model", model().toString(), "--tokens", "8", "--sampler", "precise",
        "--seed", "3", "--history", "none");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("sampler     preset precise").contains("8 tokens · ").contains("· seed 3");
  }

  @Test
  void samplerOptionsAreCheckedAsUsageErrors() throws Exception {
    Run r = withInput("", "repl", "--model", model().toString(), "--top-p", "3");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("top-p");
    Run t = withInput("", "repl", "--model", model().toString(), "--tokens", "0");
    assertThat(t.exit()).isEqualTo(2);
  }

  @Test
  void aMissingModelIsAFailureWithAMessage() {
    Run r = withInput("", "repl", "--model", tmp.resolve("nothing").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("config.json").doesNotContain("\tat ");
  }
}
