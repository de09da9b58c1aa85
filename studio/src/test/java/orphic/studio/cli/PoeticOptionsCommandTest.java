package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --loss poetic …} and {@code sample --entropy-schedule …} (docs/poetic-training.md). */
class PoeticOptionsCommandTest {
  @TempDir Path tmp;

  @Test
  void thePoeticLossTrainsAndTheEntropyScheduleSamples() throws Exception {
    Path corpus = tmp.resolve("corpus.txt");
    Files.writeString(corpus, "Behold the lamp, and the keeper of the lamp.\n— You're late.\n— I'm always late.\n".repeat(80));
    Path out = tmp.resolve("p");
    Run r = Run.of("train", "--corpus", corpus.toString(), "--out", out.toString(), "--layers", "1", "--heads", "2", "--dim", "16",
        "--context", "16", "--batch", "2", "--steps", "3", "--loss", "poetic", "--poetic-alpha", "0.8", "--entropy-band", "1:2.5",
        "--band-weight", "0.2");
    assertThat(r.exit()).as(r.err()).isZero();
    var t = new ObjectMapper().readTree(out.resolve("config.json").toFile()).get("train");
    assertThat(t.get("loss").asText()).isEqualTo("poetic");
    assertThat(t.get("poeticAlpha").asDouble()).isEqualTo(0.8);
    assertThat(t.get("entropyBandLow").asDouble()).isEqualTo(1.0);
    assertThat(t.get("entropyBandHigh").asDouble()).isEqualTo(2.5);
    assertThat(t.get("bandWeight").asDouble()).isEqualTo(0.2);

    Run s = Run.of("sample", "--model", out.toString(), "--prompt", "Behold", "--tokens", "12", "--seed", "3", "--entropy-schedule",
        "--entropy-schedule-gain", "3", "--entropy-schedule-half-life", "4", "--json");
    assertThat(s.exit()).as(s.err()).isZero();
    var tokens = new ObjectMapper().readTree(s.lastOutLine()).get("tokens");
    assertThat(tokens.size()).isEqualTo(12);
    for (var tok : tokens) assertThat(tok.get("temperature").asDouble()).isBetween(0.3, 2.0);

    assertThat(Run.of("train", "--corpus", "c.txt", "--out", "m", "--poetic-alpha", "0.9").exit()).isEqualTo(2);        // needs --loss poetic
    assertThat(Run.of("train", "--corpus", "c.txt", "--out", "m", "--loss", "poetic", "--entropy-band", "3:1").exit()).isEqualTo(2);
    assertThat(Run.of("sample", "--model", out.toString(), "--prompt", "B", "--entropy-schedule-target", "2").exit()).isNotZero();
  }
}
