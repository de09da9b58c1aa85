package orphic.workbench.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import orphic.workbench.transform.AnachronismEngine.Direction;
import org.junit.jupiter.api.Test;

class AnachronismEngineTest {
  private static String archaic(String s) {
    return AnachronismEngine.archaize(s).text();
  }

  private static String modern(String s) {
    return AnachronismEngine.modernize(s).text();
  }

  @Test
  void youBecomesThouOrTheeByCase() {
    assertThat(archaic("You know I love you.")).isEqualTo("Thou knowest I love thee.");
    assertThat(archaic("I will walk with you, and you are tired.")).isEqualTo("I will walk with thee, and thou art tired.");
    assertThat(archaic("You have your book and your eyes; the choice is yours.")).isEqualTo("Thou hast thy book and thine eyes; the choice is thine.");
  }

  @Test
  void thirdPersonVerbsTakeEth() {
    assertThat(archaic("He knows the way and she makes bread.")).isEqualTo("He knoweth the way and she maketh bread.");
    assertThat(archaic("She does not speak; he has a sword.")).isEqualTo("She doth not speak; he hath a sword.");
  }

  @Test
  void tableAndContractions() {
    TransformResult r = AnachronismEngine.archaize("It is often quiet before the evening.");
    assertThat(r.text()).isEqualTo("'Tis oft quiet ere the eventide.");
    assertThat(r.changes()).extracting(Change::rule).containsExactly("archaic-contraction", "archaism", "archaism", "archaism");
    assertThat(r.changes().get(0).start()).isZero();
    assertThat(r.changes().get(0).end()).isEqualTo(5);
  }

  @Test
  void modernizeReversesTheRules() {
    assertThat(modern("Thou knowest I love thee.")).isEqualTo("You know I love you.");
    assertThat(modern("'Tis oft quiet ere the eventide; he knoweth thy name and hath thine.")).isEqualTo("It is often quiet before the evening; he knows your name and has yours.");
    assertThat(modern("Thou art weary.")).isEqualTo("You are weary.");
  }

  @Test
  void modernTextWithoutArchaismsIsUnchanged() {
    TransformResult r = AnachronismEngine.modernize("The cat sat on the mat.");
    assertThat(r.unchanged()).isTrue();
    assertThat(r.text()).isEqualTo("The cat sat on the mat.");
  }

  @Test
  void dropPlacesAPhraseAtAWordBoundary() {
    String host = "And the earth was without form, and void.";
    TransformResult r = AnachronismEngine.drop(host, "you check your phone", 14, Direction.ARCHAIC);
    assertThat(r.text()).isEqualTo("And the earth thou checkest thy phone was without form, and void.");
    assertThat(r.changes()).singleElement().satisfies(c -> {
      assertThat(c.start()).isEqualTo(13);
      assertThat(c.rule()).isEqualTo("drop");
      assertThat(c.why()).contains("you → thou");
    });
    TransformResult bare = AnachronismEngine.drop(host, "the wifi is down", 0, Direction.MODERN);
    assertThat(bare.text()).isEqualTo("the wifi is down And the earth was without form, and void.");
  }

  @Test
  void emptyTextIsRefused() {
    assertThatThrownBy(() -> AnachronismEngine.archaize("")).hasMessageContaining("text is empty");
    assertThatThrownBy(() -> Direction.parse("future")).hasMessageContaining("use archaic or modern");
  }
}
