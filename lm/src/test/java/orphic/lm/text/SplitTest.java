package orphic.lm.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {
  private static int[] ids(int n) {
    return IntStream.range(0, n).toArray();
  }

  @Test
  void ninetyTenContiguous() {
    Split s = Split.of(ids(1000), 8);
    assertThat(s.trainLength()).isEqualTo(900);
    assertThat(s.validationLength()).isEqualTo(100);
    assertThat(s.boundary()).isEqualTo(900);
    assertThat(s.train().get(0)).isEqualTo(0);
    assertThat(s.train().get(899)).isEqualTo(899);
    assertThat(s.validation().get(0)).isEqualTo(900);
    assertThat(s.validation().limit()).isEqualTo(100);
    assertThat(s.train().isReadOnly()).isTrue();
    int[] window = new int[9];
    s.validation().get(91, window, 0, 9);
    assertThat(window).containsExactly(991, 992, 993, 994, 995, 996, 997, 998, 999);
  }

  @Test
  void configurableFraction() {
    Split s = Split.of(ids(1000), 8, 0.25);
    assertThat(s.trainLength()).isEqualTo(750);
    assertThat(s.validationLength()).isEqualTo(250);
  }

  @Test
  void tooSmallSaysHowManyTokensAreNeeded() {
    assertThatThrownBy(() -> Split.of(ids(50), 8))
        .isInstanceOf(CorpusException.class)
        .hasMessageStartingWith("corpus too small for context length 8: 50 tokens, need at least 86")
        .hasMessageContaining("use a smaller --context or more text");
    Split ok = Split.of(ids(86), 8);
    assertThat(ok.validationLength()).isEqualTo(9);
  }

  @Test
  void minimumIsTheSmallestWorkingSize() {
    for (double f : new double[] {0.1, 0.05, 0.2, 0.5, 0.9}) {
      for (int t = 1; t < 40; t++) {
        int smallest = -1;
        for (int n = 1; n < 10_000 && smallest < 0; n++) {
          try {
            Split.of(ids(n), t, f);
            smallest = n;
          } catch (CorpusException e) {
            // still too small
          }
        }
        assertThat(Split.minimumTokens(t, f)).as("T=%d f=%s", t, f).isEqualTo(smallest);
      }
    }
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> Split.of(ids(100), 4, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Split.of(ids(100), 4, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Split.of(ids(100), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
