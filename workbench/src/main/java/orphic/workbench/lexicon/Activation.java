package orphic.workbench.lexicon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * When and how a lexicon term enters a generation (a lorebook entry's settings), stored as JSON
 * with the term. Every field has a default, so {@code {}} is a keyword entry keyed on the term's
 * name and aliases.
 *
 * <p>Key syntax: a plain key ({@code debt}, {@code salt road}) matches as a whole word unless
 * {@code wholeWord} is false, case-insensitively unless {@code caseSensitive}; {@code /regex/flags}
 * (flags {@code i} ignore case, {@code s} dot-all, {@code m} multi-line) is a Java regex, run under
 * a step budget so a pathological pattern gives up instead of hanging.
 *
 * @param keys primary keys; empty = the term's name and aliases
 * @param secondaryKeys optional filter keys (empty = no filter)
 * @param secondaryLogic how the secondary keys filter (AND_ANY)
 * @param antiKeys any match blocks the entry
 * @param caseSensitive null = the scan's default (false)
 * @param wholeWord null = the scan's default (true); plain keys only
 * @param probability chance to fire in percent, 0..100 (100); fires when a roll 1..100 is ≤ it
 * @param group inclusion group: at most one member fires, chosen by weight (null = none)
 * @param weight weight within the group ≥ 0 (100)
 * @param order priming position, higher = later (closer to the generation) and kept first when the
 *     budget is short (100)
 * @param constant always fires (still subject to probability, group and budget)
 * @param content priming text; null = "name: definition"
 * @param bias output phrase bias added to the logits of the term's token sequences while it is
 *     active (0 = none; negative suppresses)
 * @param unbias stop biasing a phrase once it has been generated
 * @param enabled false = never fires
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Activation(
        List<String> keys,
        List<String> secondaryKeys,
        SecondaryLogic secondaryLogic,
        List<String> antiKeys,
        Boolean caseSensitive,
        Boolean wholeWord,
        Integer probability,
        String group,
        Integer weight,
        Integer order,
        boolean constant,
        String content,
        double bias,
        boolean unbias,
        Boolean enabled) {

    public static final Activation DEFAULT = builder().build();

    public Activation {
        keys = keys == null ? List.of() : List.copyOf(keys);
        secondaryKeys = secondaryKeys == null ? List.of() : List.copyOf(secondaryKeys);
        secondaryLogic = secondaryLogic == null ? SecondaryLogic.AND_ANY : secondaryLogic;
        antiKeys = antiKeys == null ? List.of() : List.copyOf(antiKeys);
        probability = probability == null ? 100 : probability;
        if (probability < 0 || probability > 100) {
            throw new IllegalArgumentException("probability is a percentage in 0..100, got " + probability);
        }
        weight = weight == null ? 100 : weight;
        if (weight < 0) {
            throw new IllegalArgumentException("group weight must be ≥ 0, got " + weight);
        }
        order = order == null ? 100 : order;
        if (group != null && group.isBlank()) group = null;
        if (!Double.isFinite(bias)) {
            throw new IllegalArgumentException("bias must be a finite number, got " + bias);
        }
        enabled = enabled == null || enabled;
        for (List<String> list : List.of(keys, secondaryKeys, antiKeys)) {
            for (String k : list) Key.parse(k, false, true); // fail early on a bad regex
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.keys = keys; b.secondaryKeys = secondaryKeys; b.secondaryLogic = secondaryLogic; b.antiKeys = antiKeys;
        b.caseSensitive = caseSensitive; b.wholeWord = wholeWord; b.probability = probability; b.group = group;
        b.weight = weight; b.order = order; b.constant = constant; b.content = content; b.bias = bias;
        b.unbias = unbias; b.enabled = enabled;
        return b;
    }

    /** Every option with its default (see the record's parameters). */
    public static final class Builder {
        private List<String> keys = List.of();
        private List<String> secondaryKeys = List.of();
        private SecondaryLogic secondaryLogic = SecondaryLogic.AND_ANY;
        private List<String> antiKeys = List.of();
        private Boolean caseSensitive;
        private Boolean wholeWord;
        private Integer probability = 100;
        private String group;
        private Integer weight = 100;
        private Integer order = 100;
        private boolean constant;
        private String content;
        private double bias;
        private boolean unbias;
        private Boolean enabled = true;

        private Builder() {}

        public Builder keys(String... v) { keys = List.of(v); return this; }
        public Builder keys(List<String> v) { keys = v; return this; }
        public Builder secondary(SecondaryLogic logic, String... v) { secondaryLogic = logic; secondaryKeys = List.of(v); return this; }
        public Builder secondaryKeys(List<String> v) { secondaryKeys = v; return this; }
        public Builder secondaryLogic(SecondaryLogic v) { secondaryLogic = v; return this; }
        public Builder antiKeys(String... v) { antiKeys = List.of(v); return this; }
        public Builder antiKeys(List<String> v) { antiKeys = v; return this; }
        public Builder caseSensitive(Boolean v) { caseSensitive = v; return this; }
        public Builder wholeWord(Boolean v) { wholeWord = v; return this; }
        public Builder probability(int v) { probability = v; return this; }
        public Builder group(String v) { group = v; return this; }
        public Builder weight(int v) { weight = v; return this; }
        public Builder order(int v) { order = v; return this; }
        public Builder constant(boolean v) { constant = v; return this; }
        public Builder content(String v) { content = v; return this; }
        public Builder bias(double v) { bias = v; return this; }
        public Builder unbias(boolean v) { unbias = v; return this; }
        public Builder enabled(boolean v) { enabled = v; return this; }

        public Activation build() {
            return new Activation(keys, secondaryKeys, secondaryLogic, antiKeys, caseSensitive, wholeWord, probability,
                    group, weight, order, constant, content, bias, unbias, enabled);
        }
    }
}
