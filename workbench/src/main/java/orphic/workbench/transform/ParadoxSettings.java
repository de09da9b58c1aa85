package orphic.workbench.transform;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How hard the paradox engine pushes: rate in [0, 1] is the chance that each eligible word changes
 * (0 changes nothing, 1 every eligible word); seed fixes every random choice; terms are the lexicon
 * terms the term-injection rule may insert (none: the rule is off); rules are the rules allowed.
 */
public record ParadoxSettings(double rate, long seed, List<String> terms, Set<ParadoxEngine.Rule> rules) {
  public ParadoxSettings {
    if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException("rate must be between 0 and 1 (0 changes nothing, 1 every eligible word), got " + rate);
    terms = terms == null ? List.of() : terms.stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
    rules = rules == null || rules.isEmpty() ? EnumSet.allOf(ParadoxEngine.Rule.class) : EnumSet.copyOf(rules);
  }

  /** Every rule, no terms. */
  public static ParadoxSettings of(double rate, long seed) {
    return new ParadoxSettings(rate, seed, List.of(), null);
  }

  public ParadoxSettings withTerms(List<String> terms) {
    return new ParadoxSettings(rate, seed, terms, rules);
  }

  public ParadoxSettings withRules(Set<ParadoxEngine.Rule> rules) {
    return new ParadoxSettings(rate, seed, terms, rules);
  }
}
