package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OrphicCliTest {
  static final List<String> COMMANDS = List.of(
      "demo", "train", "sample", "eval", "logits", "inspect", "import-haze", "export-haze", "field", "repl", "experiment", "community", "adapter", "hydra", "studio", "style", "bench", "test", "workspace", "lexicon", "converse", "board", "transform");

  @Test
  void helpListsEveryCommand() {
    Run r = Run.of("--help");
    assertThat(r.exit()).isZero();
    for (String c : COMMANDS) assertThat(r.out()).containsPattern("(?m)^\\s+" + c + "\\s");
  }

  @Test
  void noCommandPrintsTheList() {
    Run r = Run.of();
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Commands:").contains("train");
  }

  @Test
  void benchHelpListsItsBenchmarks() {
    Run r = Run.of("bench", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("gemm").contains("train").contains("generate");
  }

  @Test
  void trainHelpShowsTheDocumentedOptions() {
    Run r = Run.of("train", "--help");
    assertThat(r.exit()).isZero();
    for (String o : List.of("--corpus", "--arch", "--out", "--layers", "--heads", "--dim", "--context", "--batch",
        "--steps", "--minutes", "--lr", "--schedule", "--warmup-steps", "--clip", "--weight-decay", "--seed",
        "--threads", "--tokenizer", "--resume", "--json")) {
      assertThat(r.out()).contains(o);
    }
  }

  @Test
  void unknownOptionIsAOneLineUsageError() {
    Run r = Run.of("bench", "gemm", "--frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("--frobnicate").contains("--help");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownCommandIsAUsageError() {
    Run r = Run.of("trian");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("train");
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    Run r = Run.of("train", "--arch", "gpt");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("--corpus").contains("--out");
  }

  @Test
  void outOfRangeValuesAreUsageErrors() {
    assertThat(Run.of("train", "--corpus", "c.txt", "--arch", "gpt", "--out", "m", "--tokenizer", "bpe:x").exit()).isEqualTo(2);
    assertThat(Run.of("train", "--corpus", "c.txt", "--arch", "gpt", "--out", "m", "--dim", "10", "--heads", "3").exit()).isEqualTo(2);
    assertThat(Run.of("bench", "gemm", "--shapes", "round").exit()).isEqualTo(2);
    assertThat(Run.of("bench", "gemm", "--threads", "0").exit()).isEqualTo(2);
    assertThat(Run.of("bench").exit()).isEqualTo(2);
    assertThat(Run.of("studio", "--port", "70000").exit()).isEqualTo(2);
    assertThat(Run.of("studio", "--model", "no-such-model-dir").exit()).isEqualTo(2);
  }

  @Test
  void trainTokenizerParses() {
    assertThat(TrainOptions.Tokenizer.parse("char")).isEqualTo(new TrainOptions.Tokenizer("char", 0));
    assertThat(TrainOptions.Tokenizer.parse("bpe:512")).isEqualTo(new TrainOptions.Tokenizer("bpe", 512));
  }

  @Test
  void verboseAddsTheStackTrace() {
    Run quiet = Run.of("repl", "--model", "m");
    Run loud = Run.of("repl", "--model", "m", "--verbose");
    assertThat(quiet.err()).doesNotContain("\tat ");
    assertThat(loud.exit()).isEqualTo(1);
    assertThat(loud.err()).contains("\tat ");
  }

  @Test
  void testCommandPointsAtTheLauncher() {
    Run r = Run.of("test");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("./orphic test");
  }

  @Test
  void versionNamesJavaAndKernels() {
    Run r = Run.of("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("orphic").contains("Java").contains("threads");
  }
}
