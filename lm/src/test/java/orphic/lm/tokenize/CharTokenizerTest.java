package orphic.lm.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import orphic.lm.text.Corpus;
import orphic.lm.text.SharedCorpora;
import org.junit.jupiter.api.Test;

class CharTokenizerTest {
  @Test
  void vocabularyIsSortedDistinctCodePoints() {
    CharTokenizer t = CharTokenizer.train("banana\n");
    assertThat(t.vocabSize()).isEqualTo(4);
    assertThat(t.codePoints()).containsExactly('\n', 'a', 'b', 'n');
    assertThat(t.encode("nab")).containsExactly(3, 1, 2);
    assertThat(t.decode(new int[] {2, 1, 3})).isEqualTo("ban");
    assertThat(t.spec()).isEqualTo("char");
  }

  @Test
  void surrogatePairsAreOneToken() {
    String text = "a😀b𝔸😀";
    CharTokenizer t = CharTokenizer.train(text);
    assertThat(t.vocabSize()).isEqualTo(4);
    int[] ids = t.encode(text);
    assertThat(ids).hasSize(5);
    assertThat(t.decode(ids)).isEqualTo(text);
    assertThat(t.tokenText(ids[1])).isEqualTo("😀");
    assertThat(t.idOf("𝔸".codePointAt(0))).isEqualTo(ids[3]);
    // The streaming decoder gives whole characters at once.
    Decoder d = t.decoder();
    assertThat(d.push(ids[1])).isEqualTo("😀");
    assertThat(d.finish()).isEmpty();
  }

  @Test
  void unknownCharacterErrorNamesCharacterAndPosition() {
    CharTokenizer t = CharTokenizer.train("ab😀c");
    // Positions count code points: é is at UTF-16 index 7 but position 5.
    assertThatThrownBy(() -> t.encode("😀ab😀cé"))
        .isInstanceOf(TokenizerException.class)
        .hasMessageContaining("'é' (U+00E9) at position 5")
        .hasMessageContaining("skip or replace");
    assertThatThrownBy(() -> t.encode("a\tb")).hasMessageContaining("U+0009 at position 1");
  }

  @Test
  void unknownCharacterSkip() {
    CharTokenizer t = CharTokenizer.train("abc", UnknownPolicy.SKIP);
    assertThat(t.encode("axbyc")).containsExactly(0, 1, 2);
    assertThat(t.vocabSize()).isEqualTo(3);
  }

  @Test
  void unknownCharacterReplace() {
    CharTokenizer t = CharTokenizer.train("abc", UnknownPolicy.REPLACE);
    assertThat(t.vocabSize()).isEqualTo(4);
    int[] ids = t.encode("a😀c");
    assertThat(ids).containsExactly(0, 3, 2);
    assertThat(t.decode(ids)).isEqualTo("a\uFFFDc");
    assertThat(t.tokenText(3)).isEqualTo("<unk>");
    Decoder d = t.decoder();
    assertThat(d.push(3)).isEqualTo("\uFFFD");
  }

  @Test
  void outOfRangeIdsAreRejected() {
    CharTokenizer t = CharTokenizer.train("ab");
    assertThatThrownBy(() -> t.decode(new int[] {2})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token id 2");
    assertThatThrownBy(() -> t.tokenText(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hazeNormalisationLowerCasesThenTypesetsQuotes() {
    assertThat(Normalization.HAZE.apply("Don't say \"NO\"")).isEqualTo("don’t say ”no”");
    // Full Unicode lower-casing: capital I with dot above becomes i + combining dot.
    assertThat(Normalization.HAZE.apply("İ")).isEqualTo("i\u0307");
    CharTokenizer t = CharTokenizer.haze("It's \"Dark\".");
    assertThat(t.spec()).isEqualTo("char:haze");
    assertThat(t.unknownPolicy()).isEqualTo(UnknownPolicy.SKIP);
    String vocab = IntStream.of(t.codePoints()).mapToObj(Character::toString).collect(Collectors.joining());
    assertThat(vocab).isEqualTo(" .adikrst’”");
    // Unknown characters are dropped, as haze drops them; ASCII quotes map to the typographic ones.
    assertThat(t.decode(t.encode("KIT'S \"Z\""))).isEqualTo("kit’s ””");
  }

  @Test
  void hazeLegacyKeepsAsciiQuotesInTheVocabulary() {
    CharTokenizer legacy = CharTokenizer.hazeLegacy("It's \"Dark\".");
    String vocab = IntStream.of(legacy.codePoints()).mapToObj(Character::toString).collect(Collectors.joining());
    assertThat(vocab).isEqualTo(" \"'.adikrst");
    // As in haze, encode normalises quotes, and ’ is not in this vocabulary: dropped.
    assertThat(legacy.decode(legacy.encode("it's"))).isEqualTo("its");
  }

  @Test
  void hazeVocabularyOnTheSharedCorpusIsHazes() {
    Path p = SharedCorpora.require("haze-text.txt");
    String text = Corpus.read(p).text();
    CharTokenizer t = CharTokenizer.haze(text);
    assertThat(t.vocabSize()).isEqualTo(44);
    String expected = "\n !(),-.:;?abcdefghijklmnopqrstuvwxyzà—‘’“”…";
    String vocab = IntStream.of(t.codePoints()).mapToObj(Character::toString).collect(Collectors.joining());
    assertThat(vocab).isEqualTo(expected);
    assertThat(t.idOf('\n')).isZero();
    assertThat(t.idOf(' ')).isEqualTo(1);
    assertThat(t.idOf('a')).isEqualTo(11);
    assertThat(t.idOf('’')).isEqualTo(40);
    assertThat(CharTokenizer.hazeLegacy(text).codePoints()).containsExactly(t.codePoints());
    // The whole corpus encodes without loss apart from case.
    assertThat(t.decode(t.encode(text))).isEqualTo(Normalization.HAZE.apply(text));
  }

  @Test
  void trainBySpec() {
    assertThat(Tokenizer.train("char", "ab").spec()).isEqualTo("char");
    assertThat(Tokenizer.train("char:haze", "AB").spec()).isEqualTo("char:haze");
    assertThat(Tokenizer.train("haze", "AB").vocabSize()).isEqualTo(2);
    assertThat(Tokenizer.train("bpe:300", "ab ab ab").spec()).startsWith("bpe:");
    assertThatThrownBy(() -> Tokenizer.train("word", "x")).isInstanceOf(TokenizerException.class)
        .hasMessageContaining("char, char:haze or bpe:N");
    assertThatThrownBy(() -> Tokenizer.train("bpe:lots", "x")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> Tokenizer.train("bpe:100", "x")).hasMessageContaining("at least 256");
  }
}
