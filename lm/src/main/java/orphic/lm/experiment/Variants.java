package orphic.lm.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * The registry of named variants: every {@link VariantFamily} on the class path, found once with
 * {@link ServiceLoader}. Names are matched without regard to case.
 */
public final class Variants {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
  private static volatile List<VariantFamily> families;

  private Variants() {}

  /** The variant called {@code name}; an {@link UnknownVariantException} lists the valid names. */
  public static Variant forName(String name) {
    String n = name.strip();
    for (VariantFamily f : families()) {
      Optional<Variant> v = f.lookup(n);
      if (v.isPresent()) return v.get();
    }
    throw new UnknownVariantException(n, names(), patterns());
  }

  /** The variants of a list of names, in order; a name given twice is an error. */
  public static List<Variant> forNames(List<String> names) {
    if (names.isEmpty()) throw new IllegalArgumentException("no variants given: name at least one, e.g. gpt");
    List<Variant> out = new ArrayList<>();
    var seen = new LinkedHashSet<String>();
    for (String n : names) {
      Variant v = forName(n);
      if (!seen.add(v.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("variant '" + v.name() + "' is listed twice: name each variant once (use --seeds for repeats)");
      }
      out.add(v);
    }
    return out;
  }

  /** Every fixed name, family by family. */
  public static List<String> names() {
    List<String> out = new ArrayList<>();
    for (VariantFamily f : families()) out.addAll(f.names());
    return out;
  }

  /** Every name pattern, family by family. */
  public static List<String> patterns() {
    List<String> out = new ArrayList<>();
    for (VariantFamily f : families()) out.addAll(f.patterns());
    return out;
  }

  /** Re-reads the families from the given class loader (after adding jars at run time). */
  public static synchronized void reload(ClassLoader loader) {
    families = load(loader);
  }

  private static List<VariantFamily> families() {
    List<VariantFamily> f = families;
    if (f == null) {
      synchronized (Variants.class) {
        if (families == null) families = load(Variants.class.getClassLoader());
        f = families;
      }
    }
    return f;
  }

  private static List<VariantFamily> load(ClassLoader loader) {
    List<VariantFamily> out = new ArrayList<>();
    boolean builtin = false;
    for (VariantFamily f : ServiceLoader.load(VariantFamily.class, loader)) {
      out.add(f);
      builtin |= f instanceof BuiltinVariants;
    }
    if (!builtin) out.addFirst(new BuiltinVariants()); // a repackaged jar that lost its services file
    out.sort((a, b) -> Boolean.compare(!(a instanceof BuiltinVariants), !(b instanceof BuiltinVariants)));
    Map<String, String> owner = new HashMap<>();
    for (VariantFamily f : out) {
      for (String n : f.names()) {
        String prev = owner.putIfAbsent(n.toLowerCase(Locale.ROOT), f.getClass().getName());
        if (prev != null) {
          throw new IllegalStateException("variant name '" + n + "' is claimed by both " + prev + " and " + f.getClass().getName()
              + ": rename one of them");
        }
      }
    }
    return List.copyOf(out);
  }

  static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad variant name '" + name + "': use letters, digits and - . _ + (no spaces or slashes)");
    }
    return name;
  }
}
