package orphic.lm.converse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import orphic.lm.sample.SplitMix64;

/**
 * Seeding from the field. The centres of gravity are the field's {@value #CENTRES} strongest
 * eligible content words ({@link WordField#strongest}, corpus and conversation mixed; the session
 * admits words of the corpus or of the user, not the model's misspellings). Each is scored by its
 * resonance with the message, Σ over the message's content words m of association(centre, m),
 * plus 0.1 · mass / (largest mass) so that a message the field cannot place still falls toward the
 * heaviest centres. One of the three best is drawn with probability ∝ score (seeded), and the seed
 * phrase is that centre followed by its most frequent follower in the field.
 *
 * <p>The seed is not copied from the message: a centre or follower that is a word of the message
 * is allowed only when it is already among the field's strongest words (measured before the
 * message enters the field), i.e. the field would have offered it anyway. haze's seed, by
 * contrast, appends the message's longest word (specs/haze.md §13, §16 item 7).
 */
final class Gravity {
  /** How many of the strongest words are centres of gravity. */
  static final int CENTRES = 24;

  /** The chosen seed. */
  record Choice(String seed, String centre, double resonance) {}

  private Gravity() {}

  static Choice choose(WordField field, String message, java.util.function.Predicate<String> eligible, SplitMix64 random) {
    List<String> strongest = centres(field, eligible);
    if (strongest.isEmpty()) return new Choice("", "", 0);
    Set<String> strong = new HashSet<>(strongest);
    Set<String> said = new HashSet<>(Words.of(message));
    List<String> content = Words.content(message);
    double maxMass = field.mass(strongest.getFirst());
    List<String> names = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    List<Double> resonances = new ArrayList<>();
    for (String c : strongest) {
      double r = 0;
      for (String m : content) if (!m.equals(c)) r += field.association(c, m);
      double score = r + 0.1 * field.mass(c) / maxMass;
      int at = 0;
      while (at < scores.size() && scores.get(at) >= score) at++; // stable: earlier (stronger) centres win ties
      names.add(at, c);
      scores.add(at, score);
      resonances.add(at, r);
    }
    int k = Math.min(3, names.size());
    double total = 0;
    for (int i = 0; i < k; i++) total += scores.get(i);
    double u = random.nextDouble() * total;
    int pick = 0;
    for (double acc = scores.get(0); pick < k - 1 && u >= acc; acc += scores.get(++pick)) {}
    String centre = names.get(pick);
    String seed = centre;
    String next = field.follower(centre, false);
    if (next != null && !next.equals(centre) && (!said.contains(next) || strong.contains(next))) seed += " " + next;
    return new Choice(capitalise(seed), centre, resonances.get(pick));
  }

  /** The centres of gravity: the {@value #CENTRES} strongest eligible content words. */
  static List<String> centres(WordField field, java.util.function.Predicate<String> eligible) {
    return field.strongest(4 * CENTRES).stream().filter(eligible).limit(CENTRES).toList();
  }

  static String capitalise(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
