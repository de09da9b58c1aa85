package orphic.lm.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import orphic.lm.model.BlanchotOptions;
import orphic.lm.model.ModelConfig;
import orphic.lm.train.Presets;
import orphic.lm.train.TrainConfig;
import orphic.lm.train.TrainJob;
import org.junit.jupiter.api.Test;

class BlanchotVariantsTest {
  private static final TrainJob.Spec BASE = new TrainJob.Spec(List.of(Path.of("c.txt")), "gpt", "char", 2, 2, 32, 16, null, 1L,
      TrainConfig.defaults(), Path.of("out"), false);

  private static BlanchotOptions options(String variant) {
    Variant v = Variants.forName(variant);
    TrainJob.Spec s = v.spec(BASE);
    assertThat(s.arch()).isEqualTo("blanchot");
    // same sizes and training as the baseline: only the architecture changes
    assertThat(new TrainJob.Spec(s.corpus(), "gpt", s.tokenizer(), s.layers(), s.heads(), s.dim(), s.context(), s.dropout(), s.seed(),
        s.train(), s.out(), s.resume())).isEqualTo(Variants.forName("baseline").spec(BASE));
    ModelConfig preset = Presets.model("blanchot", 40, s.layers(), s.heads(), s.dim(), s.context(), s.dropout(), s.seed());
    ModelConfig c = v.model(preset);
    ModelConfig gpt = Presets.model("gpt", 40, s.layers(), s.heads(), s.dim(), s.context(), s.dropout(), s.seed());
    assertThat(c.mlpHidden()).isEqualTo(gpt.mlpHidden());
    assertThat(c.initStd()).isEqualTo(gpt.initStd());
    return c.blanchot();
  }

  @Test
  void eachVariantSwitchesOnlyItsComponents() {
    assertThat(Variants.names()).contains("void", "dense", "orphic", "blanchot");
    BlanchotOptions v = options("void");
    assertThat(v.voidMode()).isEqualTo("kv");
    assertThat(v.dense() || v.orphicEmbedding() || v.residualScores() || v.outputGate() || v.backwardTwin() > 0).isFalse();
    BlanchotOptions d = options("dense");
    assertThat(d.dense()).isTrue();
    assertThat(d.hasVoid()).isFalse();
    BlanchotOptions o = options("orphic");
    assertThat(o.orphicEmbedding()).isTrue();
    assertThat(o.backwardTwin()).isPositive();
    assertThat(o.hasVoid() || o.dense()).isFalse();
    BlanchotOptions all = options("blanchot");
    assertThat(all.hasVoid() && all.residualScores() && all.outputGate() && all.dense() && all.orphicEmbedding()).isTrue();
    assertThat(all.backwardTwin()).isPositive();
  }

  @Test
  void allIsEveryModelComponentWithTheNeutralLoss() {
    Variant all = Variants.forName("all");
    assertThat(all.spec(BASE).arch()).isEqualTo("blanchot");
    ModelConfig preset = Presets.model("blanchot", 40, 2, 2, 32, 16, null, 1L);
    assertThat(all.model(preset).blanchot()).isEqualTo(BlanchotOptions.all());
    TrainConfig t = all.train(TrainConfig.defaults());
    assertThat(t.loss()).isEqualTo("neutral");
    assertThat(t).isEqualTo(Variants.forName("neutral").train(TrainConfig.defaults()));
  }
}
