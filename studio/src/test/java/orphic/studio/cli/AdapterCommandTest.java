package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdapterCommandTest {
  @TempDir Path tmp;

  @Test
  void trainsBakesSamplesAndGrowsAHydra() throws Exception {
    Path corpus = tmp.resolve("corpus.txt");
    Files.writeString(corpus, "Behold the lamp, and the keeper of the lamp.\n— You're late.\n— I'm always late.\n".repeat(40));
    Path style = tmp.resolve("style.txt");
    Files.writeString(style, "— You're late.\n— I'm always late, the keeper of the lamp.\n".repeat(40));
    Path base = tmp.resolve("base");
    Run t = Run.of("train", "--corpus", corpus.toString(), "--out", base.toString(), "--layers", "1", "--heads", "2",
        "--dim", "16", "--context", "16", "--batch", "4", "--steps", "4", "--eval-every", "4");
    assertThat(t.exit()).as(t.err()).isZero();

    Path ad = tmp.resolve("late");
    Run a = Run.of("adapter", "train", "--model", base.toString(), "--corpus", style.toString(), "--out", ad.toString(), "--rank", "2",
        "--steps", "6", "--batch", "4", "--eval-every", "3", "--json");
    assertThat(a.exit()).as(a.err()).isZero();
    var json = new ObjectMapper().readTree(a.lastOutLine());
    assertThat(json.get("base_val_loss").asDouble()).isPositive();
    assertThat(json.get("val_loss").asDouble()).isPositive();
    assertThat(ad.resolve("adapter.json")).exists();
    assertThat(ad.resolve("adapter.safetensors")).exists();

    Run s = Run.of("sample", "--model", base.toString(), "--adapter", ad + "=0.5", "--prompt", "Behold", "--tokens", "6", "--seed", "3", "--json");
    assertThat(s.exit()).as(s.err()).isZero();

    Run cat = Run.of("adapter", "bake", "--model", base.toString(), "--adapter", ad + "=0.5", "--out", tmp.resolve("baked").toString());
    assertThat(cat.exit()).as(cat.err()).isZero();
    Run fromBaked = Run.of("sample", "--model", tmp.resolve("baked").toString(), "--prompt", "Behold", "--tokens", "6", "--seed", "3", "--json");
    assertThat(new ObjectMapper().readTree(fromBaked.lastOutLine()).get("text")).isEqualTo(new ObjectMapper().readTree(s.lastOutLine()).get("text"));

    Run svd = Run.of("adapter", "bake", "--model", base.toString(), "--adapter", ad.toString(), "--method", "svd", "--rank", "1",
        "--out", tmp.resolve("svd").toString());
    assertThat(svd.exit()).as(svd.err()).isZero();
    assertThat(svd.err()).contains("approximate");

    // an adapter on a baked (different) model is refused with a clear message
    Run refused = Run.of("sample", "--model", tmp.resolve("baked").toString(), "--adapter", ad.toString(), "--prompt", "B", "--tokens", "2");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("another base model");

    Run h = Run.of("hydra", "--model", base.toString(), "--adapter", "late=" + ad, "--adapter", tmp.resolve("svd").toString(),
        "--prompt", "Behold", "--tokens", "6", "--json");
    assertThat(h.exit()).as(h.err()).isZero();
    var hj = new ObjectMapper().readTree(h.lastOutLine());
    assertThat(hj.get("branches").size()).isEqualTo(4);
    assertThat(hj.get("prompt_styles").has("late")).isTrue();
  }
}
