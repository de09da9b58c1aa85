package orphic.workbench.style;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orphic.lm.model.PoeticOptions;
import orphic.lm.train.TrainConfig;
import orphic.lm.train.TrainJob;
import orphic.workbench.embed.MiniLmEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The style dial end to end (issue 10): a style-conditioned model trained on two corpora, and the
 * real style detector (MiniLM + stylometry) trained on the same two: moving the model's style
 * vector from A to B moves the detector's scores of what it writes from A towards B.
 */
class StyleDialDetectorTest {
  @TempDir Path tmp;

  @Test
  void movingTheDialMovesTheDetectorsScores() throws Exception {
    // two unmistakable synthetic voices sharing only space and newline
    StringBuilder a = new StringBuilder(), b = new StringBuilder();
    String[] wa = {"aei", "oua", "ea", "ioo", "uae"}, wb = {"XKT", "QRZ", "TT", "KXQ", "ZRK"};
    for (int i = 0; i < 400; i++) {
      a.append(wa[(i * 3) % 5]).append(i % 9 == 8 ? '\n' : ' ');
      b.append(wb[(i * 2) % 5]).append(i % 9 == 8 ? '\n' : ' ');
    }
    Path pa = tmp.resolve("vowels.txt"), pb = tmp.resolve("caps.txt");
    Files.writeString(pa, a.toString());
    Files.writeString(pb, b.toString());
    List<Path> corpus = List.of(pa, pb);

    TrainConfig train = new TrainConfig(100, 0, 8, 1e-2, 1e-3, "cosine", 3, 1.0, 0.0, false, 0.9, 0.99, 7, 1000, 1, 0, 3600);
    var spec = new TrainJob.Spec(corpus, "gpt", "char", 1, 2, 16, 16, 0f, 5L, train, tmp.resolve("model"), false);
    TrainJob.Prepared job = TrainJob.prepare(spec, null, c -> c.withPoetic(PoeticOptions.none().withStyles(TrainJob.styleNames(corpus), 4)));
    job.run(0);
    job.model().module().train(false);

    try (MiniLmEmbedder embedder = new MiniLmEmbedder(256, 0, 1)) {
      var options = new StyleTrainer.Options(60, 0.2, 24, StyleSpace.Options.defaults().withSteps(100));
      var trained = StyleTrainer.train(List.of(new StyleCorpus("vowels", List.of(pa)), new StyleCorpus("caps", List.of(pb))),
          embedder, MiniLmEmbedder.MODEL_ID, options, line -> {});
      StyleDetector detector = new StyleDetector(trained.space(), embedder);
      assertThat(detector.detect(b.substring(0, 120)).get("caps")).isGreaterThan(0.9);

      DialSweep.Result r = DialSweep.run(job.model(), job.tokenizer(), "vowels", "caps",
          new DialSweep.Settings(3, 3, 60, "\n", 0.7, 4), detector::detect);
      double first = r.points().get(0).scores().get("caps"), last = r.points().get(2).scores().get("caps");
      assertThat(last).as(r.table()).isGreaterThan(first + 0.5);
      assertThat(r.points().get(0).scores().get("vowels")).as(r.table()).isGreaterThan(0.5);
    }
  }
}
