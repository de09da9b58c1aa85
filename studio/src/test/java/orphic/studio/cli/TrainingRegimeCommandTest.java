package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training-regime options of {@code orphic train} and the {@code orphic community} command. */
class TrainingRegimeCommandTest {
  @TempDir Path tmp;

  private Path corpus() throws Exception {
    Path f = tmp.resolve("corpus.txt");
    Files.writeString(f, "Behold the lamp, and the keeper of the lamp.\n— You're late.\n— I'm always late.\n".repeat(80));
    return f;
  }

  @Test
  void sgdrSnapshotsBecomeACommunityThatSamplesAndEvaluates() throws Exception {
    Path run = tmp.resolve("run");
    Run r = Run.of("train", "--corpus", corpus().toString(), "--out", run.toString(), "--layers", "1", "--heads", "2", "--dim", "16",
        "--context", "16", "--batch", "2", "--steps", "9", "--warmup-steps", "1", "--eval-every", "8", "--schedule", "sgdr",
        "--restart-period", "4", "--snapshots", "2", "--optimizer", "psgld", "--sgld-noise", "1e-6");
    assertThat(r.exit()).as(r.err()).isZero();
    var train = new ObjectMapper().readTree(run.resolve("config.json").toFile()).get("train");
    assertThat(train.get("schedule").asText()).isEqualTo("sgdr");
    assertThat(train.get("optimizer").asText()).isEqualTo("psgld");
    assertThat(run.resolve("snapshots/step-0000005")).isDirectory(); // warm-up 1, cycles of 4: ends after steps 5 and 9
    assertThat(run.resolve("snapshots/step-0000009")).isDirectory();

    Path community = tmp.resolve("community");
    Run c = Run.of("community", "--snapshots-of", run.toString(), "--out", community.toString());
    assertThat(c.exit()).as(c.err()).isZero();
    Run eval = Run.of("eval", "--model", community.toString(), "--corpus", corpus().toString(), "--json");
    assertThat(eval.exit()).as(eval.err()).isZero();
    assertThat(new ObjectMapper().readTree(eval.lastOutLine()).get("val_loss").asDouble()).isPositive();
    Run sample = Run.of("sample", "--model", community.toString(), "--prompt", "Behold", "--tokens", "5", "--seed", "3", "--json");
    assertThat(sample.exit()).as(sample.err()).isZero();
    assertThat(Run.of("community", "--members", run.toString(), "--out", tmp.resolve("x").toString()).exit()).isEqualTo(2);

    Path cd = tmp.resolve("cd");
    assertThat(Run.of("community", "--snapshots-of", run.toString(), "--contrastive", "--cd-alpha", "0.2", "--out", cd.toString()).exit()).isZero();
    Run cs = Run.of("sample", "--model", cd.toString(), "--prompt", "Behold", "--tokens", "5", "--seed", "3", "--json");
    assertThat(cs.exit()).as(cs.err()).isZero();
    assertThat(new ObjectMapper().readTree(cs.lastOutLine()).get("tokens").size()).isEqualTo(5);
  }

  @Test
  void aCommunityAndTheNeutralLossFromTheCommandLine() throws Exception {
    Path out = tmp.resolve("c");
    Run r = Run.of("train", "--corpus", corpus().toString(), "--out", out.toString(), "--layers", "1", "--heads", "2", "--dim", "16",
        "--context", "16", "--batch", "2", "--steps", "3", "--community", "2", "--ncl-lambda", "0.3");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("2× gpt model");
    var tree = new ObjectMapper().readTree(out.resolve("config.json").toFile());
    assertThat(tree.path("community").path("members").asInt()).isEqualTo(2);
    assertThat(tree.path("community").path("lambda").asDouble()).isEqualTo(0.3);

    Path n = tmp.resolve("n");
    Run nr = Run.of("train", "--corpus", corpus().toString(), "--out", n.toString(), "--layers", "1", "--heads", "2", "--dim", "16",
        "--context", "16", "--batch", "2", "--steps", "3", "--loss", "neutral", "--flood", "0.5", "--disaster", "4");
    assertThat(nr.exit()).as(nr.err()).isZero();
    var t = new ObjectMapper().readTree(n.resolve("config.json").toFile()).get("train");
    assertThat(t.get("loss").asText()).isEqualTo("neutral");
    assertThat(t.get("flood").asDouble()).isEqualTo(0.5);
    assertThat(t.get("labelSmoothing").asDouble()).isEqualTo(0.1);

    assertThat(Run.of("train", "--corpus", "c.txt", "--out", "m", "--flood", "high").exit()).isEqualTo(2);
    assertThat(Run.of("train", "--corpus", "c.txt", "--out", "m", "--community", "1").exit()).isEqualTo(2);
  }
}
