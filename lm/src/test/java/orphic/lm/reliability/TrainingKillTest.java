package orphic.lm.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import orphic.engine.io.Safetensors;
import orphic.engine.io.SafetensorsFile;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.ModelDirectory;
import orphic.lm.text.Corpus;
import orphic.lm.train.TrainConfig;
import orphic.lm.train.TrainJob;
import orphic.lm.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL, again and again at seeded random moments, of one training run that is resumed after
 * every kill (a child JVM checkpointing after every step). After each kill the model directory must
 * hold a whole checkpoint, the old one or a newer one, never a mix: config.json and tokenizer.json
 * load, the corpus digest in config.json is the corpus's, train-state.safetensors and (when written)
 * model.safetensors load with finite values, the checkpoint step never goes back, and every line of
 * train-log.jsonl but a torn last one is JSON. Finally the run is resumed to its end and must equal
 * an uninterrupted run bit for bit.
 */
class TrainingKillTest {
  static final int STEPS = 120;
  static final int KILLS = 6;

  @TempDir Path tmp;

  static TrainJob.Spec spec(Path corpus, Path out, boolean resume) {
    // checkpointSeconds 0: a checkpoint after every step, so kills land in checkpoint writes often.
    TrainConfig train = new TrainConfig(STEPS, 0, 4, 3e-3, 3e-4, "cosine", 5, 1.0, 0.1, false, 0.9, 0.99, 17, 10, 2, 0, 0);
    return new TrainJob.Spec(List.of(corpus), "gpt", "char", 1, 2, 16, 16, 0.1f, 3L, train, out, resume);
  }

  /** The child: trains (or resumes, when args[2] is "resume") into args[1] from corpus args[0]. */
  public static void main(String[] args) throws IOException {
    Trainer.Listener steps = new Trainer.Listener() {
      @Override
      public void onStep(Trainer.Progress p) {
        System.out.println("step " + p.step());
        System.out.flush();
      }
    };
    TrainJob.prepare(spec(Path.of(args[0]), Path.of(args[1]), args.length > 2 && args[2].equals("resume")), steps).run(0);
  }

  @Test
  void everyKillLeavesAWholeCheckpointAndResumeReachesTheSameModel() throws Exception {
    Path corpus = tmp.resolve("corpus.txt");
    Files.writeString(corpus, "the keeper lights the lamp; the river answers. — what did it say? — nothing.\n".repeat(60));
    String digest = Corpus.read(corpus).digest();
    TrainJob.Prepared reference = TrainJob.prepare(spec(corpus, tmp.resolve("ref"), false), null);
    reference.run(0);
    float[] expected = reference.trainer().parameters().data();

    Path out = tmp.resolve("run");
    Random random = new Random(8);
    long lastStep = -1;
    int kills = 0;
    for (int k = 0; k < KILLS; k++) {
      boolean resume = Files.exists(out.resolve(ModelDirectory.TRAIN_STATE));
      Process p = child(corpus, out, resume);
      // The random moment is counted in the child's own steps, then a few milliseconds into the
      // next one (its step or its checkpoint write): a clock alone either lands in JVM start-up on
      // a busy machine or after the end of this tiny run on a quiet one.
      BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      int remaining = STEPS - (int) Math.max(0, lastStep);
      int target = 1 + random.nextInt(Math.max(1, remaining / (KILLS - k + 1)));
      String line = null;
      for (int seen = 0; seen < target && (line = lines.readLine()) != null; seen++) {
        // blocks on each of the child's step lines
      }
      BufferedReader rest = lines;
      Thread.ofPlatform().daemon().start(() -> drain(rest));
      long delay = random.nextInt(25);
      if (line == null || p.waitFor(delay, TimeUnit.MILLISECONDS)) {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("child exit").isZero();
        break; // it finished first: nothing left to interrupt
      }
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      kills++;
      lastStep = checkWhole(out, digest, lastStep, "kill " + k + " " + delay + " ms after its step line " + target);
      System.out.println("TrainingKillTest: kill " + k + " " + delay + " ms after the child's step line " + target + " (resumed run: " + resume + "), checkpoint at step " + lastStep);
    }
    assertThat(kills).as("kills that landed").isGreaterThanOrEqualTo(3);
    assertThat(lastStep).as("kills landed in training, after checkpoints").isPositive();

    TrainJob.Prepared resumed = TrainJob.prepare(spec(corpus, out, Files.exists(out.resolve(ModelDirectory.TRAIN_STATE))), null);
    assertThat(resumed.run(0).steps()).isEqualTo(STEPS);
    assertThat(resumed.trainer().parameters().data()).as("after %d kills", kills).containsExactly(expected);
    System.out.println("TrainingKillTest: " + kills + " kills survived; resumed to step " + STEPS + ", equal to the uninterrupted run");
  }

  /** The directory's invariants after a kill; returns the checkpoint's step (-1: none yet). */
  private static long checkWhole(Path out, String digest, long lastStep, String when) throws IOException {
    ModelDirectory dir = new ModelDirectory(out);
    Path state = out.resolve(ModelDirectory.TRAIN_STATE);
    if (!Files.exists(state)) {
      assertThat(lastStep).as(when + ": the checkpoint disappeared").isEqualTo(-1);
      return -1;
    }
    // A checkpoint exists only after config.json and tokenizer.json were written.
    assertThat(dir.readModelConfig()).as(when).isNotNull();
    assertThat(dir.readConfigTree().path("corpus").path("sha256").asText()).as(when + ": corpus digest").isEqualTo(digest);
    dir.loadTokenizer();
    long step;
    try (SafetensorsFile f = Safetensors.open(state)) {
      step = Long.parseLong(f.metadata().get("step"));
      for (String name : f.names()) assertFinite(f.tensor(name), when + " " + name);
    }
    assertThat(step).as(when + ": checkpoint step never goes back").isGreaterThanOrEqualTo(lastStep);
    Path weights = out.resolve(ModelDirectory.WEIGHTS);
    if (Files.exists(weights)) {
      for (Map.Entry<String, Tensor> e : Safetensors.read(weights).entrySet()) assertFinite(e.getValue(), when + " weights " + e.getKey());
      dir.loadModel();
    }
    Path log = out.resolve(ModelDirectory.TRAIN_LOG);
    if (Files.exists(log)) {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      ObjectMapper json = new ObjectMapper();
      for (int i = 0; i < lines.size() - 1; i++) json.readTree(lines.get(i)); // only the last line may be torn
    }
    return step;
  }

  private static void drain(BufferedReader lines) {
    try (lines) {
      while (lines.readLine() != null) {
        // keep the pipe flowing
      }
    } catch (IOException e) {
      // the child was killed
    }
  }

  private static void assertFinite(Tensor t, String what) {
    float[] d = t.contiguous().data();
    for (float v : d) assertThat(Float.isFinite(v)).as(what).isTrue();
  }

  private static Process child(Path corpus, Path out, boolean resume) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
        "-Dorphic.threads=1", "-cp", System.getProperty("java.class.path"), TrainingKillTest.class.getName(),
        corpus.toString(), out.toString()));
    if (resume) cmd.add("resume");
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
        .directory(new File(System.getProperty("user.dir"))).start();
  }
}
