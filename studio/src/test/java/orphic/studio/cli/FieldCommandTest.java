package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private Path corpus;

  @BeforeEach
  void writeCorpus() throws Exception {
    corpus = tmp.resolve("psalm.txt");
    Files.writeString(corpus, """
        The lord is my shepherd; I shall not want.
        He maketh me to lie down in green pastures: he leadeth me beside the still waters.
        He restoreth my soul: he leadeth me in the paths of righteousness for his name's sake.
        """);
  }

  private JsonNode json(Run r) throws Exception {
    assertThat(r.exit()).as(r.err()).isZero();
    return JSON.readTree(r.lastOutLine());
  }

  @Test
  void jsonHasTextTokensAndSecondsAndIsReproducible() throws Exception {
    String[] args = {"field", "--corpus", corpus.toString(), "--prompt", "He ", "--tokens", "40", "--seed", "7", "--json"};
    JsonNode a = json(Run.of(args));
    assertThat(a.get("text").asText()).startsWith("He ");
    assertThat(a.get("tokens")).hasSize(40);
    assertThat(a.get("tokens").get(0).has("id")).isTrue();
    assertThat(a.get("tokens").get(0).has("text")).isTrue();
    assertThat(a.get("seconds").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(a.get("mode").asText()).isEqualTo("trigram");
    StringBuilder continuation = new StringBuilder();
    for (JsonNode t : a.get("tokens")) continuation.append(t.get("text").asText());
    assertThat(a.get("text").asText()).isEqualTo("He " + continuation);
    // Every generated character comes from the corpus.
    String source = Files.readString(corpus);
    for (char c : continuation.toString().toCharArray()) assertThat(source).contains(String.valueOf(c));

    JsonNode b = json(Run.of(args));
    assertThat(b.get("text")).isEqualTo(a.get("text"));
    JsonNode other = json(Run.of("field", "--corpus", corpus.toString(), "--prompt", "He ", "--tokens", "40", "--seed", "8", "--json"));
    assertThat(other.get("text")).isNotEqualTo(a.get("text"));
  }

  @Test
  void plainOutputModesTokenizersAndCleanup() throws Exception {
    Run plain = Run.of("field", "--corpus", corpus.toString(), "--prompt", "the", "--tokens", "20", "--mode", "blend",
        "--tokenizer", "char:haze", "--temperature", "0");
    assertThat(plain.exit()).as(plain.err()).isZero();
    assertThat(plain.out()).startsWith("the");
    assertThat(plain.err()).contains("field built").contains("char:haze");

    JsonNode bpe = json(Run.of("field", "--corpus", corpus.toString(), "--prompt", "He leadeth", "--tokens", "10",
        "--tokenizer", "bpe:300", "--mode", "bigram", "--json"));
    assertThat(bpe.get("vocab_size").asInt()).isBetween(256, 300);
    assertThat(bpe.get("tokens")).hasSize(10);

    JsonNode clean = json(Run.of("field", "--corpus", corpus.toString(), "--prompt", "he", "--tokens", "60", "--cleanup", "--json"));
    assertThat(clean.get("raw_text").asText()).startsWith("he");
    assertThat(clean.get("text").asText()).startsWith("He");

    JsonNode none = json(Run.of("field", "--corpus", corpus.toString(), "--prompt", "", "--tokens", "0", "--json"));
    assertThat(none.get("text").asText()).isEmpty();
    assertThat(none.get("tokens")).isEmpty();
  }

  @Test
  void badInputsSayWhatToFix() {
    Run badMode = Run.of("field", "--corpus", corpus.toString(), "--prompt", "a", "--tokens", "5", "--mode", "fourgram");
    assertThat(badMode.exit()).isEqualTo(2);
    Run badTokenizer = Run.of("field", "--corpus", corpus.toString(), "--prompt", "a", "--tokens", "5", "--tokenizer", "bpe:10");
    assertThat(badTokenizer.exit()).isEqualTo(2);
    assertThat(badTokenizer.err()).contains("bpe:N");
    Run negative = Run.of("field", "--corpus", corpus.toString(), "--prompt", "a", "--tokens", "-1");
    assertThat(negative.exit()).isEqualTo(2);
    Run hot = Run.of("field", "--corpus", corpus.toString(), "--prompt", "a", "--tokens", "1", "--temperature", "-1");
    assertThat(hot.exit()).isEqualTo(2);
    Run unknownChar = Run.of("field", "--corpus", corpus.toString(), "--prompt", "zebra", "--tokens", "5");
    assertThat(unknownChar.exit()).isEqualTo(1);
    assertThat(unknownChar.err()).contains("prompt").contains("'z'");
    Run missing = Run.of("field", "--corpus", tmp.resolve("nope.txt").toString(), "--prompt", "a", "--tokens", "5");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("not found");
  }
}
