package orphic.workbench.transform;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The synesthetic sense-swap table. Each row holds one quality as it is felt by the five senses, in
 * the order sight, sound, touch, taste, smell; a swap moves a word one sense along the cycle
 * sight → sound → touch → taste → smell → sight, keeping its row ("bright" → "loud", "loud" →
 * "sharp", "pungent" → "bright"). Every word appears once, so a swap is never ambiguous. The table
 * is documented in docs/transforms.md.
 */
public final class Synesthesia {
  private Synesthesia() {}

  /** The senses, in the order of the table's columns and of the swap cycle. */
  public enum Sense { SIGHT, SOUND, TOUCH, TASTE, SMELL }

  /** The rows: {sight, sound, touch, taste, smell}. */
  public static final List<List<String>> TABLE = List.of(
      List.of("bright", "loud", "sharp", "sour", "pungent"),
      List.of("dim", "hushed", "soft", "bland", "faint"),
      List.of("dark", "deep", "heavy", "bitter", "musty"),
      List.of("pale", "thin", "smooth", "watery", "delicate"),
      List.of("vivid", "ringing", "prickly", "tangy", "spicy"),
      List.of("glowing", "humming", "warm", "sweet", "fragrant"),
      List.of("shadowy", "muffled", "velvety", "mellow", "smoky"),
      List.of("glaring", "shrill", "jagged", "salty", "rank"),
      List.of("radiant", "resonant", "silky", "rich", "perfumed"),
      List.of("gray", "droning", "clammy", "flat", "stale"),
      List.of("shimmering", "tinkling", "tingling", "fizzy", "airy"),
      List.of("murky", "rumbling", "sticky", "cloying", "rotten"));

  /** A swap: the word's sense and row, and the word that replaces it. */
  public record Swap(String word, Sense from, Sense to, String replacement, int row) {
    /** One line for a change report. */
    public String explain() {
      return "synesthesia table row " + (row + 1) + ": " + from.name().toLowerCase(Locale.ROOT) + " '" + word
          + "' → " + to.name().toLowerCase(Locale.ROOT) + " '" + replacement + "'";
    }
  }

  private static final Map<String, int[]> INDEX = new HashMap<>();

  static {
    for (int r = 0; r < TABLE.size(); r++) {
      for (int c = 0; c < 5; c++) {
        if (INDEX.put(TABLE.get(r).get(c), new int[] {r, c}) != null) throw new IllegalStateException("synesthesia word twice: " + TABLE.get(r).get(c));
      }
    }
  }

  /** The swap for a word (any case; the replacement is lower case), or empty when not in the table. */
  public static Optional<Swap> swap(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    int[] at = INDEX.get(w);
    if (at == null) return Optional.empty();
    int to = (at[1] + 1) % 5;
    return Optional.of(new Swap(w, Sense.values()[at[1]], Sense.values()[to], TABLE.get(at[0]).get(to), at[0]));
  }
}
