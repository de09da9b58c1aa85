package orphic.lm.converse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lexicon growth: the words the user brings that the corpus does not have. A new content word
 * enters with weight 1; every turn all weights are multiplied by {@code decay}; a word that recurs
 * in a later message gains 1 again (capped at {@link #MAX_WEIGHT}); below {@link #FORGET} it is
 * dropped. Only the user's recurrence counts: were the session's own replies to refresh the words
 * it was biased toward, the bias would feed itself and every reply would fill with them. The session turns the weights into a phrase bias toward the words
 * and re-injects the strong ones into the token field, so they can be said back.
 */
public final class Lexicon {
  /** Highest weight a word can reach by recurring. */
  public static final double MAX_WEIGHT = 3;
  /** Weight under which a word is forgotten. */
  public static final double FORGET = 0.1;

  private final double decay;
  private final Map<String, Double> weights = new TreeMap<>(); // sorted: deterministic order everywhere

  /** @param decay per-turn factor in (0, 1] */
  public Lexicon(double decay) {
    if (!(decay > 0 && decay <= 1)) throw new IllegalArgumentException("lexicon decay must be in (0, 1], got " + decay);
    this.decay = decay;
  }

  /** One turn passes: every weight decays, and faded words are dropped. */
  public void tick() {
    weights.replaceAll((w, x) -> x * decay);
    weights.values().removeIf(x -> x < FORGET);
  }

  /**
   * Takes in the user's message: content words absent from the corpus enter (or recur);
   * returns the words that entered for the first time.
   */
  public List<String> absorb(String message, WordField field) {
    List<String> added = new ArrayList<>();
    for (String w : new java.util.LinkedHashSet<>(Words.content(message))) {
      if (field.corpusCount(w) > 0) continue;
      if (!weights.containsKey(w)) added.add(w);
      weights.merge(w, 1.0, (a, b) -> Math.min(MAX_WEIGHT, a + b));
    }
    return added;
  }

  /** The words and their weights, sorted by word. */
  public Map<String, Double> weights() {
    return new LinkedHashMap<>(weights);
  }

  public int size() {
    return weights.size();
  }
}
