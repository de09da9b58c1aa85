package orphic.lm.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Tidies generated text: a fixed sequence of {@link CleanupRule}s applied in order, then the result
 * stripped of leading and trailing whitespace. Immutable and thread-safe (the built-in rules are
 * stateless).
 *
 * <p>The intent is haze's {@code cleanup_output} (specs/haze.md §10): normalise spacing around
 * punctuation, collapse repeated punctuation and stuttered words, capitalise sentence starts, end
 * on a sentence boundary, balance quotes. What is deliberately not carried over, because it rewrites
 * real words or deletes real text (spec §10, §16): contraction "repairs" that turn words into other
 * words (were → we're, well → we'll, ill → I'll, id → I'd, wont, cant, "I won." → "I ain't."), the
 * "-ing" stripping after negations, dropping doubled words such as "had had", deleting runs of short
 * words, run-on splitting by verb lists, removing every em-dash, turning every ASCII quote into a
 * closing typographic one, and the identity-phrase repairs. No rule here consults a dictionary, and
 * none respells a word.
 *
 * <p>{@link #defaults()} is language-neutral; {@link #english()} adds two English-only rules. Build
 * another pipeline with {@link #of}, {@link #with} and {@link #without}.
 */
public final class Cleanup {
  private final List<CleanupRule> rules;

  private Cleanup(List<CleanupRule> rules) {
    Set<String> names = new HashSet<>();
    for (CleanupRule r : rules) {
      Objects.requireNonNull(r, "rule");
      if (!names.add(r.name())) {
        throw new IllegalArgumentException("two cleanup rules are named \"" + r.name() + "\"; names must be unique");
      }
    }
    this.rules = List.copyOf(rules);
  }

  /**
   * The language-neutral pipeline, in this order: {@link CleanupRules#whitespace},
   * {@link CleanupRules#spaceBeforePunctuation}, {@link CleanupRules#repeatedPunctuation},
   * {@link CleanupRules#spaceAfterPunctuation}, {@link CleanupRules#repeatedWords} (runs of 4 or more),
   * {@link CleanupRules#trailingFragment} (keeping at least half of the text),
   * {@link CleanupRules#finalPunctuation}, {@link CleanupRules#balanceQuotes},
   * {@link CleanupRules#balanceBrackets}, {@link CleanupRules#capitaliseSentences}.
   */
  public static Cleanup defaults() {
    return new Cleanup(List.of(
        CleanupRules.whitespace(),
        CleanupRules.spaceBeforePunctuation(),
        CleanupRules.repeatedPunctuation(),
        CleanupRules.spaceAfterPunctuation(),
        CleanupRules.repeatedWords(),
        CleanupRules.trailingFragment(0.5),
        CleanupRules.finalPunctuation(),
        CleanupRules.balanceQuotes(),
        CleanupRules.balanceBrackets(),
        CleanupRules.capitaliseSentences()));
  }

  /**
   * {@link #defaults()} plus, for English text, {@link CleanupRules#splitContractions} (after the
   * spacing rules) and {@link CleanupRules#pronounI} (before capitalisation).
   */
  public static Cleanup english() {
    List<CleanupRule> list = new ArrayList<>(defaults().rules);
    list.add(indexOf(list, CleanupRules.REPEATED_PUNCTUATION) + 1, CleanupRules.splitContractions());
    list.add(indexOf(list, CleanupRules.CAPITALISE_SENTENCES), CleanupRules.pronounI());
    return new Cleanup(list);
  }

  /** A pipeline of exactly these rules, in this order. */
  public static Cleanup of(List<CleanupRule> rules) {
    return new Cleanup(rules);
  }

  /** A pipeline of exactly these rules, in this order. */
  public static Cleanup of(CleanupRule... rules) {
    return new Cleanup(List.of(rules));
  }

  /** The rules in the order they run. */
  public List<CleanupRule> rules() {
    return rules;
  }

  /** This pipeline with {@code rule} appended. */
  public Cleanup with(CleanupRule rule) {
    List<CleanupRule> list = new ArrayList<>(rules);
    list.add(rule);
    return new Cleanup(list);
  }

  /** This pipeline without the rule named {@code name} (an unknown name is an error). */
  public Cleanup without(String name) {
    List<CleanupRule> list = new ArrayList<>(rules);
    list.remove(indexOf(list, name));
    return new Cleanup(list);
  }

  /** Runs every rule in order and strips the result. */
  public String apply(String text) {
    Objects.requireNonNull(text, "text");
    String s = text;
    for (CleanupRule r : rules) s = r.apply(s);
    return s.strip();
  }

  private static int indexOf(List<CleanupRule> list, String name) {
    for (int i = 0; i < list.size(); i++) if (list.get(i).name().equals(name)) return i;
    List<String> names = list.stream().map(CleanupRule::name).toList();
    throw new IllegalArgumentException("no cleanup rule named \"" + name + "\"; this pipeline has " + names);
  }

  @Override
  public String toString() {
    return "Cleanup" + rules.stream().map(CleanupRule::name).toList();
  }
}
