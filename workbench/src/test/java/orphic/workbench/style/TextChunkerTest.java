package orphic.workbench.style;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextChunkerTest {
  @Test
  void cutsAtSpacesAfterCollapsingWhitespace() {
    String text = "aaaa bbbb\n\ncccc dddd\teeee ffff gggg hhhh iiii jjjj kk";
    List<String> c = TextChunker.chunks(text, 20);
    assertThat(c).containsExactly("aaaa bbbb cccc dddd", "eeee ffff gggg hhhh", "iiii jjjj kk");
    assertThat(TextChunker.chunks("aaaa bbbb cccc dddd e", 20)).containsExactly("aaaa bbbb cccc dddd"); // 1-char tail dropped
  }

  @Test
  void scoringKeepsShortTextsAndRefusesEmptyOnes() {
    assertThat(TextChunker.forScoring("  Hello\nthere ", 500)).containsExactly("Hello there");
    assertThatThrownBy(() -> TextChunker.forScoring(" \n\t", 500)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
  }

  @Test
  void styleSpecsParse() {
    StyleCorpus s = StyleCorpus.parse("liturgical=a.txt, b.txt");
    assertThat(s.name()).isEqualTo("liturgical");
    assertThat(s.files()).containsExactly(Path.of("a.txt"), Path.of("b.txt"));
    assertThatThrownBy(() -> StyleCorpus.parse("nofile")).hasMessageContaining("NAME=FILE");
    assertThatThrownBy(() -> StyleCorpus.parse("bad name=x.txt")).hasMessageContaining("not allowed");
  }
}
