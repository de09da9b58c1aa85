package orphic.lm.converse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The presence pulse of one user message: what the session senses before it answers.
 *
 * <ul>
 *   <li><b>novelty</b> in [0, 1]: the share of the message's word 1-grams and 2-grams (together)
 *       that the field has not seen ({@link WordField#seen}: absent from the corpus and not said
 *       recently enough). An empty message has novelty 0.
 *   <li><b>arousal</b> in [0, 1] ({@link #arousal}): clamp(2 · max(0, capitals − 0.05)
 *       + 0.15 · min(3, '!') + 0.1 · min(3, repeated content words) + 0.15 · min(3, intensity
 *       words) + 0.1 if the message has "..." or "…", 0, 1), where capitals is the share of
 *       upper-case letters among letters (ordinary prose has about 3 %, so 5 % is free).
 *   <li><b>entropy</b>: of the model's next-token distribution right after the message, in bits,
 *       and normalised by log2 V into [0, 1] (1 = the model has no idea what comes next).
 * </ul>
 *
 * @param novelty share of unseen word n-grams
 * @param arousal see above
 * @param entropyBits entropy of the next-token distribution, bits
 * @param entropy entropyBits / log2(V)
 */
public record Pulse(double novelty, double arousal, double entropyBits, double entropy) {

  /** Words that raise the arousal of a message (see the class comment). */
  public static final Set<String> INTENSITY = Set.of(
      "never", "always", "hate", "love", "scream", "screaming", "die", "dying", "dead", "death", "kill", "please",
      "help", "god", "damn", "hell", "afraid", "terrified", "furious", "desperate", "hurt", "hurts", "pain", "alone",
      "lost", "burn", "burning", "cry", "crying", "fear", "blood", "now", "urgent", "enough", "stop", "why");

  /** The arousal formula of the class comment. */
  public static double arousal(String message) {
    int letters = 0, upper = 0, bangs = 0;
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) upper++;
      } else if (c == '!') {
        bangs++;
      }
    }
    double capitals = letters == 0 ? 0 : (double) upper / letters;
    List<String> words = Words.of(message);
    Map<String, Integer> counts = new HashMap<>();
    int intensity = 0;
    for (String w : words) {
      if (Words.isContent(w)) counts.merge(w, 1, Integer::sum);
      if (INTENSITY.contains(w)) intensity++;
    }
    long repeated = counts.values().stream().filter(n -> n >= 2).count();
    double a = 2 * Math.max(0, capitals - 0.05)
        + 0.15 * Math.min(3, bangs)
        + 0.1 * Math.min(3, repeated)
        + 0.15 * Math.min(3, intensity)
        + (message.contains("...") || message.contains("…") ? 0.1 : 0);
    return Math.clamp(a, 0, 1);
  }

  /** The novelty of the message against the field (see the class comment). */
  public static double novelty(String message, WordField field) {
    List<String> words = Words.of(message);
    int total = 0, unseen = 0;
    for (int i = 0; i < words.size(); i++) {
      total++;
      if (!field.seen(words.get(i))) unseen++;
      if (i + 1 < words.size()) {
        total++;
        if (!field.seen(words.get(i), words.get(i + 1))) unseen++;
      }
    }
    return total == 0 ? 0 : (double) unseen / total;
  }

  /** Entropy in bits of softmax(logits). */
  public static double entropyBits(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) max = Math.max(max, l);
    double z = 0;
    for (float l : logits) z += Math.exp(l - max);
    double h = 0;
    for (float l : logits) {
      double p = Math.exp(l - max) / z;
      if (p > 0) h -= p * Math.log(p);
    }
    return h / Math.log(2);
  }
}
