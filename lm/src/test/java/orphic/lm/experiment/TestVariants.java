package orphic.lm.experiment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A variant family registered through test resources, the way the Blanchotian components will
 * register theirs: {@code test-void} (the baseline plus a fixed "void mass" figure) and
 * {@code test-unbuildable} (an architecture no build has).
 */
public final class TestVariants implements VariantFamily {
  @Override
  public List<String> names() {
    return List.of("test-void", "test-unbuildable");
  }

  @Override
  public Optional<Variant> lookup(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "test-void" -> Optional.of(Variant.builder("test-void").description("gpt reporting a void mass of 1/4")
          .measure((model, val) -> Map.of("void_mass", 0.25, "void_entropy", 1.5)).build());
      case "test-unbuildable" -> Optional.of(Variant.builder("test-unbuildable").arch("nonesuch").build());
      default -> Optional.empty();
    };
  }
}
