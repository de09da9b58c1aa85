package orphic.workbench.lexicon;

import java.util.List;

/**
 * Why one entry fired or not: the tester's line for it.
 *
 * @param term the term's name
 * @param outcome what happened
 * @param key the primary key that matched (null: none, or a constant entry)
 * @param position character offset of that match in the whole text (-1: none)
 * @param matched the matched text
 * @param roll the probability roll 1..100 (null when the probability is 100 and no roll is made)
 * @param cost the priming cost charged against the budget (0 unless it fired or was over budget)
 * @param notes every detail in order (secondary keys matched, anti key, group draw, regex that gave up)
 */
public record EntryTrace(String term, Outcome outcome, String key, int position, String matched, Integer roll, int cost, List<String> notes) {
    public boolean fired() {
        return outcome == Outcome.FIRED;
    }

    /** One line, e.g. {@code FIRED  debt  key debt at 12 ("Debt"); roll 37 ≤ 50%; cost 41}. */
    public String describe() {
        List<String> parts = new java.util.ArrayList<>();
        if (key != null) parts.add("key " + key + " at " + position + " (\"" + matched + "\")");
        parts.addAll(notes);
        if (outcome == Outcome.FIRED) parts.add("cost " + cost);
        return String.format(java.util.Locale.ROOT, "%-16s %-14s %s", outcome, term, String.join("; ", parts)).stripTrailing();
    }
}
