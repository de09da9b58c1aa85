package orphic.lm.converse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Themes of the conversation and how they move. After every turn the {@value #TOP} eligible content
 * words (the session admits words of the corpus or of the user, not the model's misspellings) with
 * the highest decayed count in the conversation layer are gathered into themes: in order of
 * strength, a word joins the known theme it is most associated with ({@link WordField#association}
 * with any of the theme's words, at least {@value #JOIN}), or founds a new theme named after it.
 * A theme's <b>strength</b> at a turn is the share of the top words' conversation mass that its
 * words hold (0 when none is among the top). The <b>trend</b> is the least-squares slope of the
 * strength over the last {@value #WINDOW} turns (fewer at the start): above +{@value #STEADY}
 * per turn "emerging", below −{@value #STEADY} "fading", else "steady".
 */
public final class ThemeFlow {
  /** How many recent words are grouped each turn. */
  public static final int TOP = 12;
  /** Least association for a word to join a theme. */
  public static final double JOIN = 0.05;
  /** Turns in the trend regression. */
  public static final int WINDOW = 4;
  /** Slope (strength per turn) separating steady from emerging or fading. */
  public static final double STEADY = 0.02;
  /** Words kept per theme. */
  static final int WORDS_PER_THEME = 6;

  /**
   * A theme at one turn.
   *
   * @param name its founding word
   * @param words its words (founder first)
   * @param strength share of the recent mass, in [0, 1]
   * @param slope least-squares slope of the strength per turn
   * @param trend emerging, fading or steady
   */
  public record Theme(String name, List<String> words, double strength, double slope, String trend) {}

  private static final class Track {
    final String name;
    final LinkedHashSet<String> words = new LinkedHashSet<>();
    final List<Double> strength = new ArrayList<>();

    Track(String name) {
      this.name = name;
      words.add(name);
    }
  }

  private final List<Track> tracks = new ArrayList<>();
  private int turns;

  /** Records one turn from the field's current state; returns the themes present or fading. */
  public List<Theme> update(WordField field, java.util.function.Predicate<String> eligible) {
    List<String> top = field.recentStrongest(4 * TOP).stream().filter(eligible).limit(TOP).toList();
    double total = 0;
    for (String w : top) total += field.recentCount(w);
    Set<Track> present = new LinkedHashSet<>();
    double[] gathered = new double[tracks.size() + top.size()];
    for (String w : top) {
      Track best = null;
      double bestScore = JOIN;
      for (Track t : tracks) {
        if (t.words.contains(w)) {
          best = t;
          break;
        }
        for (String v : t.words) {
          double a = field.association(w, v);
          if (a >= bestScore) {
            bestScore = a;
            best = t;
          }
        }
      }
      if (best == null) {
        best = new Track(w);
        for (int i = 0; i < turns; i++) best.strength.add(0.0);
        tracks.add(best);
      }
      if (!best.words.contains(w) && best.words.size() < WORDS_PER_THEME) best.words.add(w);
      present.add(best);
      gathered[tracks.indexOf(best)] += total > 0 ? field.recentCount(w) / total : 0;
    }
    for (int i = 0; i < tracks.size(); i++) tracks.get(i).strength.add(gathered[i]);
    turns++;
    List<Theme> out = new ArrayList<>();
    for (Track t : tracks) {
      double slope = slope(t.strength);
      double now = t.strength.getLast();
      if (now == 0 && slope >= -STEADY) continue; // long gone
      String trend = slope > STEADY ? "emerging" : slope < -STEADY ? "fading" : "steady";
      out.add(new Theme(t.name, List.copyOf(t.words), now, slope, trend));
    }
    out.sort(Comparator.comparingDouble((Theme th) -> -th.strength()).thenComparing(Theme::name));
    return out;
  }

  /** Least-squares slope of the last {@value #WINDOW} values against their index (0 for one value). */
  static double slope(List<Double> ys) {
    int n = Math.min(WINDOW, ys.size());
    if (n < 2) return 0;
    List<Double> y = ys.subList(ys.size() - n, ys.size());
    double mx = (n - 1) / 2.0, my = 0;
    for (double v : y) my += v;
    my /= n;
    double num = 0, den = 0;
    for (int i = 0; i < n; i++) {
      num += (i - mx) * (y.get(i) - my);
      den += (i - mx) * (i - mx);
    }
    return num / den;
  }
}
