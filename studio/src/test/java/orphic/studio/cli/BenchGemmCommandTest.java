package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchGemmCommandTest {
  @Test
  void jsonIsTheLastStdoutLineWithEveryField() throws Exception {
    Run r = Run.of("bench", "gemm", "--json", "--size", "16", "--seconds", "0.01", "--threads", "1,2");
    assertThat(r.exit()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.lastOutLine());
    JsonNode results = json.get("results");
    assertThat(results.size()).isEqualTo(2);
    for (int i = 0; i < 2; i++) {
      JsonNode x = results.get(i);
      assertThat(x.get("m").asInt()).isEqualTo(16);
      assertThat(x.get("n").asInt()).isEqualTo(16);
      assertThat(x.get("k").asInt()).isEqualTo(16);
      assertThat(x.get("trans_a").isBoolean()).isTrue();
      assertThat(x.get("trans_b").isBoolean()).isTrue();
      assertThat(x.get("threads").asInt()).isEqualTo(i + 1);
      assertThat(x.get("gflops").asDouble()).isPositive();
    }
    // With --json the human table goes to stderr, so stdout is only the JSON line.
    assertThat(r.out().strip()).doesNotContain("\n");
    assertThat(r.err()).contains("GFLOP/s");
  }

  @Test
  void withoutJsonTheTableIsOnStdout() {
    Run r = Run.of("bench", "gemm", "--size", "8", "--seconds", "0.01", "--threads", "1");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("GFLOP/s").contains("8x8x8").doesNotContain("{");
  }
}
