package orphic.lm.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orphic.lm.model.Models;
import orphic.lm.train.Presets;
import orphic.lm.train.TrainConfig;
import orphic.lm.train.TrainJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingVariantsTest {
  @TempDir Path tmp;

  @Test
  void theRegimesAreFoundByNameAndChangeOnlyTheRegime() {
    TrainConfig base = TrainConfig.defaults();
    for (String n : List.of("neutral", "community", "sgld", "sgdr")) {
      Variant v = Variants.forName(n);
      TrainConfig t = v.train(base);
      assertThat(t).as(n).isNotEqualTo(base);
      assertThat(base.withRegimeOf(t)).as(n + " changes only the regime").isEqualTo(t);
    }
    assertThat(Variants.forName("neutral").train(base).loss()).isEqualTo("neutral");
    assertThat(Variants.forName("sgld").train(base).optimizer()).isEqualTo("psgld");
    assertThat(Variants.forName("sgdr").train(base).snapshots()).isEqualTo(4);
    assertThat(Variants.forName("community").train(base).community()).isEqualTo(3);
  }

  @Test
  void theCommunityKeepsTheBaselinesParameterBudget() {
    int d = TrainingVariants.memberDim("gpt", 2, 4, 96, 32, 3);
    long baseline = Models.build(Presets.model("gpt", 64, 2, 4, 96, 32, null, 1L)).module().parameterCount();
    long member = Models.build(Presets.model("gpt", 64, 2, 4, d, 32, null, 1L)).module().parameterCount();
    assertThat(d % 4).isZero();
    assertThat(3 * member).isLessThanOrEqualTo(baseline).isGreaterThan((long) (0.85 * baseline));
  }

  @Test
  void anExperimentRunsTheRegimesAndRefusesTuning() throws IOException {
    Path corpus = tmp.resolve("corpus.txt");
    Files.writeString(corpus, "Behold the lamp, and the keeper of the lamp.\n— You're late.\n— I'm always late.\n".repeat(40));
    Path out = tmp.resolve("exp");
    var metrics = new ModelMetrics.Options(16, List.of(), 1, 0, 0, 1.0, 1);
    var setup = Experiment.builder(List.of(corpus), List.of("community"), out)
        .steps(4).sizes(1, 2, 16, 16).batch(2).evalEvery(4L).metrics(metrics).build();
    Experiment.Outcome o = new Experiment(setup).run(null);
    assertThat(o.runs()).extracting(RunResult::dir).containsExactly("community-s1");
    assertThat(o.runs()).filteredOn(r -> r.dir().equals("community-s1")).first().extracting(RunResult::model).asString().startsWith("3× ");
    assertThat(out.resolve("community-s1/config.json")).content().contains("\"community\"");
    assertThat(o.runs().getFirst().metrics().get("disagreement")).isPositive();

    // a variant that touches the learning rate is tuning, and refused
    Variant tuned = Variant.builder("tuned").train(t -> new TrainConfig(t.steps(), t.minutes(), t.batch(), t.learningRate() * 2,
        t.minLearningRate(), t.schedule(), t.warmupSteps(), t.clip(), t.weightDecay(), t.decayAll(), t.beta1(), t.beta2(), t.seed(),
        t.evalEvery(), t.evalStride(), t.sampleTokens(), t.checkpointSeconds())).build();
    TrainJob.Spec spec = new TrainJob.Spec(List.of(corpus), "gpt", "char", 1, 2, 16, 16, null, 1L, TrainConfig.defaults(), out, false);
    TrainConfig changed = tuned.train(spec.train());
    assertThat(TrainConfig.defaults().withRegimeOf(changed)).isNotEqualTo(changed);
  }
}
