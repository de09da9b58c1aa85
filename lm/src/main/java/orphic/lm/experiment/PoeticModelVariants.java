package orphic.lm.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.PoeticOptions;
import orphic.lm.train.TrainJob;

/**
 * The model-side options of issue 10 (docs/poetic.md) as experiment variants, each the gpt
 * baseline with one option on:
 *
 * <ul>
 *   <li>{@code attn-mask}: a stochastic attention mask dropping 10% of the off-diagonal pairs in training;
 *   <li>{@code pos-noise}: Gaussian noise σ·t/T on the position embeddings in training, σ = 0.02 (the init std);
 *   <li>{@code phonetic}: the phonetic adapter with 32 sound classes;
 *   <li>{@code style-film}: one learned style per --corpus file (FiLM in every block); needs several corpora.
 * </ul>
 */
public final class PoeticModelVariants implements VariantFamily {
  private static final List<String> NAMES = List.of("attn-mask", "pos-noise", "phonetic", "style-film");

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public Optional<Variant> lookup(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    PoeticOptions none = PoeticOptions.none();
    return Optional.ofNullable(switch (n) {
      case "attn-mask" -> variant(n, "gpt: stochastic attention mask, 10% of the off-diagonal pairs dropped in training", none.withAttentionDrop(0.1f));
      case "pos-noise" -> variant(n, "gpt: Gaussian noise of std 0.02·t/T on position embeddings in training", none.withPositionNoise(0.02f, 0f));
      // placeholder classes (all 0) let the experiment's preflight build the model; training computes the real ones
      case "phonetic" -> Variant.builder(n).arch("gpt").description("gpt: phonetic adapter (Double Metaphone sound class embedding, 32 classes)")
          .model(c -> c.withPoetic(none.withPhonetic(32, new int[c.vocabSize()]))).build();
      case "style-film" -> new StyleFilm();
      default -> null;
    });
  }

  private static Variant variant(String name, String description, PoeticOptions options) {
    return Variant.builder(name).arch("gpt").description(description).model(c -> c.withPoetic(options)).build();
  }

  /** Style names come from the corpus files, which only the spec knows: it is read before the model config. */
  private static final class StyleFilm implements Variant {
    private List<Path> corpus;

    @Override
    public String name() {
      return "style-film";
    }

    @Override
    public String description() {
      return "gpt: one learned style per corpus file, FiLM of every block's normed inputs (identity at start)";
    }

    @Override
    public TrainJob.Spec spec(TrainJob.Spec base) {
      corpus = base.corpus();
      return new TrainJob.Spec(base.corpus(), "gpt", base.tokenizer(), base.layers(), base.heads(), base.dim(), base.context(), base.dropout(),
          base.seed(), base.train(), base.out(), base.resume());
    }

    @Override
    public ModelConfig model(ModelConfig preset) {
      if (corpus == null || corpus.size() < 2) {
        throw new IllegalArgumentException("the style-film variant needs several --corpus files (one style each); the experiment has "
            + (corpus == null ? 0 : corpus.size()));
      }
      return preset.withPoetic(PoeticOptions.none().withStyles(TrainJob.styleNames(corpus), 16));
    }
  }
}
