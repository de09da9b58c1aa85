package orphic.lm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orphic.lm.generate.Generator;
import orphic.lm.model.BlanchotModel;
import orphic.lm.model.BlanchotOptions;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --arch blanchot with every model-side component on: trains, resumes bit for bit, loads and samples. */
class BlanchotTrainingTest {
  @TempDir Path tmp;

  private Path corpus() throws IOException {
    StringBuilder sb = new StringBuilder();
    String[] lines = {"the lamp is lit and the river is low.\n", "— where are you going?\n— out.\n", "absence is a kind of address.\n"};
    for (int i = 0; i < 120; i++) sb.append(lines[i % 3]);
    Path f = tmp.resolve("corpus.txt");
    Files.writeString(f, sb.toString());
    return f;
  }

  private TrainJob.Prepared prepare(Path corpus, Path out, boolean resume) throws IOException {
    TrainConfig train = new TrainConfig(12, 0, 4, 3e-3, 3e-4, "cosine", 3, 1.0, 0.1, false, 0.9, 0.99, 7, 4, 1, 0, 3600);
    var spec = new TrainJob.Spec(List.of(corpus), "blanchot", "char", 2, 2, 16, 16, 0.1f, 5L, train, out, resume);
    return TrainJob.prepare(spec, null, c -> c.withBlanchot(BlanchotOptions.all().withDense(true, 0, 1)));
  }

  @Test
  void trainsResumesExactlyAndSamples() throws IOException {
    Path corpus = corpus();
    TrainJob.Prepared full = prepare(corpus, tmp.resolve("a"), false);
    Trainer.Summary a = full.run(0);
    assertThat(a.steps()).isEqualTo(12);
    assertThat(full.model()).isInstanceOf(BlanchotModel.class);

    TrainJob.Prepared first = prepare(corpus, tmp.resolve("b"), false);
    assertThat(first.run(7).stoppedEarly()).isTrue();
    TrainJob.Prepared resumed = prepare(corpus, tmp.resolve("b"), true);
    Trainer.Summary b = resumed.run(0);
    assertThat(b.steps()).isEqualTo(12);
    assertThat(resumed.trainer().parameters().data()).containsExactly(full.trainer().parameters().data());
    assertThat(b.valLoss()).isEqualTo(a.valLoss());

    ModelDirectory dir = new ModelDirectory(tmp.resolve("a"));
    assertThat(dir.readModelConfig().blanchot().tokenCounts()).isNotNull();
    LanguageModel loaded = dir.loadModel();
    assertThat(loaded.config()).isEqualTo(full.model().config());
    int[] out = new Generator(loaded).generate(new int[] {1}, 20, Generator.temperature(1.0, 0, 1), null);
    assertThat(out).hasSize(20);
    assertThat(((BlanchotModel) loaded).lastMeanVoidMass()).hasDimensions(2, 2);
  }
}
