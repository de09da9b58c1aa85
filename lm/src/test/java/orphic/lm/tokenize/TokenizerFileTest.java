package orphic.lm.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerFileTest {
  @TempDir Path dir;

  private static final String SAMPLE = "Night — “the door”, she said. 😀 Don't!\n";

  private Tokenizer roundTrip(Tokenizer t) throws IOException {
    Path f = dir.resolve("tokenizer.json");
    t.save(f);
    Tokenizer back = Tokenizer.load(f);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("no temporary files left").containsExactly(f);
    }
    assertThat(back.getClass()).isEqualTo(t.getClass());
    assertThat(back.vocabSize()).isEqualTo(t.vocabSize());
    assertThat(back.spec()).isEqualTo(t.spec());
    for (int id = 0; id < t.vocabSize(); id++) assertThat(back.tokenText(id)).isEqualTo(t.tokenText(id));
    return back;
  }

  @Test
  void charTokenizerRoundTripsWithEveryPolicy() throws IOException {
    for (UnknownPolicy p : UnknownPolicy.values()) {
      CharTokenizer t = CharTokenizer.train(SAMPLE + "\t\u0001\"\\", p);
      CharTokenizer back = (CharTokenizer) roundTrip(t);
      assertThat(back.codePoints()).containsExactly(t.codePoints());
      assertThat(back.unknownPolicy()).isEqualTo(p);
      assertThat(back.normalization()).isEqualTo(Normalization.NONE);
      assertThat(back.encode(SAMPLE)).containsExactly(t.encode(SAMPLE));
    }
  }

  @Test
  void hazeTokenizerRoundTrips() throws IOException {
    CharTokenizer t = CharTokenizer.haze(SAMPLE);
    CharTokenizer back = (CharTokenizer) roundTrip(t);
    assertThat(back.normalization()).isEqualTo(Normalization.HAZE);
    assertThat(back.encode("DON'T")).containsExactly(t.encode("DON'T"));
    String json = Files.readString(dir.resolve("tokenizer.json"));
    assertThat(json).contains("\"normalization\": \"haze\"", "\"unknown\": \"skip\"", "\"type\": \"char\"");
  }

  @Test
  void bpeTokenizerRoundTrips() throws IOException {
    BpeTokenizer t = BpeTokenizer.train(SampleText.english(1, 2000) + SAMPLE, 400);
    BpeTokenizer back = (BpeTokenizer) roundTrip(t);
    assertThat(back.merges()).isDeepEqualTo(t.merges());
    assertThat(back.encode(SAMPLE)).containsExactly(t.encode(SAMPLE));
    String json = Files.readString(dir.resolve("tokenizer.json"));
    assertThat(json).startsWith("{\n  \"format\": \"orphic-tokenizer\",\n  \"version\": 1,\n  \"type\": \"bpe\"");
  }

  @Test
  void saveIntoAFolderAndOverwrite() {
    Tokenizer a = CharTokenizer.train("abc");
    Tokenizer b = CharTokenizer.train("xyzw");
    a.save(dir);
    b.save(dir);
    assertThat(Files.exists(dir.resolve(Tokenizer.FILE_NAME))).isTrue();
    assertThat(Tokenizer.load(dir).vocabSize()).isEqualTo(4);
  }

  private void assertRejected(String json, String... messageParts) throws IOException {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, json, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Tokenizer.load(f))
        .isInstanceOf(TokenizerException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContainingAll(messageParts);
  }

  private static String charJson(String vocab) {
    return "{\"format\": \"orphic-tokenizer\", \"version\": 1, \"type\": \"char\", \"normalization\": \"none\","
        + " \"unknown\": \"error\", \"vocab\": " + vocab + "}";
  }

  private static String bpeJson(String merges) {
    return "{\"format\": \"orphic-tokenizer\", \"version\": 1, \"type\": \"bpe\", \"normalization\": \"none\","
        + " \"pretokenizer\": \"orphic-chunks-1\", \"merges\": " + merges + "}";
  }

  @Test
  void minimalHandWrittenFilesLoad() throws IOException {
    Path f = dir.resolve("ok.json");
    Files.writeString(f, charJson("[\"b\", \"a\", \"😀\"]"));
    Tokenizer t = Tokenizer.load(f);
    assertThat(t.encode("ab😀")).containsExactly(1, 0, 2);
    Files.writeString(f, bpeJson("[[104, 105], [256, 256]]"));
    assertThat(Tokenizer.load(f).encode("hihi hi")).containsExactly(257, 32, 256);
    // The example of docs/tokenizer-format.md.
    Files.writeString(f, bpeJson("[[104, 101], [32, 116], [257, 256]]"));
    Tokenizer doc = Tokenizer.load(f);
    assertThat(doc.tokenText(258)).isEqualTo(" the");
    assertThat(doc.encode("the theme")).containsExactly('t', 256, 258, 'm', 'e');
  }

  @Test
  void malformedFilesAreRejectedNamingTheField() throws IOException {
    assertRejected("", "empty");
    assertRejected("{\"format\": ", "not valid JSON");
    assertRejected("[1, 2]", "top level must be a JSON object");
    assertRejected("{\"format\": \"x\", \"format\": \"y\"}", "not valid JSON", "Duplicate field");
    assertRejected(charJson("[]") + " {}", "not valid JSON");
    assertRejected(charJson("[\"a\"]").replace("orphic-tokenizer", "hf-tokenizer"), "field \"format\"");
    assertRejected(charJson("[\"a\"]").replace("\"version\": 1", "\"version\": 2"), "field \"version\"", "upgrade");
    assertRejected(charJson("[\"a\"]").replace("\"version\": 1", "\"version\": \"1\""), "field \"version\"");
    assertRejected(charJson("[\"a\"]").replace("\"type\": \"char\", ", ""), "field \"type\" is missing");
    assertRejected(charJson("[\"a\"]").replace("\"type\": \"char\"", "\"type\": \"word\""), "field \"type\"", "word");
    assertRejected(charJson("[\"a\"]").replace("\"none\"", "\"nfkc\""), "field \"normalization\"");
    assertRejected(charJson("[\"a\"]").replace("\"error\"", "\"ignore\""), "field \"unknown\"");
    assertRejected(charJson("{}"), "field \"vocab\" must be an array");
    assertRejected(charJson("[\"a\", \"b\", \"a\"]"), "field \"vocab\"[2]", "duplicates \"vocab\"[0]", "'a'");
    assertRejected(charJson("[\"a\", \"bc\"]"), "field \"vocab\"[1]", "exactly one character");
    assertRejected(charJson("[\"a\", 7]"), "field \"vocab\"[1]", "must be a string");
    assertRejected(charJson("[\"\\ud800\"]"), "field \"vocab\"[0]", "surrogate");
    assertRejected(charJson("[\"a\"]").replace("\"vocab\"", "\"vocab_size\": 5, \"vocab\""), "field \"vocab_size\"");
    assertRejected(bpeJson("[[1, 2], [256, 258]]"), "field \"merges\"[1][1]", "out of range");
    assertRejected(bpeJson("[[1, -1]]"), "field \"merges\"[0][1]");
    assertRejected(bpeJson("[[1, 2, 3]]"), "field \"merges\"[0]", "pair");
    assertRejected(bpeJson("[[1, 2.5]]"), "field \"merges\"[0][1]", "whole number");
    assertRejected(bpeJson("[[1, 2], [3, 4], [1, 2]]"), "field \"merges\"[2]", "repeats \"merges\"[0]");
    assertRejected(bpeJson("[]").replace("\"none\"", "\"haze\""), "field \"normalization\"");
    assertRejected(bpeJson("[]").replace("orphic-chunks-1", "gpt2"), "field \"pretokenizer\"");
    assertRejected(bpeJson("[]").replace("\"merges\"", "\"unknown\": \"skip\", \"merges\""), "field \"unknown\"");
    assertRejected(bpeJson("[[1, 2]]").replace("\"merges\"", "\"vocab_size\": 256, \"merges\""),
        "field \"vocab_size\"", "257");
  }

  @Test
  void missingFileIsNamed() {
    Path f = dir.resolve("model/tokenizer.json");
    assertThatThrownBy(() -> Tokenizer.load(f)).isInstanceOf(TokenizerException.class)
        .hasMessageContaining("not found").hasMessageContaining(f.toString());
  }
}
