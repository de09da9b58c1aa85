package orphic.lm.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orphic.lm.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoeticTrainingVariantsTest {
  @TempDir Path tmp;

  @Test
  void theVariantsAreFoundByNameAndChangeOnlyTheLoss() {
    TrainConfig base = TrainConfig.defaults();
    for (String n : List.of("poetic-loss", "entropy-band")) {
      TrainConfig t = Variants.forName(n).train(base);
      assertThat(t.loss()).as(n).isEqualTo("poetic");
      assertThat(base.withRegimeOf(t)).as(n + " changes only the regime").isEqualTo(t);
    }
    assertThat(Variants.forName("poetic-loss").train(base).poeticAlpha()).isEqualTo(0.9);
    TrainConfig band = Variants.forName("entropy-band").train(base);
    assertThat(List.of(band.poeticAlpha(), band.entropyBandLow(), band.entropyBandHigh(), band.bandWeight()))
        .containsExactly(1.0, 1.8, 3.8, 0.1);
  }

  @Test
  void aTinyExperimentReportsNoveltyAndEntropyRateForEveryVariant() throws Exception {
    Path corpus = tmp.resolve("corpus.txt");
    Files.writeString(corpus, "Behold the lamp, and the keeper of the lamp.\n— You're late.\n— I'm always late.\n".repeat(40));
    Path out = tmp.resolve("exp");
    var metrics = new ModelMetrics.Options(16, List.of(0.05), 1, 2, 40, 1.0, 1);
    var setup = Experiment.builder(List.of(corpus), List.of("baseline", "poetic-loss", "entropy-band"), out)
        .steps(4).sizes(1, 2, 16, 16).batch(2).evalEvery(4L).metrics(metrics).build();
    Experiment.Outcome o = new Experiment(setup).run(null);
    assertThat(o.runs()).extracting(RunResult::variant).containsExactly("baseline", "poetic-loss", "entropy-band");
    var json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    for (var run : json.path("runs")) {
      assertThat(run.path("metrics").path("novelty").asDouble(-1)).as(run.path("dir").asText()).isBetween(0.0, 1.0);
      assertThat(run.path("metrics").path("entropy_rate").asDouble(-1)).isBetween(0.0, Math.log(64) / Math.log(2));
    }
    String md = Files.readString(out.resolve("report.md"));
    assertThat(md).contains("| novelty | entropy rate |");
    assertThat(md.lines().filter(l -> l.startsWith("| entropy-band |")).findFirst()).isPresent();
    assertThat(out.resolve("poetic-loss-s1/config.json")).content().contains("\"poetic\"");
  }
}
