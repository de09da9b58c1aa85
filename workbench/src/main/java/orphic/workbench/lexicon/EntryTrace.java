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

    /** One line, e.g. {@code FIRED  debt  key 'debt' at 12 ("Debt"), roll 37 ≤ 50; cost 41}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-16s %-14s", outcome, term));
        if (key != null) sb.append(" key ").append(key).append(" at ").append(position).append(" (\"").append(matched).append("\")");
        for (String n : notes) sb.append("; ").append(n);
        if (cost > 0) sb.append("; cost ").append(cost);
        return sb.toString();
    }
}
