package orphic.workbench.style;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import orphic.workbench.embed.MiniLmEmbedder;
import orphic.workbench.embed.SentenceEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny labelled corpora written here, real MiniLM embeddings (the model loads in about a second). */
class StyleDetectorTest {
  private static MiniLmEmbedder embedder;
  @TempDir static Path dir;
  private static StyleTrainer.Result result;

  static String archaic(long seed, int sentences) {
    String[] subj = {"the LORD", "thy servant", "the people of the land", "his anointed", "the elders"};
    String[] verb = {"spake unto", "went up before", "hath blessed", "shall deliver", "did bow down unto"};
    String[] obj = {"the children of Israel", "thee and thy house", "the congregation", "them that fear him", "the city of David"};
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      sb.append("And ").append(subj[r.nextInt(5)]).append(' ').append(verb[r.nextInt(5)]).append(' ').append(obj[r.nextInt(5)])
          .append(r.nextBoolean() ? ", saying, Thus saith the LORD; " : "; for his mercy endureth for ever. ");
    }
    return sb.toString();
  }

  static String chat(long seed, int lines) {
    String[] a = {"hey", "ok so", "wait", "lol", "honestly", "dude"};
    String[] b = {"where r u?", "i'm at the station", "can't find my keys", "that movie was wild", "text me later", "u coming tonight?"};
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines; i++) sb.append("— ").append(a[r.nextInt(6)]).append(", ").append(b[r.nextInt(6)]).append('\n');
    return sb.toString();
  }

  @BeforeAll
  static void train() throws IOException {
    embedder = new MiniLmEmbedder(256, 1, 1);
    Path kjvish = Files.writeString(dir.resolve("archaic.txt"), archaic(1, 28));
    Path chatty = Files.writeString(dir.resolve("chat.txt"), chat(2, 56));
    StyleTrainer.Options o = new StyleTrainer.Options(200, 0.2, 0, new StyleSpace.Options(8, 60, 4, 1e-2, 0.01, 0.1f, 3));
    result = StyleTrainer.train(List.of(new StyleCorpus("archaic", List.of(kjvish)), new StyleCorpus("chat", List.of(chatty))),
        embedder, "minilm", o, line -> {});
    StyleTrainer.save(result, o, dir.resolve("space"));
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void heldOutChunksComeFromTheEndAndAreClassified() {
    StyleTrainer.Split s = result.splits().getFirst();
    assertThat(s.heldOut()).isNotEmpty();
    assertThat(s.train()).doesNotContainAnyElementsOf(s.heldOut());
    assertThat(result.heldOut().total()).isEqualTo(result.splits().stream().mapToInt(x -> x.heldOut().size()).sum());
    assertThat(result.heldOut().accuracy()).isEqualTo(1.0);
    assertThat(result.heldOut().table()).contains("accuracy 100.00%");
  }

  @Test
  void detectsNewTextAfterReload() throws IOException {
    StyleDetector d = StyleDetector.load(dir.resolve("space"), embedder);
    Map<String, Double> a = d.detect(archaic(99, 3));
    assertThat(a.keySet()).containsExactly("archaic", "chat"); // highest first
    assertThat(a.values().stream().mapToDouble(x -> x).sum()).isCloseTo(1.0, within(1e-9));
    assertThat(d.detect(chat(98, 6)).keySet().iterator().next()).isEqualTo("chat");
    assertThat(Files.readString(dir.resolve("space").resolve(StyleSpace.JSON))).contains("\"held_out\"", "\"confusion\"", "\"centroid\"");
  }

  @Test
  void badInputGivesClearErrors() throws IOException {
    StyleDetector d = StyleDetector.load(dir.resolve("space"), embedder);
    assertThatThrownBy(() -> d.detect("   ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> d.evaluate(Map.of("gothic", List.of("text")))).hasMessageContaining("'gothic' is not in this style space")
        .hasMessageContaining("[archaic, chat]");
    SentenceEmbedder narrow = new SentenceEmbedder() {
      public float[] embed(String t) { return new float[10]; }
      public float[][] embedAll(List<String> t) { return new float[t.size()][10]; }
      public int dimension() { return 10; }
    };
    assertThatThrownBy(() -> new StyleDetector(d.space(), narrow)).hasMessageContaining("384-d");
    assertThatThrownBy(() -> StyleTrainer.train(List.of(new StyleCorpus("one", List.of(dir.resolve("chat.txt")))), embedder, "m",
        StyleTrainer.Options.defaults(), l -> {})).hasMessageContaining("at least two styles");
    Path tiny = Files.writeString(dir.resolve("tiny.txt"), "Too short to chunk.");
    assertThatThrownBy(() -> StyleTrainer.split(List.of(new StyleCorpus("t", List.of(tiny))), StyleTrainer.Options.defaults()))
        .hasMessageContaining("give it more text");
  }
}
