package orphic.workbench.style;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orphic.workbench.embed.MiniLmEmbedder;
import org.junit.jupiter.api.Test;

/**
 * KJV vs Austen vs the haze dialogue on a small scale (500-character chunks, 30 per style); the
 * full-size figure is in docs/style.md. Skips when ../shared/corpora is absent.
 */
class RealCorporaStyleTest {
  @Test
  void threeRealStylesSeparate() {
    String shared = System.getProperty("orphic.shared", "../shared");
    Path c = Path.of(shared, "corpora");
    assumeTrue(Files.isRegularFile(c.resolve("kjv.txt")) && Files.isRegularFile(c.resolve("haze-text.txt")), "no shared corpora at " + c);
    List<StyleCorpus> styles = List.of(
        new StyleCorpus("liturgical", List.of(c.resolve("kjv.txt"))),
        new StyleCorpus("austen", List.of(c.resolve("austen-persuasion.txt"))),
        new StyleCorpus("dialogue", List.of(c.resolve("haze-text.txt"))));
    StyleTrainer.Options o = new StyleTrainer.Options(500, 0.2, 30, StyleSpace.Options.defaults().withSteps(100));
    try (MiniLmEmbedder e = new MiniLmEmbedder(256, 0, 1)) {
      StyleTrainer.Result r = StyleTrainer.train(styles, e, MiniLmEmbedder.MODEL_ID, o, line -> {});
      assertThat(r.heldOut().total()).isEqualTo(18);
      assertThat(r.heldOut().accuracy()).as(r.heldOut().table()).isGreaterThanOrEqualTo(17 / 18.0);
    }
  }
}
