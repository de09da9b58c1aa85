package orphic.workbench.hydra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import orphic.lm.adapter.StyleMix;
import orphic.lm.sample.SamplerSettings;

/** The named branches, each a (style mix, sampler) pair with a one-line meaning. */
public final class HydraBranches {
  private HydraBranches() {}

  /** Branch names in menu order. */
  public static final List<String> NAMES = List.of("realism", "wonderland", "philosophical", "anti-muse");

  /** The default set: all four. */
  public static final String DEFAULT = String.join(",", NAMES);

  /**
   * The branch named {@code name} for a dial with these adapters ({@code styles}):
   * <ul>
   *   <li><b>realism</b>: the dial's mix, cool (T 0.7) with min-p 0.1: the likeliest phrasing;
   *   <li><b>wonderland</b> (wonderland drift): the dial's mix, hot (T 1.3), min-p 0.02, XTC
   *       (p 0.5, threshold 0.1) refusing the obvious, anti-coherence 0.02;
   *   <li><b>philosophical</b> (philosophical density): the adapter whose name contains "philos"
   *       at weight 1 when there is one (else the dial's mix), T 0.9, min-p 0.05, DRY against loops;
   *   <li><b>anti-muse</b>: the adapter of the style farthest from the prompt's (lowest score),
   *       at weight 1, T 1.0, min-p 0.05.
   * </ul>
   */
  public static HydraBranch named(String name, Set<String> styles) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    return switch (n) {
      case "realism" -> new HydraBranch("realism", "Cool and probable: the scene as the corpus would most likely write it.", null,
          SamplerSettings.builder().temperature(0.7).topK(0).topP(1).minP(0.1).build(), false);
      case "wonderland", "wonderland-drift" -> new HydraBranch("wonderland", "Hot and drifting: XTC refuses the obvious turn, anti-coherence pulls sideways.", null,
          SamplerSettings.builder().temperature(1.3).topK(0).topP(1).minP(0.02).xtcProbability(0.5).xtcThreshold(0.1).antiCoherence(0.02).build(), false);
      case "philosophical", "philosophical-density" -> {
        StyleMix mix = null;
        for (String s : styles) if (s.toLowerCase(Locale.ROOT).contains("philos")) mix = StyleMix.only(s);
        yield new HydraBranch("philosophical", "Dense and abstract: the philosophical style if there is one, measured sampling, no loops.", mix,
            SamplerSettings.builder().temperature(0.9).topK(0).topP(1).minP(0.05).dryMultiplier(0.8).build(), false);
      }
      case "anti-muse", "antimuse" -> new HydraBranch("anti-muse", "Clashes on purpose: continues in the style farthest from the prompt's.", null,
          SamplerSettings.builder().temperature(1.0).topK(0).topP(1).minP(0.05).build(), true);
      default -> throw new IllegalArgumentException("unknown hydra branch '" + name + "'; valid branches: " + String.join(", ", NAMES));
    };
  }

  /** Branches from a comma list of names. */
  public static List<HydraBranch> parse(String names, Set<String> styles) {
    List<HydraBranch> out = new ArrayList<>();
    for (String s : (names == null || names.isBlank() ? DEFAULT : names).split(",")) if (!s.isBlank()) out.add(named(s, styles));
    return out;
  }
}
