package orphic.lm.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import orphic.engine.tensor.Arena;
import orphic.lm.metrics.CharacterCorruption;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.Models;
import orphic.lm.tokenize.Tokenizer;
import orphic.lm.train.Evaluator;
import org.junit.jupiter.api.Test;

class ModelMetricsTest {
  private static final String TEXT = "the keeper of the lamp walks the shore at night and counts the waves. ".repeat(6);

  private static LanguageModel model(Tokenizer t) {
    return Models.build(ModelConfig.gpt(t.vocabSize(), 16, 16, 1, 2));
  }

  @Test
  void validationPassAgreesWithTheEvaluator() {
    Tokenizer t = Tokenizer.train("char", TEXT);
    LanguageModel m = model(t);
    int[] ids = t.encode(TEXT);
    ValidationPass pass = ValidationPass.run(m, ids, null, 3);
    Evaluator.Result ref = Evaluator.evaluate(m, ids, null, 4, 1, new Arena());
    assertThat(pass.loss.tokens()).isEqualTo(ref.tokens());
    assertThat(pass.loss.value()).isCloseTo(ref.natsPerChar(), within(1e-4));
    assertThat(pass.calibration.count()).isEqualTo(ref.tokens());
  }

  @Test
  void measuresEveryFigureDeterministically() {
    Tokenizer t = Tokenizer.train("char", TEXT);
    LanguageModel m = model(t);
    int[] ids = t.encode(TEXT);
    var o = ModelMetrics.Options.defaults().withSamples(2, 24);
    int[] alphabet = CharacterCorruption.alphabet(TEXT);
    ModelMetrics.Measurement a = ModelMetrics.measure(m, t, ids, alphabet, TEXT, o);
    ModelMetrics.Measurement b = ModelMetrics.measure(m, t, ids, alphabet, TEXT, o);
    assertThat(a).isEqualTo(b);
    assertThat(a.values()).containsOnlyKeys("val_loss", "top1_accuracy", "ece", "corrupt_5_loss", "corrupt_10_loss", "distinct_2", "distinct_3",
        "novelty", "entropy_rate");
    // untrained: near-uniform predictions (entropy rate close to log2 V bits), text mostly unlike the corpus
    assertThat(a.values().get("entropy_rate")).isBetween(Math.log(t.vocabSize()) / Math.log(2) - 0.5, Math.log(t.vocabSize()) / Math.log(2));
    assertThat(a.values().get("novelty")).isBetween(0.0, 1.0);
    assertThat(ModelMetrics.measure(m, t, ids, alphabet, new ModelMetrics.Options(16, List.of(), 1, 1, 8, 1.0, 1)).values()).doesNotContainKey("novelty").containsKey("entropy_rate");
    // an untrained model is near uniform: about ln V nats per character
    assertThat(a.values().get("val_loss")).isCloseTo(Math.log(t.vocabSize()), within(0.3));
    assertThat(a.values().get("ece")).isBetween(0.0, 1.0);
    assertThat(a.samples()).hasSize(2).allSatisfy(s -> assertThat(s.codePointCount(0, s.length())).isEqualTo(25));
  }

  @Test
  void corruptionKeysNameThePercentage() {
    assertThat(List.of(ModelMetrics.corruptionKey(0.05), ModelMetrics.corruptionKey(0.10), ModelMetrics.corruptionKey(0.025)))
        .containsExactly("corrupt_5_loss", "corrupt_10_loss", "corrupt_2_5_loss");
  }
}
