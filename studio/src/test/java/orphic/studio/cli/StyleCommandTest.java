package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** orphic style train | detect | eval on two tiny corpora written here (real MiniLM embeddings). */
class StyleCommandTest {
  @TempDir static Path dir;
  static Path psalms, chat, out;
  static Run trained;

  static String lines(long seed, int n, String[] a, String[] b, String sep) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) sb.append(a[r.nextInt(a.length)]).append(' ').append(b[r.nextInt(b.length)]).append(sep);
    return sb.toString();
  }

  static String psalm(long seed, int n) {
    return lines(seed, n, new String[] {"O give thanks unto the LORD,", "Blessed is the man that walketh not", "Thy word is a lamp unto my feet,"},
        new String[] {"for his mercy endureth for ever.", "in the counsel of the ungodly.", "and a light unto my path."}, " ");
  }

  static String chatter(long seed, int n) {
    return lines(seed, n, new String[] {"— hey,", "— ok so", "— lol"}, new String[] {"where r u?", "can't find my keys", "text me later"}, "\n");
  }

  @BeforeAll
  static void train() throws IOException {
    psalms = Files.writeString(dir.resolve("psalms.txt"), psalm(1, 30));
    chat = Files.writeString(dir.resolve("chat.txt"), chatter(2, 80));
    out = dir.resolve("styles");
    trained = Run.of("style", "train", "--style", "psalm=" + psalms, "--style", "chat=" + chat, "--out", out.toString(),
        "--chunk", "150", "--max-chunks", "0", "--steps", "40", "--json");
  }

  @Test
  void trainReportsHeldOutAccuracyAndWritesTheSpace() {
    assertThat(trained.exit()).as(trained.err()).isZero();
    assertThat(trained.lastOutLine()).contains("\"accuracy\":1.0").contains("\"confusion\"");
    assertThat(trained.err()).contains("true\\pred").contains("psalm: ");
    assertThat(out.resolve("styles.json")).exists();
    assertThat(out.resolve("style-space.safetensors")).exists();
  }

  @Test
  void detectAndEval() throws IOException {
    Run d = Run.of("style", "detect", "--styles", out.toString(), "--text", psalm(7, 3), "--json");
    assertThat(d.exit()).as(d.err()).isZero();
    assertThat(d.lastOutLine()).startsWith("{\"psalm\":");
    Path f = Files.writeString(dir.resolve("more-chat.txt"), chatter(9, 40));
    Run e = Run.of("style", "eval", "--styles", out.toString(), "--style", "chat=" + f);
    assertThat(e.exit()).as(e.err()).isZero();
    assertThat(e.out()).contains("accuracy 100.00%");
  }

  @Test
  void badInputIsExplained() {
    Run missing = Run.of("style", "detect", "--styles", dir.resolve("nope").toString(), "--text", "hello");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("not a directory").contains("orphic style train");
    Run empty = Run.of("style", "detect", "--styles", out.toString(), "--text", "  ");
    assertThat(empty.exit()).isEqualTo(1);
    assertThat(empty.err()).contains("empty");
    Run unknown = Run.of("style", "eval", "--styles", out.toString(), "--style", "gothic=" + chat);
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("'gothic' is not in");
    Run one = Run.of("style", "train", "--style", "chat=" + chat, "--out", dir.resolve("x").toString());
    assertThat(one.exit()).isEqualTo(2);
    assertThat(one.err()).contains("at least two");
    Run badSpec = Run.of("style", "train", "--style", "chat", "--style", "b=x", "--out", dir.resolve("x").toString());
    assertThat(badSpec.exit()).isEqualTo(2);
    assertThat(badSpec.err()).contains("NAME=FILE");
  }
}
