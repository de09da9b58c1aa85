package orphic.workbench.style;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.GptModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.PoeticOptions;
import orphic.lm.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DialSweepTest {
  @TempDir Path tmp;

  @Test
  void sweepsScoresTabulatesAndPlots() throws Exception {
    Tokenizer tok = Tokenizer.train("char", "abcABC \n");
    GptModel m = new GptModel(ModelConfig.gpt(tok.vocabSize(), 16, 16, 1, 2).withPoetic(PoeticOptions.none().withStyles(List.of("low", "up"), 4)));
    // give FiLM a non-zero projection so the style matters
    Tensor w = m.module().stateDict().get("blocks.0.film_mlp.weight");
    for (int i = 0; i < w.size(); i++) w.data()[w.offset() + i] = (float) Math.sin(3 * i);
    float[] before = m.style();
    var settings = new DialSweep.Settings(3, 2, 10, "\n", 1.0, 4);
    DialSweep.Result r = DialSweep.run(m, tok, "low", "up", settings, text -> {
      long caps = text.chars().filter(Character::isUpperCase).count();
      double share = (double) caps / Math.max(1, text.length());
      return Map.of("upper", share, "other", 1 - share);
    });
    assertThat(r.points()).hasSize(3);
    assertThat(r.points().get(1).weight()).isEqualTo(0.5);
    assertThat(r.points().get(0).samples()).hasSize(2);
    assertThat(r.labels()).containsExactlyInAnyOrder("upper", "other");
    assertThat(m.style()).containsExactly(before);
    assertThat(r.table()).startsWith("| low : up |").contains("| 0.50 : 0.50 |");
    Path png = DialSweep.plot(r, tmp.resolve("s.png"));
    assertThat(Files.size(png)).isPositive();
    assertThat(r.toJson()).containsKeys("from", "to", "points");
  }
}
