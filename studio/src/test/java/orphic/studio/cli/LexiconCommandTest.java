package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LexiconCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // one workspace for the class (commands are slow to start on a loaded machine); tests only add to it
  @TempDir static Path tmp;
  private static String ws;

  private static Run run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--workspace";
    all[args.length + 1] = ws;
    return Run.of(all);
  }

  private JsonNode json(String... args) throws Exception {
    String[] withJson = new String[args.length + 1];
    System.arraycopy(args, 0, withJson, 0, args.length);
    withJson[args.length] = "--json";
    Run r = run(withJson);
    assertThat(r.exit()).as(r.err()).isZero();
    return JSON.readTree(r.lastOutLine());
  }

  @BeforeAll
  static void lexicon() {
    ws = tmp.resolve("ws").toString();
    assertThat(Run.of("workspace", "init", ws).exit()).isZero();
    assertThat(run("lexicon", "add", "debt", "-d", "what the body owes", "--alias", "owing", "--secondary", "hand",
        "--secondary", "tongue", "--bias", "2", "--unbias").exit()).isZero();
    assertThat(run("lexicon", "add", "tithe", "--key", "/tith(e|ing)/i", "--probability", "0").exit()).isZero();
    assertThat(run("lexicon", "add", "salt", "--anti", "sugar").exit()).isZero();
    assertThat(run("lexicon", "add", "wound", "--constant", "--order", "1").exit()).isZero();
    assertThat(run("lexicon", "relate", "debt", "evolves to", "tithe").exit()).isZero();
    assertThat(run("lexicon", "relate", "tithe", "EVOLVES_TO", "wound").exit()).isZero();
    assertThat(run("lexicon", "relate", "salt", "LINKED", "wound").exit()).isZero();
  }

  @Test
  void testShowsWhichEntriesFireAndWhy() throws Exception {
    JsonNode r = json("lexicon", "test", "The debt on her tongue, tithing salt and sugar.", "--seed", "3");
    assertThat(r.get("fired")).extracting(JsonNode::asText).containsExactly("wound", "debt");
    JsonNode entries = r.get("entries");
    assertThat(entries.get(0).get("term").asText()).isEqualTo("debt");
    assertThat(entries.get(0).get("outcome").asText()).isEqualTo("FIRED");
    assertThat(entries.get(0).get("position").asInt()).isEqualTo(4);
    assertThat(entries.get(1).get("outcome").asText()).isEqualTo("ANTI_KEY"); // salt, list order is by name
    assertThat(entries.get(2).get("outcome").asText()).isEqualTo("PROBABILITY");
    assertThat(entries.get(2).get("matched").asText()).isEqualTo("tithing");
    assertThat(r.get("priming").asText()).isEqualTo("wound\ndebt: what the body owes");
    assertThat(r.get("phrase_bias").get(1).get("phrase").asText()).isEqualTo("owing");

    Run text = run("lexicon", "test", "The debt on her tongue");
    assertThat(text.exit()).isZero();
    assertThat(text.out()).contains("FIRED            debt           key debt at 4 (\"debt\"); secondary AND_ANY 1/2 [tongue@16] passes");
  }

  @Test
  void showAndGraphWalkTheRelations() throws Exception {
    JsonNode show = json("lexicon", "show", "owing");
    assertThat(show.get("name").asText()).isEqualTo("debt");
    assertThat(show.get("evolves_into")).extracting(n -> n.get("name").asText() + n.get("depth").asInt()).containsExactly("tithe1", "wound2");
    JsonNode graph = json("lexicon", "graph", "salt", "--depth", "2");
    assertThat(graph.get("nodes")).extracting(n -> n.get("name").asText()).containsExactly("salt", "wound", "tithe");
    assertThat(graph.get("edges")).hasSize(2);
    JsonNode linked = json("lexicon", "graph", "salt", "--depth", "5", "--type", "linked");
    assertThat(linked.get("nodes")).hasSize(2);
  }

  @Test
  void rulesCheckAndInfection() throws Exception {
    assertThat(run("lexicon", "rule", "debt-body", "every @debt requires hand|tongue within 3 words").exit()).isZero();
    JsonNode check = json("lexicon", "check", "A debt of the hand. Then, far from anything at all, owing.");
    assertThat(check.get("findings")).extracting(n -> n.get("trigger").asText()).containsExactly("owing");
    Run bad = run("lexicon", "rule", "x", "debt needs a hand");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("does not read as");

    Path gen = Files.writeString(tmp.resolve("gen.txt"), "debt debt salt rises");
    Path corpus = Files.writeString(tmp.resolve("corpus.txt"), "the debt of the sea is a wound");
    JsonNode inf = json("lexicon", "infection", "--generated", gen.toString(), "--corpus", corpus.toString());
    assertThat(inf.get("generated_lexicon_words").asInt()).isEqualTo(3);
    assertThat(inf.get("corpus_lexicon_words").asInt()).isEqualTo(2);
    assertThat(inf.get("infection_rate").asDouble()).isEqualTo((3 / 4.0) / (2 / 8.0));
  }

  @Test
  void badInputIsAUsageOrClearError() {
    Run unknown = run("lexicon", "relate", "debt", "LINKED", "nothing");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("no lexicon term or alias 'nothing'");
    Run badRegex = run("lexicon", "add", "x", "--key", "/(oops/");
    assertThat(badRegex.exit()).isEqualTo(1);
    assertThat(badRegex.err()).contains("does not compile");
    assertThat(run("lexicon", "add", "x", "--logic", "maybe").exit()).isEqualTo(2);
    assertThat(run("lexicon", "add", "gone").exit()).isZero();
    assertThat(run("lexicon", "remove", "gone").out()).contains("removed gone");
    assertThat(run("lexicon", "remove", "gone").out()).contains("no term named gone");
    assertThat(run("lexicon", "test").exit()).isEqualTo(2);
  }
}
