package orphic.lm.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import orphic.lm.text.Corpus;
import orphic.lm.text.SharedCorpora;
import org.junit.jupiter.api.Test;

class BpeTokenizerTest {
  private static final String TEXT = SampleText.english(7, 4000);

  @Test
  void roundTripsRandomUnicodeIncludingUnseenCharacters() {
    BpeTokenizer t = BpeTokenizer.train(TEXT, 500);
    Random r = new Random(42);
    for (int i = 0; i < 300; i++) {
      String s = SampleText.randomUnicode(r, 60);
      int[] ids = t.encode(s);
      assertThat(t.decode(ids)).as("string %d", i).isEqualTo(s);
      for (int id : ids) assertThat(id).isBetween(0, t.vocabSize() - 1);
    }
    String mixed = "the night 😀 whispered 𝔸 ½ 漢字 — Ωμέγα don’t\r\n\u0000end";
    assertThat(t.decode(t.encode(mixed))).isEqualTo(mixed);
    assertThat(t.encode("")).isEmpty();
  }

  @Test
  void compressesTheTrainingText() {
    BpeTokenizer t = BpeTokenizer.train(TEXT, 500);
    int[] ids = t.encode(TEXT);
    assertThat(t.decode(ids)).isEqualTo(TEXT);
    assertThat(ids.length).isLessThan(TEXT.getBytes(StandardCharsets.UTF_8).length / 3);
  }

  @Test
  void vocabularyHasExactlyTheRequestedSize() {
    for (int n : new int[] {256, 257, 300, 400}) {
      BpeTokenizer t = BpeTokenizer.train(TEXT, n);
      assertThat(t.vocabSize()).isEqualTo(n);
      assertThat(t.spec()).isEqualTo("bpe:" + n);
    }
  }

  @Test
  void smallCorpusStopsWhenNoPairRepeats() {
    BpeTokenizer t = BpeTokenizer.train("ab", 1000);
    assertThat(t.vocabSize()).isEqualTo(256);
    BpeTokenizer t2 = BpeTokenizer.train("ab ab", 1000);
    assertThat(t2.merges()[0]).containsExactly('a', 'b');
  }

  @Test
  void trainingIsDeterministicAndMatchesTheReferenceTrainer() {
    String text = SampleText.english(3, 1500) + "aaaaaaa bbbb aaaa";
    int[][] a = BpeTokenizer.train(text, 420).merges();
    int[][] b = BpeTokenizer.train(text, 420).merges();
    assertThat(a).isDeepEqualTo(b);
    assertThat(a).isDeepEqualTo(ReferenceBpe.train(text, 420));
    String random = SampleText.randomUnicode(new Random(5), 3000) + SampleText.randomUnicode(new Random(5), 3000);
    assertThat(BpeTokenizer.train(random, 330).merges()).isDeepEqualTo(ReferenceBpe.train(random, 330));
  }

  @Test
  void tiesGoToTheLowestPairIds() {
    // "ab" and "cd" both occur twice: (a, b) has the lower ids and is merged first.
    BpeTokenizer t = BpeTokenizer.train("cd.ab.cd.ab", 258);
    assertThat(t.merges()[0]).containsExactly('a', 'b');
  }

  @Test
  void mergesNeverCrossChunkBoundaries() {
    BpeTokenizer t = BpeTokenizer.train(TEXT, 600);
    String s = TEXT.substring(0, 3000);
    // Byte offsets at which chunks start.
    List<Integer> chunkStarts = new ArrayList<>();
    int[] offset = {0};
    Chunker.split(s, (a, b) -> {
      chunkStarts.add(offset[0]);
      offset[0] += Utf8.encode(s, a, b).length;
    });
    List<Integer> tokenStarts = new ArrayList<>();
    int o = 0;
    for (int id : t.encode(s)) {
      tokenStarts.add(o);
      o += t.tokenBytes(id).length;
    }
    assertThat(tokenStarts).containsAll(chunkStarts);
  }

  @Test
  void chunkerRules() {
    assertThat(chunks("Hello, world  of 42 cats!\n\nThe end")).containsExactly(
        "Hello", ",", " world", " ", " of", " 42", " cats", "!", "\n\n", "The", " end");
    assertThat(chunks("don’t isn't 'quoted'")).containsExactly("don’t", " isn't", " '", "quoted", "'");
    assertThat(chunks("a—“b”… 😀😀")).containsExactly("a", "—“", "b", "”…", " 😀😀");
    String longWord = "x".repeat(150);
    assertThat(chunks(longWord)).containsExactly("x".repeat(64), "x".repeat(64), "x".repeat(22));
    assertThat(String.join("", chunks("  two\t\tspaces \n end "))).isEqualTo("  two\t\tspaces \n end ");
  }

  private static List<String> chunks(String s) {
    List<String> out = new ArrayList<>();
    Chunker.split(s, (a, b) -> out.add(s.substring(a, b)));
    return out;
  }

  @Test
  void streamingDecoderHoldsBackPartialCharacters() {
    BpeTokenizer t = BpeTokenizer.of(new int[0][]); // bytes only: every multi-byte character is split
    String s = "a😀é漢";
    int[] ids = t.encode(s);
    assertThat(ids).hasSize(1 + 4 + 2 + 3);
    Decoder d = t.decoder();
    StringBuilder got = new StringBuilder();
    List<String> pieces = new ArrayList<>();
    for (int id : ids) {
      String piece = d.push(id);
      pieces.add(piece);
      got.append(piece);
      assertThat(piece).doesNotContain("\uFFFD");
    }
    got.append(d.finish());
    assertThat(got.toString()).isEqualTo(s);
    assertThat(pieces).containsExactly("a", "", "", "", "😀", "", "é", "", "", "漢");
    assertThat(t.tokenText(0xF0)).isEqualTo("<0xF0>");
    assertThat(t.tokenText('a')).isEqualTo("a");
  }

  @Test
  void streamingMatchesWholeDecodeOnArbitraryIds() {
    BpeTokenizer t = BpeTokenizer.train(TEXT, 400);
    Random r = new Random(9);
    for (int trial = 0; trial < 200; trial++) {
      int[] ids = r.ints(r.nextInt(30), 0, t.vocabSize()).toArray();
      Decoder d = t.decoder();
      StringBuilder sb = new StringBuilder();
      for (int id : ids) sb.append(d.push(id));
      sb.append(d.finish());
      assertThat(sb.toString()).isEqualTo(t.decode(ids));
    }
  }

  @Test
  void rejectsTooSmallVocabularyAndBadMerges() {
    assertThatThrownBy(() -> BpeTokenizer.train("abc", 255)).isInstanceOf(TokenizerException.class)
        .hasMessageContaining("at least 256");
    assertThatThrownBy(() -> BpeTokenizer.of(new int[][] {{1, 256}})).hasMessageContaining("does not exist yet");
    assertThatThrownBy(() -> BpeTokenizer.of(new int[][] {{1, 2}, {1, 2}})).hasMessageContaining("repeats");
    assertThatThrownBy(() -> BpeTokenizer.train(TEXT, 300).decode(new int[] {300}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void trainsOnTheSharedHazeCorpus() {
    String text = Corpus.read(SharedCorpora.require("haze-text.txt")).text();
    BpeTokenizer t = BpeTokenizer.train(text, 1000);
    assertThat(t.vocabSize()).isEqualTo(1000);
    int[] ids = t.encode(text);
    assertThat(t.decode(ids)).isEqualTo(text);
    assertThat(BpeTokenizer.train(text, 1000).merges()).isDeepEqualTo(t.merges());
  }
}
