package orphic.lm.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CharacterCorruptionTest {
  private static int differences(String a, String b) {
    int[] x = a.codePoints().toArray(), y = b.codePoints().toArray();
    assertThat(y).hasSameSizeAs(x);
    int d = 0;
    for (int i = 0; i < x.length; i++) if (x[i] != y[i]) d++;
    return d;
  }

  @Test
  void replacesExactlyTheFractionWithOtherCharacters() {
    String text = "aaaaaaaaaaaaaaaaaaaa"; // 20
    String c = CharacterCorruption.corrupt(text, 0.25, new int[] {'a', 'b'}, 7);
    assertThat(c.chars().filter(ch -> ch == 'b').count()).isEqualTo(5);
    String t = "the quick brown fox jumps over the lazy dog";
    String d = CharacterCorruption.corrupt(t, 0.10, CharacterCorruption.alphabet(t), 1);
    assertThat(differences(t, d)).isEqualTo(Math.round(0.10 * t.length()));
    assertThat(CharacterCorruption.corrupt(t, 0, new int[] {'x'}, 1)).isEqualTo(t);
  }

  @Test
  void seededAndCodePointAware() {
    String t = "a\uD83D\uDE00b c d e f g h i j"; // an emoji outside the BMP counts as one character
    int[] alphabet = {'x', 'y', 0x1F601};
    assertThat(CharacterCorruption.corrupt(t, 0.5, alphabet, 3)).isEqualTo(CharacterCorruption.corrupt(t, 0.5, alphabet, 3));
    String c = CharacterCorruption.corrupt(t, 0.5, alphabet, 3);
    assertThat(differences(t, c)).isEqualTo(Math.round(0.5 * t.codePointCount(0, t.length())));
    assertThat(CharacterCorruption.corrupt(t, 1.0, alphabet, 3)).doesNotContain("a");
  }

  @Test
  void alphabetIsTheSortedDistinctCharacters() {
    assertThat(CharacterCorruption.alphabet("banana")).containsExactly('a', 'b', 'n');
    assertThatThrownBy(() -> CharacterCorruption.corrupt("aaaa", 0.5, new int[] {'a'}, 1)).hasMessageContaining("two distinct");
  }
}
