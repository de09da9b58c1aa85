package orphic.lm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments of a real training process (checkpointing every step), then --resume:
 * the result must equal an uninterrupted run bit for bit, and the checkpoint must always load.
 */
class KillAndResumeTest {
  @TempDir Path tmp;

  static final int STEPS = 40;

  static TrainJob.Spec spec(Path corpus, Path out, boolean resume) {
    TrainConfig train = new TrainConfig(STEPS, 0, 4, 3e-3, 3e-4, "cosine", 5, 1.0, 0.1, false, 0.9, 0.99, 11, 10, 2, 0, 0);
    return new TrainJob.Spec(List.of(corpus), "gpt", "char", 1, 2, 16, 16, 0.1f, 3L, train, out, resume);
  }

  /** The child process: trains into args[1] from corpus args[0], checkpointing after every step. */
  public static void main(String[] args) throws IOException {
    TrainJob.prepare(spec(Path.of(args[0]), Path.of(args[1]), false), null).run(0);
  }

  @Test
  void killedRunsResumeToTheUninterruptedResult() throws Exception {
    Path corpus = tmp.resolve("corpus.txt");
    Files.writeString(corpus, "the keeper lights the lamp; the river answers. — what did it say? — nothing.\n".repeat(60));
    TrainJob.Prepared reference = TrainJob.prepare(spec(corpus, tmp.resolve("ref"), false), null);
    reference.run(0);
    float[] expected = reference.trainer().parameters().data();

    long[] delaysMs = {0, 150, 400};
    for (int k = 0; k < delaysMs.length; k++) {
      Path out = tmp.resolve("killed" + k);
      Process p = child(corpus, out);
      Path state = out.resolve("train-state.safetensors");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(state) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
      Thread.sleep(delaysMs[k]);
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

      TrainJob.Prepared resumed = TrainJob.prepare(spec(corpus, out, true), null);
      Trainer.Summary s = resumed.run(0);
      assertThat(s.steps()).isEqualTo(STEPS);
      assertThat(resumed.trainer().parameters().data()).as("kill %d after %d ms", k, delaysMs[k]).containsExactly(expected);
      try (var files = Files.list(out)) {
        assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
      }
    }
  }

  private static Process child(Path corpus, Path out) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Dorphic.threads=2",
        "-cp", System.getProperty("java.class.path"), KillAndResumeTest.class.getName(), corpus.toString(), out.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .directory(new File(System.getProperty("user.dir"))).start();
  }
}
