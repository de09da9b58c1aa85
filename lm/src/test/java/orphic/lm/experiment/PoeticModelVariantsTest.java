package orphic.lm.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.PoeticOptions;
import orphic.lm.train.Presets;
import orphic.lm.train.TrainConfig;
import orphic.lm.train.TrainJob;
import org.junit.jupiter.api.Test;

class PoeticModelVariantsTest {
  private static TrainJob.Spec base(Path... corpus) {
    return new TrainJob.Spec(List.of(corpus), "gpt", "char", 2, 2, 32, 16, null, 1L, TrainConfig.defaults(), Path.of("out"), false);
  }

  private static PoeticOptions options(String name, TrainJob.Spec base) {
    Variant v = Variants.forName(name);
    TrainJob.Spec s = v.spec(base);
    assertThat(s).isEqualTo(Variants.forName("baseline").spec(base)); // only the model changes
    assertThat(v.train(TrainConfig.defaults())).isEqualTo(TrainConfig.defaults());
    ModelConfig preset = Presets.model("gpt", 40, s.layers(), s.heads(), s.dim(), s.context(), s.dropout(), s.seed());
    return v.model(preset).poetic();
  }

  @Test
  void eachVariantSwitchesOnOneOption() {
    assertThat(Variants.names()).contains("attn-mask", "pos-noise", "phonetic", "style-film");
    TrainJob.Spec one = base(Path.of("c.txt"));
    assertThat(options("attn-mask", one)).isEqualTo(PoeticOptions.none().withAttentionDrop(0.1f));
    assertThat(options("pos-noise", one)).isEqualTo(PoeticOptions.none().withPositionNoise(0.02f, 0f));
    assertThat(options("phonetic", one)).isEqualTo(PoeticOptions.none().withPhonetic(32, new int[40]));
    assertThat(options("style-film", base(Path.of("kjv.txt"), Path.of("austen.txt"))).styles()).containsExactly("kjv", "austen");
    assertThatThrownBy(() -> options("style-film", one)).hasMessageContaining("several --corpus");
  }
}
