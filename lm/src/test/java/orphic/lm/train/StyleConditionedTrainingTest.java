package orphic.lm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import orphic.lm.generate.Generator;
import orphic.lm.model.GptModel;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.PoeticOptions;
import orphic.lm.model.StyleConditioned;
import orphic.lm.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training with the poetic options: exact resume, styles per corpus, and the style dial moving the output. */
class StyleConditionedTrainingTest {
  @TempDir Path tmp;

  /** Two very different synthetic corpora: lower-case vowels vs upper-case consonants, sharing only the space and newline. */
  private List<Path> corpora() throws IOException {
    StringBuilder a = new StringBuilder(), b = new StringBuilder();
    String[] wa = {"aei", "oua", "ea", "ioo", "uae"}, wb = {"XKT", "QRZ", "TT", "KXQ", "ZRK"};
    for (int i = 0; i < 400; i++) {
      a.append(wa[(i * 3) % 5]).append(i % 9 == 8 ? '\n' : ' ');
      b.append(wb[(i * 2) % 5]).append(i % 9 == 8 ? '\n' : ' ');
    }
    Path pa = tmp.resolve("vowels.txt"), pb = tmp.resolve("caps.txt");
    Files.writeString(pa, a.toString());
    Files.writeString(pb, b.toString());
    return List.of(pa, pb);
  }

  private TrainJob.Prepared prepare(List<Path> corpus, Path out, boolean resume, int steps, PoeticOptions options) throws IOException {
    TrainConfig train = new TrainConfig(steps, 0, 8, 1e-2, 1e-3, "cosine", 3, 1.0, 0.0, false, 0.9, 0.99, 7, 1000, 1, 0, 3600);
    var spec = new TrainJob.Spec(corpus, "gpt", "char", 1, 2, 16, 16, 0f, 5L, train, out, resume);
    return TrainJob.prepare(spec, null, c -> c.withPoetic(options));
  }

  private static PoeticOptions all(List<String> styles) {
    return PoeticOptions.none().withStyles(styles, 4).withAttentionDrop(0.2f).withPositionNoise(0.05f, 0.1f).withPhonetic(5, null);
  }

  @Test
  void everyOptionOnResumesExactly() throws IOException {
    List<Path> corpus = corpora();
    PoeticOptions o = all(TrainJob.styleNames(corpus));
    TrainJob.Prepared full = prepare(corpus, tmp.resolve("a"), false, 10, o);
    Trainer.Summary a = full.run(0);
    TrainJob.Prepared first = prepare(corpus, tmp.resolve("b"), false, 10, o);
    assertThat(first.run(6).stoppedEarly()).isTrue();
    TrainJob.Prepared resumed = prepare(corpus, tmp.resolve("b"), true, 10, o);
    Trainer.Summary b = resumed.run(0);
    assertThat(b.steps()).isEqualTo(10);
    assertThat(resumed.trainer().parameters().data()).containsExactly(full.trainer().parameters().data());
    assertThat(b.valLoss()).isEqualTo(a.valLoss());

    ModelDirectory dir = new ModelDirectory(tmp.resolve("a"));
    PoeticOptions saved = dir.readModelConfig().poetic();
    assertThat(saved.styles()).containsExactly("vowels", "caps");
    assertThat(saved.phoneticClasses()).hasSize(full.tokenizer().vocabSize());
    LanguageModel loaded = dir.loadModel();
    assertThat(loaded.config()).isEqualTo(full.model().config());
    assertThat(new Generator(loaded).generate(new int[] {1}, 12, Generator.temperature(1.0, 0, 1), null)).hasSize(12);
  }

  @Test
  void rowsAreTaggedWithTheirCorpusStyle() throws IOException {
    List<Path> corpus = corpora();
    TrainJob.Prepared p = prepare(corpus, tmp.resolve("c"), false, 1, PoeticOptions.none().withStyles(TrainJob.styleNames(corpus), 4));
    Tokenizer tok = p.tokenizer();
    int[] ends = TrainJob.styleSpanEnds(corpus, List.of("vowels", "caps"), orphic.lm.text.Corpus.read(corpus), tok, p.trainTokens());
    assertThat(ends[0]).isEqualTo(Files.readString(corpus.get(0)).length());
    int[] ids = tok.encode(orphic.lm.text.Corpus.read(corpus).text());
    BatchSampler s = new BatchSampler(java.util.Arrays.copyOf(ids, p.trainTokens()), 8, 16, 7);
    int[] styles = new int[8];
    for (long step = 0; step < 5; step++) {
      s.styles(step, ends, styles);
      for (int r = 0; r < 8; r++) {
        String first = tok.decode(new int[] {ids[s.start(step, r)]});
        if (Character.isLetter(first.charAt(0))) assertThat(styles[r]).isEqualTo(Character.isUpperCase(first.charAt(0)) ? 1 : 0);
      }
    }
  }

  /** Share of upper-case among the letters of the generated text. */
  private static double capsShare(String s) {
    long letters = s.chars().filter(Character::isLetter).count();
    return letters == 0 ? 0.5 : (double) s.chars().filter(Character::isUpperCase).count() / letters;
  }

  @Test
  void theDialMovesTheOutputFromOneStyleToTheOther() throws IOException {
    List<Path> corpus = corpora();
    TrainJob.Prepared p = prepare(corpus, tmp.resolve("d"), false, 100, PoeticOptions.none().withStyles(TrainJob.styleNames(corpus), 4));
    p.run(0);
    GptModel m = (GptModel) p.model();
    m.module().train(false);
    StyleConditioned sc = StyleConditioned.of(m);
    int[] prompt = p.tokenizer().encode("\n");
    // The score: the probability that the first letter after a newline (shared by both corpora) is a capital.
    double[] caps = new double[5];
    for (int k = 0; k < 5; k++) {
      double w = k / 4.0;
      sc.setStyle(sc.mix(Map.of("vowels", 1 - w, "caps", w)));
      try (var ng = orphic.engine.autograd.Autograd.noGrad()) {
        float[] lg = m.forward(prompt, 1, prompt.length).toArray();
        double z = 0, up = 0;
        for (int i = 0; i < lg.length; i++) {
          double e = Math.exp(lg[i]);
          z += e;
          if (Character.isUpperCase(p.tokenizer().decode(new int[] {i}).charAt(0))) up += e;
        }
        caps[k] = up / z;
      }
    }
    for (int k = 1; k < 5; k++) assertThat(caps[k]).as(java.util.Arrays.toString(caps)).isGreaterThan(caps[k - 1]);
    assertThat(caps[4] - caps[0]).as(java.util.Arrays.toString(caps)).isGreaterThan(0.3);
    // and the sampled text follows
    double[] share = new double[2];
    for (int k = 0; k < 2; k++) {
      sc.setStyle(sc.styleOf(k == 0 ? "vowels" : "caps"));
      StringBuilder text = new StringBuilder();
      for (int n = 0; n < 4; n++) text.append(p.tokenizer().decode(new Generator(m).generate(prompt, 6, Generator.temperature(0.7, 0, 100 + n), null)));
      share[k] = capsShare(text.toString());
    }
    assertThat(share[1]).isGreaterThan(share[0]);
  }
}
