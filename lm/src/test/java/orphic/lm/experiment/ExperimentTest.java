package orphic.lm.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import orphic.lm.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path tmp;

  private Path corpus() throws IOException {
    Path f = tmp.resolve("corpus.txt");
    Files.writeString(f, "Behold the lamp, and the keeper of the lamp.\n— You're late.\n— I'm always late.\n".repeat(40));
    return f;
  }

  private Experiment.Setup setup(Path out, List<String> variants, long steps) throws IOException {
    return setup(out, variants, steps, ModelMetrics.Options.defaults().withSamples(2, 30));
  }

  private Experiment.Setup setup(Path out, List<String> variants, long steps, ModelMetrics.Options metrics) throws IOException {
    return Experiment.builder(List.of(corpus()), variants, out)
        .steps(steps).sizes(1, 2, 16, 16).batch(4).evalEvery(3L).metrics(metrics)
        .command("orphic experiment --test").build();
  }

  /** Only the validation loss and calibration: for tests about running, not measuring. */
  private static final ModelMetrics.Options LIGHT = new ModelMetrics.Options(16, List.of(), 1, 0, 0, 1.0, 1);

  /** Counts what the experiment reports. */
  private static final class Events implements Experiment.Listener {
    final List<String> started = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    final List<String> done = new ArrayList<>();
    final List<Boolean> resuming = new ArrayList<>();

    @Override
    public void onRunStart(String run, int index, int total, boolean resume) {
      started.add(run);
      resuming.add(resume);
    }

    @Override
    public void onRunSkipped(RunResult r, int index, int total) {
      skipped.add(r.dir());
    }

    @Override
    public void onRunDone(RunResult r, int index, int total) {
      done.add(r.dir());
    }
  }

  @Test
  void trainsTwoVariantsAndWritesTheReport() throws Exception {
    Path out = tmp.resolve("exp");
    Events events = new Events();
    Experiment.Outcome o = new Experiment(setup(out, List.of("gpt", "test-void"), 6)).run(events);
    assertThat(events.done).containsExactly("gpt-s1", "test-void-s1");
    assertThat(o.stopped()).isFalse();
    assertThat(o.plotProblem()).isNull();

    for (String f : List.of("report.md", "results.json", "val-curves.csv", "train-curves.csv", "gpt-s1/run.json", "gpt-s1/curve.jsonl",
        "gpt-s1/model.safetensors", "test-void-s1/run.json")) {
      assertThat(out.resolve(f)).as(f).isRegularFile();
    }
    assertThat(o.plots()).hasSize(4);
    for (Path png : o.plots()) assertThat(Arrays.copyOf(Files.readAllBytes(png), 8)).as(png.toString()).isEqualTo(PNG);
    try (var left = Files.list(out)) {
      assertThat(left.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".warmup"));
    }

    var json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(json.path("format").asText()).isEqualTo("orphic-experiment");
    assertThat(json.path("runs")).hasSize(2);
    var run = json.path("runs").get(0);
    assertThat(run.path("steps").asLong()).isEqualTo(6);
    assertThat(run.path("tokens_seen").asLong()).isEqualTo(6 * 4 * 16);
    for (String k : List.of("val_loss", "ece", "corrupt_5_loss", "corrupt_10_loss", "distinct_2", "distinct_3", "novelty", "entropy_rate")) {
      assertThat(run.path("metrics").path(k).isNumber()).as(k).isTrue();
    }
    assertThat(json.path("runs").get(1).path("metrics").path("void_mass").asDouble()).isEqualTo(0.25);
    assertThat(json.path("machine").path("cores").asInt()).isPositive();
    assertThat(Files.readAllLines(out.resolve("val-curves.csv"))).hasSize(1 + 2 * 2); // header + validations at steps 3 and 6

    String md = Files.readString(out.resolve("report.md"));
    assertThat(md).contains("orphic experiment --test").contains("| variant | params | tokens seen | val nats/char | corrupt 5% | corrupt 10% | ECE"
        + " | distinct-2 | distinct-3 | novelty | entropy rate | void mass | void entropy |");
    String gptRow = md.lines().filter(l -> l.startsWith("| gpt |")).findFirst().orElseThrow();
    String voidRow = md.lines().filter(l -> l.startsWith("| test-void |")).findFirst().orElseThrow();
    assertThat(gptRow).endsWith("| — | — |");
    assertThat(voidRow).endsWith("| 0.2500 | 1.5000 |");
    assertThat(md).contains("![val loss seconds](val-loss-seconds.png)").contains("cores").contains("JDK");

    // the same command again: nothing to train
    long logLines = Files.readAllLines(out.resolve("gpt-s1/train-log.jsonl")).size();
    Events again = new Events();
    Experiment.Outcome o2 = new Experiment(setup(out, List.of("gpt", "test-void"), 6)).run(again);
    assertThat(again.skipped).containsExactly("gpt-s1", "test-void-s1");
    assertThat(again.started).isEmpty();
    assertThat(o2.runs()).hasSize(2);
    assertThat(Files.readAllLines(out.resolve("gpt-s1/train-log.jsonl"))).hasSize((int) logLines);

    // a different budget in the same directory is refused
    assertThatThrownBy(() -> new Experiment(setup(out, List.of("gpt"), 7)).run(null))
        .isInstanceOf(IOException.class).hasMessageContaining("different setup").hasMessageContaining("steps");
  }

  @Test
  void anInterruptedRunContinuesFromItsCheckpoint() throws Exception {
    Path out = tmp.resolve("stop");
    Experiment first = new Experiment(setup(out, List.of("gpt"), 6, LIGHT));
    Experiment.Outcome o = first.run(new Experiment.Listener() {
      @Override
      public void onStep(Trainer.Progress p) {
        if (p.step() == 4) first.requestStop();
      }
    });
    assertThat(o.stopped()).isTrue();
    assertThat(o.runs()).isEmpty();
    assertThat(out.resolve("gpt-s1/train-state.safetensors")).isRegularFile();
    assertThat(out.resolve("gpt-s1/run.json")).doesNotExist();

    Events events = new Events();
    Experiment.Outcome done = new Experiment(setup(out, List.of("gpt"), 6, LIGHT)).run(events);
    assertThat(events.resuming).containsExactly(true);
    assertThat(done.runs()).singleElement().satisfies(r -> assertThat(r.steps()).isEqualTo(6));
    // the curve holds each step once, whatever was replayed
    assertThat(LossCurve.read(out.resolve("gpt-s1")).train()).extracting(LossCurve.Point::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void variantsThatCannotRunFailBeforeAnyTraining() throws Exception {
    Path out = tmp.resolve("bad");
    assertThatThrownBy(() -> new Experiment(setup(out, List.of("gpt", "test-unbuildable"), 6)).run(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("variant 'test-unbuildable' cannot run in this build");
    assertThat(out).doesNotExist();
    assertThatThrownBy(() -> new Experiment(setup(out, List.of("gpt", "nope"), 6)).run(null))
        .isInstanceOf(UnknownVariantException.class);
  }
}
