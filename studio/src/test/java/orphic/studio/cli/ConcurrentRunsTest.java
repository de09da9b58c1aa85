package orphic.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrentRunsTest {
  @Test
  void childrenKeepTheSharedSetupAndLoseThePerRunOptions() {
    List<String> typed = List.of("--corpus", "a.txt", "b.txt", "--variants", "gpt,haze", "--minutes", "10", "--seeds", "2",
        "--seed=5", "--threads", "2", "--concurrent", "--json", "--out", "dir", "--context", "64");
    assertThat(ConcurrentRuns.withoutReplaced(typed))
        .containsExactly("--corpus", "a.txt", "b.txt", "--minutes", "10", "--out", "dir", "--context", "64");
  }

  @Test
  void variantsGivenAsSeparateWordsAreAllDropped() {
    List<String> typed = List.of("--variants", "gpt", "haze", "--steps", "3");
    assertThat(ConcurrentRuns.withoutReplaced(typed)).containsExactly("--steps", "3");
  }
}
