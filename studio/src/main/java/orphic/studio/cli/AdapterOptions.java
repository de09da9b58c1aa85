package orphic.studio.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orphic.lm.adapter.StyleDial;
import orphic.lm.adapter.StyleMix;

/**
 * Reading {@code --adapter} values onto a style dial: {@code DIR=WEIGHT} or {@code DIR} (weight 1)
 * for sample and bake, {@code NAME=DIR} or {@code DIR} for hydra; a name defaults to the adapter's
 * own style name.
 */
final class AdapterOptions {
  private AdapterOptions() {}

  /** Loads {@code DIR[=WEIGHT]} values into {@code dial} and returns the mix they give. */
  static StyleMix loadWeighted(StyleDial dial, List<String> values) throws IOException {
    Map<String, Float> weights = new LinkedHashMap<>();
    for (String v : values) {
      int eq = v.lastIndexOf('=');
      Path dir = Path.of(v);
      float w = 1f;
      if (eq > 0) {
        try {
          w = Float.parseFloat(v.substring(eq + 1));
          dir = Path.of(v.substring(0, eq));
        } catch (NumberFormatException notAWeight) {
          // a directory name with '=' in it
        }
      }
      var adapter = orphic.lm.adapter.Adapter.load(dir, dial.baseDigest());
      // two adapters of one style name (e.g. two runs): the second goes by its directory's name
      String name = dial.adapters().containsKey(adapter.style()) ? dir.toAbsolutePath().normalize().getFileName().toString() : adapter.style();
      dial.add(name, adapter);
      weights.put(name, w);
    }
    return new StyleMix(weights);
  }

  /** Loads {@code [NAME=]DIR} values into {@code dial}. */
  static void loadNamed(StyleDial dial, List<String> values) throws IOException {
    for (String v : values) {
      int eq = v.indexOf('=');
      if (eq > 0 && !java.nio.file.Files.isDirectory(Path.of(v))) dial.load(v.substring(0, eq), Path.of(v.substring(eq + 1)));
      else dial.load(null, Path.of(v));
    }
  }
}
