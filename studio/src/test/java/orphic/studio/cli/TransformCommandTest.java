package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import orphic.lm.model.ModelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** orphic transform paradox | anachronism | fog, in-process. */
class TransformCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void paradoxReportsEachChange() throws Exception {
    Run r = Run.of("transform", "paradox", "--text", "The hot day.", "--rate", "1", "--rules", "antonym", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode o = JSON.readTree(r.lastOutLine());
    assertThat(o.get("text").asText()).isEqualTo("The cold night.");
    JsonNode first = o.get("changes").get(0);
    assertThat(first.get("start").asInt()).isEqualTo(4);
    assertThat(first.get("rule").asText()).isEqualTo("antonym");
    Run plain = Run.of("transform", "paradox", "--text", "A bright room.", "--rate", "1", "--rules", "synesthesia");
    assertThat(plain.out()).startsWith("A loud room.").contains("synesthesia table row 1");
  }

  @Test
  void badInputIsAUsageError() {
    Run rate = Run.of("transform", "paradox", "--text", "The hot day.", "--rate", "1.5");
    assertThat(rate.exit()).isEqualTo(2);
    assertThat(rate.err()).contains("rate must be between 0 and 1");
    Run empty = Run.of("transform", "anachronism", "--text", "");
    assertThat(empty.exit()).isEqualTo(2);
    assertThat(empty.err()).contains("text is empty");
    assertThat(Run.of("transform", "paradox", "--text", "x", "--rules", "irony").err()).contains("unknown paradox rule");
  }

  @Test
  void anachronismBothWays() throws Exception {
    Run a = Run.of("transform", "anachronism", "--text", "You know he has a sword.", "--json");
    assertThat(JSON.readTree(a.lastOutLine()).get("text").asText()).isEqualTo("Thou knowest he hath a sword.");
    Run m = Run.of("transform", "anachronism", "--text", "Thou knowest he hath a sword.", "--direction", "modern");
    assertThat(m.out()).startsWith("You know he has a sword.");
    Run d = Run.of("transform", "anachronism", "--text", "the wifi is down", "--direction", "modern", "--into", "In the beginning was the Word.", "--at", "16");
    assertThat(d.out()).startsWith("In the beginning the wifi is down was the Word.");
  }

  @Test
  void fogFromAModelDirectory(@TempDir Path dir) throws Exception {
    ModelDirectory md = TestModels.charGpt(dir.resolve("m"), "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.,'\n", 32, 16);
    String[] args = {"transform", "fog", "--model", md.root().toString(), "--text", "The pale river carried a silver lantern.", "--k", "2", "--seed", "5", "--level", "radical", "--json"};
    Run r = Run.of(args);
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode o = JSON.readTree(r.lastOutLine());
    assertThat(o.get("hybrids")).hasSize(2);
    assertThat(o.get("variants")).hasSize(2);
    assertThat(Run.of(args).lastOutLine()).isEqualTo(r.lastOutLine());
    assertThat(Run.of("transform", "fog", "--model", dir.resolve("none").toString(), "--text", "x").exit()).isEqualTo(2);
  }
}
