package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import orphic.lm.model.ModelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sample --field-corpus}: the co-occurrence field as a stage of the chain. */
class SampleFieldTest {
  @TempDir Path tmp;

  @Test
  void weightOneFollowsTheFieldAlone() throws Exception {
    ModelDirectory dir = TestModels.charGpt(tmp.resolve("m"), "abc de\nfg", 16, 16);
    Path corpus = tmp.resolve("corpus.txt");
    Files.writeString(corpus, "abcabcabcabc");
    Run r = Run.of("sample", "--model", dir.root().toString(), "--prompt", "ab", "--tokens", "6", "--temperature", "0",
        "--field-corpus", corpus.toString(), "--field-weight", "1", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode o = new ObjectMapper().readTree(r.lastOutLine());
    assertThat(o.get("text").asText()).isEqualTo("cabcab");
    assertThat(o.get("sampler").asText()).contains("field(1, trigram)");

    Run noCorpus = Run.of("sample", "--model", dir.root().toString(), "--prompt", "ab", "--tokens", "2", "--field-weight", "0.5");
    assertThat(noCorpus.exit()).isEqualTo(2);
    assertThat(noCorpus.err()).contains("--field-corpus");
    Run viaSet = Run.of("sample", "--model", dir.root().toString(), "--prompt", "ab", "--tokens", "2", "--set", "field_weight=0.5");
    assertThat(viaSet.exit()).isNotZero();
    assertThat(viaSet.err()).contains("--field-corpus");
  }
}
