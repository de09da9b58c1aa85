package orphic.lm.haze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orphic.lm.model.HazeModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.train.TrainConfig;
import orphic.lm.train.TrainJob;
import orphic.lm.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The haze architecture through the ordinary training job, out to haze's weight format and back. */
class HazeTrainingTest {
  @TempDir Path tmp;

  private TrainJob.Spec spec(Path corpus, Path out) {
    TrainConfig train = new TrainConfig(8, 0, 4, 3e-3, 3e-4, "cosine", 2, 1.0, 0.1, false, 0.9, 0.99, 7, 4, 4, 0, 3600);
    return new TrainJob.Spec(List.of(corpus), "haze", "char:haze", 1, 2, 16, 16, 0.1f, 5L, train, out, false);
  }

  @Test
  void trainsThenExportsAndReimports() throws IOException {
    StringBuilder sb = new StringBuilder();
    String[] lines = {"The lamp is lit and the river is low.\n", "\"Where are you going?\" — out.\n", "Absence is a kind of address.\n"};
    for (int i = 0; i < 45; i++) sb.append(lines[i % 3]);
    Path corpus = tmp.resolve("corpus.txt");
    Files.writeString(corpus, sb.toString());

    Trainer.Summary summary = TrainJob.prepare(spec(corpus, tmp.resolve("a")), null).run(0);
    assertThat(summary.steps()).isEqualTo(8);
    assertThat(summary.valLoss()).isFinite();
    HazeModel a = (HazeModel) new ModelDirectory(tmp.resolve("a")).loadModel();
    a.train(false); // trained with dropout; the exported file has none

    Path npz = tmp.resolve("trained.npz");
    HazeImport.exportWeights(tmp.resolve("a"), npz);
    HazeImport.Imported back = HazeImport.importWeights(npz, corpus, tmp.resolve("c"));
    assertThat(back.config().headKind()).isEqualTo("hybrid");
    assertThat(back.tokenizer().codePoints()).containsExactly(new ModelDirectory(tmp.resolve("a")).loadTokenizer() instanceof
        orphic.lm.tokenize.CharTokenizer c ? c.codePoints() : null);
    int[] ids = new int[16];
    for (int i = 0; i < ids.length; i++) ids[i] = (i * 5) % back.config().vocabSize();
    assertThat(HazeWeightsTest.logits((HazeModel) back.directory().loadModel(), ids, 1, 16))
        .containsExactly(HazeWeightsTest.logits(a, ids, 1, 16));
  }
}
