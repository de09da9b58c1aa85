package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train with the poetic options, sample --style (docs/poetic.md). */
class PoeticCommandTest {
  @TempDir Path tmp;

  @Test
  void trainsAStyledModelWithEveryOptionAndSamplesAlongTheDial() throws Exception {
    Path a = tmp.resolve("psalms.txt"), b = tmp.resolve("letters.txt");
    Files.writeString(a, "And the LORD spake unto Moses, saying.\n".repeat(30));
    Files.writeString(b, "My dear Emma, I write to you in haste.\n".repeat(30));
    Path out = tmp.resolve("m");
    Run r = Run.of("train", "--corpus", a.toString(), b.toString(), "--out", out.toString(), "--layers", "1", "--heads", "2",
        "--dim", "16", "--context", "16", "--batch", "4", "--steps", "4", "--eval-every", "4", "--style-conditioning", "--style-dim", "4",
        "--attention-drop", "0.1", "--position-noise", "0.02", "--position-drop", "0.1", "--phonetic", "8", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    var p = new ObjectMapper().readTree(out.resolve("config.json").toFile()).get("model").get("poetic");
    assertThat(p.get("styles").toString()).isEqualTo("[\"psalms\",\"letters\"]");
    assertThat(p.get("styleDim").asInt()).isEqualTo(4);
    assertThat(p.get("attentionDrop").asDouble()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(p.get("phoneticBuckets").asInt()).isEqualTo(8);
    assertThat(p.get("phoneticClasses").size()).isPositive();
    Run s = Run.of("sample", "--model", out.toString(), "--prompt", "And", "--tokens", "5", "--seed", "3", "--style", "psalms=1.5,letters=-0.5", "--json");
    assertThat(s.exit()).as(s.err()).isZero();
    assertThat(new ObjectMapper().readTree(s.lastOutLine()).get("text").asText()).isNotNull();
    assertThat(Run.of("sample", "--model", out.toString(), "--prompt", "And", "--tokens", "2", "--style", "nope=1").exit()).isEqualTo(2);
    assertThat(Run.of("sample", "--model", out.toString(), "--prompt", "And", "--tokens", "2", "--style", "psalms").exit()).isEqualTo(2);
    // the options need gpt, and style conditioning needs several corpora
    assertThat(Run.of("train", "--corpus", a.toString(), "--out", tmp.resolve("x").toString(), "--arch", "haze", "--phonetic", "8").exit()).isEqualTo(2);
    assertThat(Run.of("train", "--corpus", a.toString(), "--out", tmp.resolve("y").toString(), "--style-conditioning").exit()).isEqualTo(2);
  }
}
