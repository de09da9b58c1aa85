package orphic.lm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orphic.lm.model.ModelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poetic loss as a training regime (docs/poetic-training.md): saved, resumed exactly, logged as plain CE. */
class PoeticTrainingTest {
  @TempDir Path tmp;

  private Path corpus() throws IOException {
    StringBuilder sb = new StringBuilder();
    String[] lines = {"the lamp is lit and the river is low.\n", "— where are you going?\n— out.\n", "absence is a kind of address.\n"};
    for (int i = 0; i < 120; i++) sb.append(lines[i % 3]);
    Path f = tmp.resolve("corpus.txt");
    Files.writeString(f, sb.toString());
    return f;
  }

  private static TrainConfig base(long steps) {
    return new TrainConfig(steps, 0, 4, 3e-3, 3e-4, "cosine", 3, 1.0, 0.1, false, 0.9, 0.99, 7, 4, 1, 0, 3600);
  }

  private TrainJob.Spec spec(Path corpus, String out, TrainConfig train, boolean resume) {
    return new TrainJob.Spec(List.of(corpus), "gpt", "char", 1, 2, 16, 16, 0.1f, 5L, train, tmp.resolve(out), resume);
  }

  @Test
  void thePoeticLossWithABandIsSavedAndResumesBitForBit() throws IOException {
    Path corpus = corpus();
    TrainConfig train = base(10).withPoeticLoss(0.8, 1.0, 2.5, 0.2);
    TrainJob.Prepared full = TrainJob.prepare(spec(corpus, "a", train, false), null);
    Trainer.Summary a = full.run(0);
    assertThat(TrainJob.prepare(spec(corpus, "b", train, false), null).run(4).stoppedEarly()).isTrue();
    // resume reads the regime back from config.json (the spec's own is the default)
    TrainJob.Prepared resumed = TrainJob.prepare(spec(corpus, "b", base(10), true), null);
    Trainer.Summary b = resumed.run(0);
    assertThat(b.steps()).isEqualTo(a.steps());
    assertThat(resumed.trainer().parameters().data()).containsExactly(full.trainer().parameters().data());

    JsonNode t = new ModelDirectory(tmp.resolve("b")).readConfigTree().path("train");
    assertThat(t.path("loss").asText()).isEqualTo("poetic");
    assertThat(t.path("poeticAlpha").asDouble()).isEqualTo(0.8);
    assertThat(t.path("entropyBandLow").asDouble()).isEqualTo(1.0);
    assertThat(t.path("entropyBandHigh").asDouble()).isEqualTo(2.5);
    assertThat(t.path("bandWeight").asDouble()).isEqualTo(0.2);
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readValue(json.writeValueAsString(train), TrainConfig.class)).isEqualTo(train);
  }

  @Test
  void alphaOneIsCrossEntropyBitForBitAndTheLogShowsPlainCrossEntropy() throws IOException {
    Path corpus = corpus();
    TrainConfig ce = base(6).withLoss("ce", 0.5, -1, 5, 0);
    TrainJob.Prepared x = TrainJob.prepare(spec(corpus, "ce", ce, false), null);
    x.run(0);
    TrainJob.Prepared y = TrainJob.prepare(spec(corpus, "p1", base(6).withPoeticLoss(1.0, 0, 0, 0), false), null);
    y.run(0);
    assertThat(y.trainer().parameters().data()).containsExactly(x.trainer().parameters().data());
    assertThat(firstLoss(tmp.resolve("p1"))).isEqualTo(firstLoss(tmp.resolve("ce")));

    // α < 1: the first step's logged loss is still the cross-entropy of the same (untrained) model and batch
    TrainJob.Prepared z = TrainJob.prepare(spec(corpus, "p9", base(6).withPoeticLoss(0.5, 0, 0, 0), false), null);
    z.run(0);
    assertThat(firstLoss(tmp.resolve("p9"))).isEqualTo(firstLoss(tmp.resolve("ce")));
    assertThat(z.trainer().parameters().data()).isNotEqualTo(x.trainer().parameters().data());
  }

  private static double firstLoss(Path dir) throws IOException {
    String line = Files.readAllLines(dir.resolve(ModelDirectory.TRAIN_LOG)).getFirst();
    return new ObjectMapper().readTree(line).path("loss").asDouble();
  }

  @Test
  void invalidPoeticSettingsAreRefused() {
    assertThatThrownBy(() -> base(5).withPoeticLoss(1.2, 0, 0, 0)).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> base(5).withPoeticLoss(0.9, 3, 2, 0.1)).hasMessageContaining("LO <= HI");
    assertThatThrownBy(() -> base(5).withPoeticLoss(0.9, 0, 0, 0).withCommunity(3, 0.5, true)).hasMessageContaining("drop --loss poetic");
  }
}
