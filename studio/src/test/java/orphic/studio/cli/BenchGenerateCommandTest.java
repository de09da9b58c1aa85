package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import orphic.lm.model.ModelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchGenerateCommandTest {
  @TempDir Path tmp;

  private static final String[] TINY = {"--random-model", "--layers", "1", "--heads", "2", "--dim", "16", "--context", "16",
      "--vocab", "11", "--warmup", "20", "--repeat", "2"};

  private static String[] args(String... more) {
    String[] a = new String[2 + TINY.length + more.length];
    a[0] = "bench";
    a[1] = "generate";
    System.arraycopy(TINY, 0, a, 2, TINY.length);
    System.arraycopy(more, 0, a, 2 + TINY.length, more.length);
    return a;
  }

  @Test
  void jsonIsTheLastStdoutLineWithTheContractFields() throws Exception {
    Run r = Run.of(args("--tokens", "40", "--json", "--temperature", "0.8", "--top-k", "5", "--seed", "3"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(r.lastOutLine());
    assertThat(json.get("tokens_per_second").asDouble()).isPositive();
    assertThat(json.get("ms_per_token_median").asDouble()).isPositive();
    assertThat(json.get("mode").asText()).isEqualTo("kv");
    assertThat(json.get("tokens").asInt()).isEqualTo(40);
    assertThat(json.get("runs_tokens_per_second").size()).isEqualTo(2);
    assertThat(json.get("tokens_per_second_best").asDouble()).isGreaterThanOrEqualTo(json.get("tokens_per_second").asDouble());
    assertThat(json.get("threads").asInt()).isEqualTo(1);
    assertThat(json.has("tokens_per_cpu_second")).isTrue();
    assertThat(json.get("allocated_bytes_per_token").isNumber()).isTrue();
    assertThat(r.err()).contains("tokens/s");
  }

  @Test
  void samplerChainOptionsRunTheChain() throws Exception {
    Run r = Run.of(args("--tokens", "30", "--top-p", "0.9", "--min-p", "0.05", "--json"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(r.lastOutLine()).get("sampler").asText()).isNotBlank();
  }

  @Test
  void allProcessorsRunsEveryStageAndSplitsChainFromModel() throws Exception {
    Run r = Run.of(args("--tokens", "30", "--all-processors", "--json"));
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.lastOutLine());
    String chain = json.get("sampler").asText();
    for (String stage : new String[] {"field(", "logit-bias", "lexicon-bias", "phonetic", "penalties", "dry", "top-k", "xtc", "anti-coherence"}) {
      assertThat(chain).contains(stage);
    }
    double chainMs = json.get("chain_ms_per_token_median").asDouble(), modelMs = json.get("model_ms_per_token_median").asDouble();
    assertThat(chainMs).isPositive();
    assertThat(modelMs).isPositive();
    assertThat(json.get("all_processors").asBoolean()).isTrue();
    assertThat(r.err()).contains("per token (medians): model");
    Run fieldWithoutModel = Run.of(args("--tokens", "5", "--field-corpus", tmp.toString()));
    assertThat(fieldWithoutModel.exit()).isEqualTo(2);
  }

  @Test
  void randomHazeModelsDecodeIncrementally() throws Exception {
    Run r = Run.of(args("--tokens", "40", "--arch", "haze", "--head-kind", "rrpram", "--mlp", "20", "--json"));
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.lastOutLine());
    assertThat(json.get("mode").asText()).isEqualTo("kv");
    assertThat(json.get("model").asText()).isEqualTo("random haze rrpram L1 H2 D16 N20 T16 V11");
    assertThat(Run.of(args("--tokens", "5", "--arch", "haze", "--head-kind", "fourier")).exit()).isEqualTo(2);
  }

  @Test
  void bfloat16WeightsAreAnOptionAndUnknownPrecisionsAUsageError() throws Exception {
    Run r = Run.of(args("--tokens", "20", "--precision", "bf16", "--json"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(r.lastOutLine()).get("precision").asText()).isEqualTo("bf16");
    assertThat(r.err()).contains("bf16 weights");
    Run bad = Run.of(args("--tokens", "5", "--precision", "int4"));
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("int4").contains("f32").contains("bf16");
  }

  @Test
  void benchPrecisionComparesTheTwoOnAModelDirectory() throws Exception {
    ModelDirectory dir = TestModels.charGpt(tmp.resolve("m"), "abc de\nfg", 16, 64);
    Path text = tmp.resolve("t.txt");
    java.nio.file.Files.writeString(text, "abc de fg\n".repeat(10));
    Run r = Run.of("bench", "precision", "--model", dir.root().toString(), "--corpus", text.toString(), "--tokens", "50", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.lastOutLine());
    assertThat(json.get("positions").asInt()).isEqualTo(49);
    assertThat(json.get("top1_agreement").asDouble()).isBetween(0.9, 1.0);
    assertThat(json.get("mean_kl").asDouble()).isBetween(0.0, 1e-3);
    assertThat(Math.abs(json.get("nats_per_token_bf16").asDouble() - json.get("nats_per_token_f32").asDouble())).isLessThan(1e-2);
    Run tooFew = Run.of("bench", "precision", "--model", dir.root().toString(), "--corpus", text.toString(), "--tokens", "1");
    assertThat(tooFew.exit()).isEqualTo(2);
  }

  @Test
  void fullRecomputationIsTheOtherMode() throws Exception {
    Run r = Run.of(args("--tokens", "20", "--mode", "full", "--json"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(r.lastOutLine()).get("mode").asText()).isEqualTo("full");
  }

  @Test
  void aModelDirectoryWorksToo() throws Exception {
    ModelDirectory dir = TestModels.charGpt(tmp.resolve("m"), "abc de\nfg", 16, 16);
    Run r = Run.of("bench", "generate", "--model", dir.root().toString(), "--tokens", "30", "--warmup", "10", "--repeat", "1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("tokens/s");
  }

  @Test
  void usageErrorsSayWhatToDo() {
    Run neither = Run.of("bench", "generate", "--tokens", "5");
    assertThat(neither.exit()).isEqualTo(2);
    assertThat(neither.err()).contains("--model DIR or --random-model");
    Run both = Run.of(args("--tokens", "5", "--model", tmp.toString()));
    assertThat(both.exit()).isEqualTo(2);
    Run badDim = Run.of("bench", "generate", "--random-model", "--dim", "16", "--heads", "3", "--tokens", "5");
    assertThat(badDim.exit()).isEqualTo(2);
    assertThat(badDim.err()).contains("multiple of --heads");
    Run badSetting = Run.of(args("--tokens", "5", "--set", "nonsense"));
    assertThat(badSetting.exit()).isEqualTo(2);
  }
}
