package orphic.lm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orphic.lm.model.ModelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerResumeTest {
  @TempDir Path tmp;

  private Path corpus() throws IOException {
    StringBuilder sb = new StringBuilder();
    String[] lines = {"the lamp is lit and the river is low.\n", "— where are you going?\n— out.\n", "absence is a kind of address.\n"};
    for (int i = 0; i < 120; i++) sb.append(lines[i % 3]);
    Path f = tmp.resolve("corpus.txt");
    Files.writeString(f, sb.toString());
    return f;
  }

  private TrainJob.Spec spec(Path corpus, Path out, boolean resume) {
    TrainConfig train = new TrainConfig(12, 0, 4, 3e-3, 3e-4, "cosine", 3, 1.0, 0.1, false, 0.9, 0.99, 7, 4, 1, 0, 3600);
    return new TrainJob.Spec(List.of(corpus), "gpt", "char", 1, 2, 16, 16, 0.1f, 5L, train, out, resume);
  }

  @Test
  void anInterruptedRunResumesToTheSameParametersBitForBit() throws IOException {
    Path corpus = corpus();
    TrainJob.Prepared full = TrainJob.prepare(spec(corpus, tmp.resolve("a"), false), null);
    Trainer.Summary a = full.run(0);
    assertThat(a.steps()).isEqualTo(12);
    assertThat(a.stoppedEarly()).isFalse();

    TrainJob.Prepared first = TrainJob.prepare(spec(corpus, tmp.resolve("b"), false), null);
    Trainer.Summary part = first.run(7);
    assertThat(part.stoppedEarly()).isTrue();
    assertThat(part.steps()).isEqualTo(7);
    assertThat(new ModelDirectory(tmp.resolve("b")).hasTrainState()).isTrue();

    TrainJob.Prepared resumed = TrainJob.prepare(spec(corpus, tmp.resolve("b"), true), null);
    Trainer.Summary b = resumed.run(0);
    assertThat(b.steps()).isEqualTo(12);
    assertThat(resumed.trainer().parameters().data()).containsExactly(full.trainer().parameters().data());
    assertThat(b.valLoss()).isEqualTo(a.valLoss());
  }

  @Test
  void resumeWithADifferentCorpusIsRefused() throws IOException {
    Path corpus = corpus();
    TrainJob.prepare(spec(corpus, tmp.resolve("c"), false), null).run(3);
    Files.writeString(corpus, "something else entirely, long enough to split into windows of sixteen. ".repeat(20));
    assertThatThrownBy(() -> TrainJob.prepare(spec(corpus, tmp.resolve("c"), true), null))
        .isInstanceOf(IOException.class).hasMessageContaining("corpus differs");
  }

  @Test
  void trainingLowersTheLossAndWritesTheModelDirectory() throws IOException {
    Path out = tmp.resolve("d");
    Trainer.Summary s = TrainJob.prepare(spec(corpus(), out, false), null).run(0);
    for (String f : new String[] {"config.json", "tokenizer.json", "model.safetensors", "train-state.safetensors", "train-log.jsonl"}) {
      assertThat(out.resolve(f)).exists();
    }
    assertThat(s.valLoss()).isLessThan(Math.log(30)); // below a uniform guess over the ~30 symbols
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
    }
  }
}
