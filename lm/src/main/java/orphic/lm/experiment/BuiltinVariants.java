package orphic.lm.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import orphic.lm.model.ModelConfig;

/**
 * The variants this module ships:
 *
 * <ul>
 *   <li>{@code gpt} (alias {@code baseline}): the GPT baseline at the experiment's sizes;
 *   <li>{@code haze}: haze's PostGPT with hybrid heads (RRPRAM and content, gated);
 *   <li>{@code haze-rrpram}, {@code haze-content}: haze with one kind of head only;
 *   <li>sized forms of each, {@code <base>-L<layers>-H<heads>-D<dim>} with any of the three
 *       parts (in that order): {@code gpt-L4-D192}, {@code haze-rrpram-L2}, {@code gpt-H4-D128}.
 * </ul>
 */
public final class BuiltinVariants implements VariantFamily {
  private static final List<String> NAMES = List.of("gpt", "baseline", "haze", "haze-rrpram", "haze-content");
  private static final Pattern SIZED = Pattern.compile("(gpt|baseline|haze|haze-rrpram|haze-content)((?:-[lhd]\\d{1,6})+)");
  private static final Pattern PART = Pattern.compile("-([lhd])(\\d{1,6})");

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public List<String> patterns() {
    return List.of("<base>-L<layers>-H<heads>-D<dim> (any of the three parts, e.g. gpt-L4-D192)");
  }

  @Override
  public Optional<Variant> lookup(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (NAMES.contains(n)) return Optional.of(base(n, n, "").build());
    Matcher m = SIZED.matcher(n);
    if (!m.matches()) return Optional.empty();
    StringBuilder sizes = new StringBuilder();
    Integer layers = null, heads = null, dim = null;
    String order = "";
    Matcher p = PART.matcher(m.group(2));
    while (p.find()) {
      char kind = p.group(1).charAt(0);
      int value = Integer.parseInt(p.group(2));
      if (value < 1) throw new IllegalArgumentException("variant '" + name + "': sizes must be at least 1");
      if (!order.isEmpty() && "lhd".indexOf(kind) <= "lhd".indexOf(order.charAt(order.length() - 1))) {
        throw new IllegalArgumentException("variant '" + name + "': give each of L (layers), H (heads), D (dim) at most once, in that order");
      }
      order += kind;
      sizes.append('-').append(Character.toUpperCase(kind)).append(value);
      switch (kind) {
        case 'l' -> layers = value;
        case 'h' -> heads = value;
        default -> dim = value;
      }
    }
    Variant.Builder b = base(m.group(1), m.group(1) + sizes, " (" + sizes.substring(1) + ")");
    if (layers != null) b.layers(layers);
    if (heads != null) b.heads(heads);
    if (dim != null) b.dim(dim);
    return Optional.of(b.build());
  }

  private static Variant.Builder base(String base, String name, String suffix) {
    Variant.Builder b = Variant.builder(name);
    return switch (base) {
      case "gpt", "baseline" -> b.arch("gpt").description("GPT baseline: pre-LayerNorm transformer, learned positions" + suffix);
      case "haze" -> b.arch("haze").model(c -> headKind(c, "hybrid")).description("haze PostGPT, hybrid heads (RRPRAM + content, gated)" + suffix);
      case "haze-rrpram" -> b.arch("haze").model(c -> headKind(c, "rrpram")).description("haze PostGPT, RRPRAM heads only" + suffix);
      case "haze-content" -> b.arch("haze").model(c -> headKind(c, "content")).description("haze PostGPT, content heads only" + suffix);
      default -> throw new IllegalStateException(base);
    };
  }

  static ModelConfig headKind(ModelConfig c, String kind) {
    return new ModelConfig(c.arch(), c.vocabSize(), c.context(), c.dim(), c.layers(), c.heads(), c.mlpHidden(), c.tieWeights(),
        c.bias(), c.dropout(), kind, c.alpha(), c.initStd(), c.seed());
  }
}
