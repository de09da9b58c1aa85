package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {
  @TempDir Path tmp;

  private Path corpus() throws Exception {
    Path f = tmp.resolve("corpus.txt");
    Files.writeString(f, "Behold the lamp, and the keeper of the lamp.\n— You're late.\n— I'm always late.\n".repeat(40));
    return f;
  }

  @Test
  void runsTwoVariantsAndPrintsTheJsonSummary() throws Exception {
    Path out = tmp.resolve("exp");
    Run r = Run.of("experiment", "--corpus", corpus().toString(), "--variants", "gpt,gpt-L2", "--steps", "4", "--layers", "1",
        "--heads", "2", "--dim", "16", "--context", "16", "--batch", "4", "--eval-every", "2", "--samples", "1", "--sample-tokens", "12",
        "--out", out.toString(), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    var json = new ObjectMapper().readTree(r.lastOutLine());
    assertThat(json.path("runs")).hasSize(2);
    assertThat(json.path("summary").get(1).path("variant").asText()).isEqualTo("gpt-L2");
    assertThat(json.path("summary").get(1).path("params").asLong()).isGreaterThan(json.path("summary").get(0).path("params").asLong());
    assertThat(json.path("runs").get(0).path("val_loss").asDouble()).isPositive();
    assertThat(Path.of(json.path("report").asText())).isRegularFile();
    assertThat(out.resolve("results.json")).isRegularFile();
    byte[] png = Files.readAllBytes(out.resolve("val-loss-seconds.png"));
    assertThat(Arrays.copyOf(png, 4)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    String md = Files.readString(out.resolve("report.md"));
    assertThat(md).contains("./orphic experiment --corpus").contains("--variants gpt,gpt-L2").contains("| gpt-L2 |");
    assertThat(r.err()).contains("[1/2] gpt-s1: training").contains("[2/2] gpt-L2-s1");

    Run again = Run.of("experiment", "--corpus", corpus().toString(), "--variants", "gpt,gpt-L2", "--steps", "4", "--layers", "1",
        "--heads", "2", "--dim", "16", "--context", "16", "--batch", "4", "--eval-every", "2", "--samples", "1", "--sample-tokens", "12",
        "--out", out.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err()).contains("already done");
    assertThat(again.out()).contains("variant").contains("gpt-L2");
  }

  @Test
  void concurrentRunsTrainInChildProcessesAndTheReportCoversThem() throws Exception {
    Path out = tmp.resolve("conc");
    Run r = Run.of("experiment", "--corpus", corpus().toString(), "--variants", "gpt,haze", "--steps", "3", "--layers", "1",
        "--heads", "2", "--dim", "16", "--context", "16", "--batch", "4", "--eval-every", "3", "--samples", "0",
        "--out", out.toString(), "--concurrent", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("started gpt-s1").contains("started haze-s1").contains("haze-s1 finished");
    assertThat(out.resolve("gpt-s1.log")).isRegularFile();
    assertThat(out.resolve("haze-s1").resolve("run.json")).isRegularFile();
    // the in-process pass found both runs finished and only wrote the report
    assertThat(r.err()).contains("gpt-s1: already done").contains("haze-s1: already done");
    var json = new ObjectMapper().readTree(r.lastOutLine());
    assertThat(json.path("runs")).hasSize(2);
  }

  @Test
  void badVariantsAndBudgetsAreUsageErrors() throws Exception {
    String c = corpus().toString();
    Run unknown = Run.of("experiment", "--corpus", c, "--variants", "gpt,nope", "--steps", "2", "--out", tmp.resolve("a").toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown variant 'nope'").contains("gpt, baseline, haze, haze-rrpram, haze-content");
    Run twice = Run.of("experiment", "--corpus", c, "--variants", "gpt,baseline,gpt", "--steps", "2", "--out", tmp.resolve("b").toString());
    assertThat(twice.exit()).isEqualTo(2);
    assertThat(twice.err()).contains("listed twice");
    Run both = Run.of("experiment", "--corpus", c, "--variants", "gpt", "--steps", "2", "--minutes", "1", "--out", tmp.resolve("c").toString());
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("exactly one budget");
    Run none = Run.of("experiment", "--corpus", c, "--variants", "gpt", "--out", tmp.resolve("d").toString());
    assertThat(none.exit()).isEqualTo(2);
    assertThat(tmp.resolve("a")).doesNotExist();
  }
}
