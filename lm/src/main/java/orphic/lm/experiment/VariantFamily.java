package orphic.lm.experiment;

import java.util.List;
import java.util.Optional;

/**
 * A source of named variants, found with {@link java.util.ServiceLoader} (the way Lucene finds
 * codecs and analysis factories): list the implementing class in
 * {@code META-INF/services/orphic.lm.experiment.VariantFamily} of any jar on the class path, and
 * {@link Variants#forName} finds its variants. The built-in family is {@link BuiltinVariants}; the
 * Blanchotian components add theirs ({@code void}, {@code neutral}, {@code dense}, …) the same way.
 *
 * <p>Implementations need a public no-argument constructor and must be stateless.
 */
public interface VariantFamily {
  /** The fixed names this family answers to, aliases included, in the order to list them. */
  List<String> names();

  /**
   * Name patterns this family also parses, written for people (e.g. {@code gpt-L<layers>-D<dim>});
   * listed in errors and help. Default: none.
   */
  default List<String> patterns() {
    return List.of();
  }

  /**
   * The variant called {@code name} (as typed, trimmed; compare without regard to case), or empty when the name is not this
   * family's. A name that is this family's but malformed (a bad size) throws
   * IllegalArgumentException saying why.
   */
  Optional<Variant> lookup(String name);
}
