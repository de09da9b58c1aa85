package orphic.lm.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import orphic.lm.model.BlanchotOptions;
import orphic.lm.model.ModelConfig;

/**
 * The model-side Blanchotian variants (docs/blanchot.md). Each is the blanchot architecture at the
 * experiment's sizes and training settings, so it differs from {@code baseline} only in the
 * components it names:
 *
 * <ul>
 *   <li>{@code void}: learnable void key, value and logit per head (softmax₁ at the start);
 *   <li>{@code dense}: DenseFormer depth-weighted composition of block outputs, no void;
 *   <li>{@code orphic}: orphic embedding (γ 0.1) and the backward twin (β 0.5), no void;
 *   <li>{@code blanchot}: every model-side component: void, residual scores, output gate, dense
 *       composition, orphic embedding and backward twin;
 *   <li>{@code all}: {@code blanchot} trained with the neutral loss of the {@code neutral} variant.
 *       The other two regimes stay out: a community is several models (its own variant) and SGLD
 *       samples rather than settles, so stacking either would hide what the components do.
 * </ul>
 */
public final class BlanchotVariants implements VariantFamily {
  private static final List<String> NAMES = List.of("void", "dense", "orphic", "blanchot", "all");

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public Optional<Variant> lookup(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    BlanchotOptions none = BlanchotOptions.defaults().withVoidMode("off");
    return Optional.ofNullable(switch (n) {
      case "void" -> variant(n, "blanchot: attention with a learnable void (key, value, logit; softmax₁ at start)", none.withVoidMode("kv"));
      case "dense" -> variant(n, "blanchot: DenseFormer depth-weighted composition of block outputs (identity at start)",
          none.withDense(true, 0, 1));
      case "orphic" -> variant(n, "blanchot: orphic embedding (γ 0.1, corpus rarity) and backward twin (β 0.5)",
          none.withOrphicEmbedding(true, 0.1f).withBackwardTwin(0.5f, 1));
      case "blanchot" -> variant(n, "blanchot: void, residual scores, output gate, dense composition, orphic embedding, backward twin",
          BlanchotOptions.all());
      case "all" -> Variant.builder(n).arch("blanchot")
          .description("every model-side component (as blanchot) trained with the neutral loss (as neutral)")
          .model(c -> c.withBlanchot(BlanchotOptions.all()))
          .train(t -> TrainingVariants.NEUTRAL.apply(t)).build();
      default -> null;
    });
  }

  private static Variant variant(String name, String description, BlanchotOptions options) {
    UnaryOperator<ModelConfig> model = c -> c.withBlanchot(options);
    return Variant.builder(name).arch("blanchot").description(description).model(model).build();
  }
}
