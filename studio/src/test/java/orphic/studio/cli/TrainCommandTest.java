package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import orphic.engine.io.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  @TempDir Path tmp;

  private Path corpus() throws Exception {
    Path f = tmp.resolve("corpus.txt");
    Files.writeString(f, "Behold the lamp, and the keeper of the lamp.\n— You're late.\n— I'm always late.\n".repeat(80));
    return f;
  }

  @Test
  void trainsABlanchotModelWithItsSwitchesSavedAndSamplesIt() throws Exception {
    Path out = tmp.resolve("b");
    Run r = Run.of("train", "--corpus", corpus().toString(), "--out", out.toString(), "--arch", "blanchot", "--layers", "2", "--heads", "2",
        "--dim", "16", "--context", "16", "--batch", "4", "--steps", "6", "--eval-every", "6", "--void", "sink", "--residual-scores",
        "--output-gate", "--dense-window", "2", "--orphic-embedding", "--backward-twin", "0.5", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    var b = new ObjectMapper().readTree(out.resolve("config.json").toFile()).get("model").get("blanchot");
    assertThat(b.get("voidMode").asText()).isEqualTo("sink");
    assertThat(b.get("residualScores").asBoolean()).isTrue();
    assertThat(b.get("outputGate").asBoolean()).isTrue();
    assertThat(b.get("dense").asBoolean()).isTrue();
    assertThat(b.get("denseWindow").asInt()).isEqualTo(2);
    assertThat(b.get("orphicEmbedding").asBoolean()).isTrue();
    assertThat(b.get("backwardTwin").asDouble()).isEqualTo(0.5);
    assertThat(b.get("tokenCounts").size()).isPositive();
    Run sample = Run.of("sample", "--model", out.toString(), "--prompt", "Behold", "--tokens", "4", "--seed", "5", "--json");
    assertThat(sample.exit()).as(sample.err()).isZero();
    var sj = new ObjectMapper().readTree(sample.lastOutLine());
    assertThat(sj.get("mean_void_mass").asDouble()).isStrictlyBetween(0.0, 1.0);
    assertThat(sj.get("tokens").get(0).get("void_mass").asDouble()).isStrictlyBetween(0.0, 1.0);
    assertThat(Run.of("train", "--corpus", corpus().toString(), "--out", tmp.resolve("x").toString(), "--dense").exit()).isEqualTo(2);
  }

  @Test
  void trainsAndPrintsTheJsonSummary() throws Exception {
    Path out = tmp.resolve("m");
    Run r = Run.of("train", "--corpus", corpus().toString(), "--out", out.toString(), "--layers", "1", "--heads", "2",
        "--dim", "16", "--context", "16", "--batch", "4", "--steps", "12", "--eval-every", "6", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    var json = new ObjectMapper().readTree(r.lastOutLine());
    for (String field : List.of("params", "steps", "tokens_seen", "train_loss", "val_loss", "tokens_per_second", "seconds", "out")) {
      assertThat(json.has(field)).as(field).isTrue();
    }
    assertThat(json.get("steps").asInt()).isEqualTo(12);
    assertThat(r.err()).contains("validation loss");

    Run eval = Run.of("eval", "--model", out.toString(), "--corpus", corpus().toString(), "--json");
    assertThat(eval.exit()).as(eval.err()).isZero();
    assertThat(new ObjectMapper().readTree(eval.lastOutLine()).get("val_loss").asDouble()).isPositive();

    Run logits = Run.of("logits", "--model", out.toString(), "--text", "Behold", "--json");
    var l = new ObjectMapper().readTree(logits.lastOutLine());
    assertThat(l.get("ids").size()).isEqualTo(6);
    assertThat(l.get("logits").get(0).size()).isEqualTo(l.get("logits").get(5).size());

    Run sample = Run.of("sample", "--model", out.toString(), "--prompt", "Behold", "--tokens", "8", "--sampler", "balanced",
        "--seed", "5", "--json");
    assertThat(sample.exit()).as(sample.err()).isZero();
    var s = new ObjectMapper().readTree(sample.lastOutLine());
    assertThat(s.get("tokens").size()).isEqualTo(8);
    var first = s.get("tokens").get(0);
    for (String field : List.of("id", "text", "p", "entropy_bits", "temperature", "top")) assertThat(first.has(field)).as(field).isTrue();
    assertThat(s.get("text").asText()).hasSizeGreaterThan(0);
    Run again = Run.of("sample", "--model", out.toString(), "--prompt", "Behold", "--tokens", "8", "--sampler", "balanced",
        "--seed", "5", "--json");
    assertThat(new ObjectMapper().readTree(again.lastOutLine()).get("text")).isEqualTo(s.get("text"));
    assertThat(Run.of("sample", "--model", out.toString(), "--prompt", "a", "--tokens", "2", "--sampler", "nope").exit()).isEqualTo(2);
  }

  @Test
  void badInputGivesUsageErrorsAndClearFailures() throws Exception {
    Run r = Run.of("train", "--corpus", corpus().toString(), "--out", tmp.resolve("x").toString(), "--dim", "10", "--heads", "4");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("multiple of --heads");
    Path bad = tmp.resolve("bad.txt");
    Files.write(bad, new byte[] {'a', 'b', (byte) 0xC3, '(', 'c'});
    Run u = Run.of("train", "--corpus", bad.toString(), "--out", tmp.resolve("y").toString());
    assertThat(u.exit()).isEqualTo(1);
    assertThat(u.err()).contains("bad.txt").contains("byte");
    Run small = Run.of("train", "--corpus", corpus().toString(), "--out", tmp.resolve("z").toString(), "--context", "100000");
    assertThat(small.exit()).isEqualTo(1);
    assertThat(small.err()).contains("too small");
    Run resume = Run.of("train", "--corpus", corpus().toString(), "--out", tmp.resolve("fresh").toString(), "--resume");
    assertThat(resume.exit()).isEqualTo(1);
    assertThat(resume.err()).containsIgnoringCase("resume");
  }

  /** SIGTERM (what Ctrl-C's shutdown path runs) makes the trainer checkpoint before the JVM exits. */
  @Test
  void interruptSavesACheckpoint() throws Exception {
    Path out = tmp.resolve("int");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        OrphicCli.class.getName(), "train", "--corpus", corpus().toString(), "--out", out.toString(), "--layers", "1",
        "--heads", "2", "--dim", "16", "--context", "16", "--batch", "4", "--steps", "1000000", "--eval-every", "1000000")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).directory(new File(".")).start();
    Path log = tmp.resolve("log.txt");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (p.isAlive() && System.nanoTime() < deadline && !Files.readString(log, StandardCharsets.UTF_8).contains("step ")) Thread.sleep(20);
    Thread.sleep(300);
    p.destroy(); // SIGTERM
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String printed = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(printed).contains("stopped at step").contains("--resume");
    try (var f = Safetensors.open(out.resolve("train-state.safetensors"))) {
      assertThat(Long.parseLong(f.metadata().get("step"))).isPositive();
    }
  }
}
