package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path tmp;

  @Test
  void trainsOnTheBundledCorpusPrintsSamplesAndSaysWhereTheModelWent() {
    Run r = Run.of("demo", "--out", tmp.toString(), "--steps", "3", "--minutes", "1", "--sample-tokens", "10", "--no-studio");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("trained 3 steps").contains("precise").contains("balanced").contains("liminal-drift")
        .contains(tmp.resolve("model").toString());
    assertThat(tmp.resolve("model/model.safetensors")).exists();
    assertThat(tmp.resolve("corpus/liturgical.txt")).exists();
  }
}
