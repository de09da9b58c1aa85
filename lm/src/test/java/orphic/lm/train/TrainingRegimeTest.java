package orphic.lm.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import orphic.lm.model.CommunityModel;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training regimes of docs/blanchot-training.md: neutral loss, SGLD, SGDR, snapshots, community. */
class TrainingRegimeTest {
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

  private TrainJob.Spec spec(Path corpus, Path out, TrainConfig train, boolean resume) {
    return new TrainJob.Spec(List.of(corpus), "gpt", "char", 1, 2, 16, 16, 0.1f, 5L, train, out, resume);
  }

  /** Trains fully in a, and in b with an interruption after {@code stopAt}; returns both. */
  private TrainJob.Prepared[] interruptedAndFull(TrainConfig train, int stopAt) throws IOException {
    Path corpus = corpus();
    TrainJob.Prepared full = TrainJob.prepare(spec(corpus, tmp.resolve("a"), train, false), null);
    Trainer.Summary a = full.run(0);
    assertThat(a.stoppedEarly()).isFalse();
    TrainJob.Prepared first = TrainJob.prepare(spec(corpus, tmp.resolve("b"), train, false), null);
    assertThat(first.run(stopAt).stoppedEarly()).isTrue();
    TrainJob.Prepared resumed = TrainJob.prepare(spec(corpus, tmp.resolve("b"), train, true), null);
    Trainer.Summary b = resumed.run(0);
    assertThat(b.steps()).isEqualTo(a.steps());
    assertThat(b.valLoss()).isEqualTo(a.valLoss());
    return new TrainJob.Prepared[] {full, resumed};
  }

  @Test
  void sgldWithWarmRestartsResumesBitForBitAndKeepsItsSnapshots() throws IOException {
    for (String opt : List.of("psgld")) { // plain SGLD's state is the step alone (engine SgldTest)
      TrainConfig train = base(14).withOptimizer(opt, 1e-4).withSchedule("sgdr", 4, 2).withSnapshots(2);
      var runs = interruptedAndFull(train, 6);
      assertThat(runs[1].trainer().parameters().data()).as(opt).containsExactly(runs[0].trainer().parameters().data());
      // warm-up 3, cycles of 4 then 8: ends after steps 7 and 15 (only the first within 14 steps)
      List<Path> snaps = Trainer.snapshots(new ModelDirectory(tmp.resolve("b")));
      assertThat(snaps).extracting(p -> p.getFileName().toString()).containsExactly("step-0000007");
      LanguageModel snap = new ModelDirectory(snaps.getFirst()).loadModel();
      assertThat(snap.config().vocabSize()).isEqualTo(runs[0].model().config().vocabSize());
      deleteTree(tmp.resolve("a"));
      deleteTree(tmp.resolve("b"));
    }
  }

  @Test
  void snapshotsEveryFewStepsKeepTheLastN() throws IOException {
    TrainJob.Prepared job = TrainJob.prepare(spec(corpus(), tmp.resolve("s"), base(12).withSnapshots(3), false), null);
    job.run(0);
    List<Path> snaps = Trainer.snapshots(job.dir());
    assertThat(snaps).extracting(p -> p.getFileName().toString()).containsExactly("step-0000004", "step-0000008", "step-0000012");
    try (var files = Files.list(job.dir().file(Trainer.SNAPSHOTS))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
    }
    // a community of the snapshots: a model directory listing them, loaded and evaluated like any model
    Path community = tmp.resolve("snap-community");
    CommunityModel.writeFromDirectories(community, snaps);
    LanguageModel m = new ModelDirectory(community).loadModel();
    assertThat(m).isInstanceOf(CommunityModel.class);
    assertThat(((CommunityModel) m).members()).hasSize(3);
    Tokenizer tok = new ModelDirectory(community).loadTokenizer();
    int[] ids = tok.encode("the lamp is lit and the river is low.\n— where are you going?\n");
    double nats = Evaluator.evaluate(m, ids, null, 2, 1, null).natsPerChar();
    assertThat(nats).isFinite().isLessThan(Math.log(tok.vocabSize()));
  }

  @Test
  void theNeutralLossTrainsAndResumesExactly() throws IOException {
    TrainConfig train = base(12).withLoss("neutral", 0.5, -1, 5.0, 0.1);
    var runs = interruptedAndFull(train, 5);
    assertThat(runs[1].trainer().parameters().data()).containsExactly(runs[0].trainer().parameters().data());
  }

  @Test
  void aCommunityTrainsSavesLoadsAndResumesExactly() throws IOException {
    TrainConfig train = base(10).withCommunity(3, 0.5, true);
    var runs = interruptedAndFull(train, 4);
    assertThat(runs[0].model()).isInstanceOf(CommunityModel.class);
    assertThat(runs[1].trainer().parameters().data()).containsExactly(runs[0].trainer().parameters().data());
    // config.json lists the members; the directory loads back as the same community
    ModelDirectory dir = new ModelDirectory(tmp.resolve("a"));
    assertThat(dir.readConfigTree().path("community").path("members").asInt()).isEqualTo(3);
    LanguageModel loaded = dir.loadModel();
    assertThat(loaded).isInstanceOf(CommunityModel.class);
    int[] ids = dir.loadTokenizer().encode("absence is a kind of address.\nthe lamp is lit.\n");
    double a = Evaluator.evaluate(loaded, ids, null, 2, 1, null).natsPerChar();
    assertThat(a).isFinite().isLessThan(Math.log(30));
    var mix = ((CommunityModel) loaded).mixture(Arrays.copyOf(ids, 16), 1, 16);
    assertThat(mix.meanDisagreement()).isGreaterThan(0);
    // contrastive decoding view: scores on the plausible head, −∞ elsewhere
    var cd = ((CommunityModel) loaded).contrastive(1.0, 1.0).forward(Arrays.copyOf(ids, 16), 1, 16);
    int finite = 0;
    for (float x : cd.toArray()) if (Float.isFinite(x)) finite++;
    assertThat(finite).isEqualTo(16); // α = 1: only the mixture's favourite at each position
  }

  @Test
  void configsWithoutTheRegimeFieldsReadAsBefore() throws IOException {
    ObjectMapper json = new ObjectMapper();
    TrainConfig c = base(5).withSchedule("sgdr", 0.5, 2).withOptimizer("sgld", 0.01).withSnapshots(3);
    assertThat(json.readValue(json.writeValueAsString(c), TrainConfig.class)).isEqualTo(c);
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.valueToTree(base(5));
    for (String f : List.of("loss", "labelSmoothing", "neutralLambda", "flood", "disaster", "optimizer", "sgldTemperature",
        "restartPeriod", "restartMult", "snapshots", "community", "nclLambda", "communityGate")) {
      assertThat(tree.remove(f)).as(f).isNotNull();
    }
    TrainConfig old = json.treeToValue(tree, TrainConfig.class);
    assertThat(old.loss()).isEqualTo("ce");
    assertThat(old.optimizer()).isEqualTo("adamw");
    assertThat(old.snapshots()).isZero();
    assertThat(old.trainsCommunity()).isFalse();
  }

  private static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
