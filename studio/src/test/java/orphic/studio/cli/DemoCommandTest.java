package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void selfCheckPassesAndSaysWhatItDid() {
    Run r = Run.of("demo", "--seconds", "0.02");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("sgemm vs scalar reference").contains("ok").contains("GFLOP/s")
        .contains("training issue");
  }
}
