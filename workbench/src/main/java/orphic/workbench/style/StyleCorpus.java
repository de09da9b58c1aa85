package orphic.workbench.style;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A user-defined style: a name and the corpus files whose writing defines it. */
public record StyleCorpus(String name, List<Path> files) {
  public StyleCorpus {
    if (name == null || !name.matches("[\\p{L}\\p{N}_.-]{1,64}")) {
      throw new IllegalArgumentException("style name '" + name + "' is not allowed: use 1-64 letters, digits, '_', '-' or '.'");
    }
    if (files == null || files.isEmpty()) throw new IllegalArgumentException("style '" + name + "' has no corpus files");
    files = List.copyOf(files);
  }

  /** Parses {@code NAME=FILE[,FILE...]} (the CLI's {@code --style} form). */
  public static StyleCorpus parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new IllegalArgumentException("--style '" + spec + "' is not NAME=FILE[,FILE...], e.g. liturgical=kjv.txt");
    }
    List<Path> files = new ArrayList<>();
    for (String f : spec.substring(eq + 1).split(",")) if (!f.isBlank()) files.add(Path.of(f.strip()));
    return new StyleCorpus(spec.substring(0, eq).strip(), files);
  }
}
