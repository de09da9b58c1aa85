package orphic.lm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctNTest {
  @Test
  void countsDistinctOverAllNgramsByHand() {
    List<List<String>> abab = List.of(List.of("a", "b", "a", "b"));
    assertThat(DistinctN.of(abab, 1)).isEqualTo(2 / 4.0);
    assertThat(DistinctN.of(abab, 2)).isEqualTo(2 / 3.0);  // ab, ba, ab
    assertThat(DistinctN.of(abab, 3)).isEqualTo(2 / 2.0);  // aba, bab
  }

  @Test
  void poolsTextsWithoutCrossingBetweenThem() {
    List<List<String>> two = List.of(List.of("a", "b"), List.of("a", "b"));
    assertThat(DistinctN.of(two, 2)).isEqualTo(1 / 2.0); // "b a" across the boundary is not counted
    assertThat(DistinctN.of(List.of(List.of("a")), 2)).isNaN();
  }

  @Test
  void wordsAreLowerCasedRunsOfLettersDigitsAndApostrophes() {
    assertThat(DistinctN.words("Don't, DON\u2019T!  the end 42.")).containsExactly("don't", "don't", "the", "end", "42");
    assertThat(DistinctN.ofWords(List.of("the cat the cat", "a dog"), 2)).isEqualTo(3 / 4.0); // the cat, cat the, the cat | a dog
  }
}
