package orphic.workbench.lexicon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which lexicon entries fire for a text, and why: a pure function of (text, entries, settings,
 * seed), the lorebook loop made deterministic.
 *
 * <ol>
 *   <li><b>Window</b>: the last {@code scanDepth} characters of the text (all of it when 0).
 *   <li><b>Keys</b>: the first primary key (in the entry's order) that matches; constant entries
 *       skip this. A regex key that exceeds its step budget counts as not matching and is noted.
 *   <li><b>Secondary keys</b>: counted and checked with the entry's {@link SecondaryLogic}.
 *   <li><b>Anti keys</b>: any match blocks the entry.
 *   <li><b>Probability</b> p &lt; 100: a roll r in 1..100 from (seed, term name); the entry fires
 *       when r ≤ p, so p = 50 fires on exactly 50 of the 100 rolls (Kobold Lite's r &lt; p fires on
 *       49; we do not copy that off-by-one), p = 0 never fires. Rolls depend only on the seed and the
 *       entry's own name, so adding an entry does not change another's roll.
 *   <li><b>Groups</b>: among an inclusion group's surviving members one wins, drawn with
 *       probability weight / total weight from (seed, group name), members taken in name order;
 *       when all weights are 0 the first by name wins.
 *   <li><b>Budget</b>: survivors are charged in priority order (constant first, then higher
 *       {@code order}, then the later match in the text, then name); one that does not fit the
 *       remaining budget is dropped and smaller ones after it may still fit.
 *   <li><b>Priming</b>: the fired entries' texts, {@code order} ascending then name, one per line.
 * </ol>
 */
public final class Activator {
    private Activator() {}

    public static ActivationResult activate(String text, List<Term> entries, ScanSettings settings, long seed) {
        String t = text == null ? "" : text;
        int start = settings.scanDepth() == 0 ? 0 : Math.max(0, t.length() - settings.scanDepth());
        String window = t.substring(start);

        List<Candidate> candidates = new ArrayList<>();
        for (Term term : entries) {
            Candidate c = scan(term, window, start, settings, seed);
            candidates.add(c);
        }

        // groups: one winner per group among the entries still alive
        Map<String, List<Candidate>> groups = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            if (c.outcome == null && c.term.activation().group() != null) {
                groups.computeIfAbsent(c.term.activation().group(), g -> new ArrayList<>()).add(c);
            }
        }
        for (var g : groups.entrySet()) {
            List<Candidate> members = new ArrayList<>(g.getValue());
            if (members.size() < 2) continue;
            members.sort(Comparator.comparing(c -> c.term.name().toLowerCase(Locale.ROOT)));
            long total = 0;
            for (Candidate c : members) total += c.term.activation().weight();
            Candidate winner = members.getFirst();
            String draw;
            if (total > 0) {
                long r = Math.floorMod(mix(seed, "group:" + g.getKey().toLowerCase(Locale.ROOT)), total);
                long acc = 0;
                for (Candidate c : members) {
                    acc += c.term.activation().weight();
                    if (r < acc) {
                        winner = c;
                        break;
                    }
                }
                draw = "draw " + r + " of total weight " + total;
            } else {
                draw = "all weights 0: first by name";
            }
            for (Candidate c : members) {
                if (c == winner) {
                    c.notes.add("won group '" + g.getKey() + "' against " + (members.size() - 1) + " (" + draw + ")");
                } else {
                    c.outcome = Outcome.LOST_GROUP;
                    c.notes.add("lost group '" + g.getKey() + "' to " + winner.term.name() + " (" + draw + ", weight "
                            + c.term.activation().weight() + ")");
                }
            }
        }

        // budget, by priority
        List<Candidate> alive = new ArrayList<>(candidates.stream().filter(c -> c.outcome == null).toList());
        alive.sort(Comparator.<Candidate>comparingInt(c -> c.term.activation().constant() ? 0 : 1)
                .thenComparing(c -> -c.term.activation().order())
                .thenComparing(c -> -c.position)
                .thenComparing(c -> c.term.name().toLowerCase(Locale.ROOT)));
        int used = 0;
        for (Candidate c : alive) {
            int cost = settings.cost().applyAsInt(c.term.primingText());
            c.cost = cost;
            if (settings.budget() > 0 && used + cost > settings.budget()) {
                c.outcome = Outcome.OVER_BUDGET;
                c.notes.add("needs " + cost + ", " + (settings.budget() - used) + " of " + settings.budget() + " left");
            } else {
                used += cost;
                c.outcome = Outcome.FIRED;
            }
        }

        List<Term> fired = candidates.stream().filter(c -> c.outcome == Outcome.FIRED).map(c -> c.term)
                .sorted(Comparator.<Term>comparingInt(x -> x.activation().order()).thenComparing(x -> x.name().toLowerCase(Locale.ROOT)))
                .toList();
        String priming = String.join("\n", fired.stream().map(Term::primingText).toList());
        List<PhraseBias> biases = new ArrayList<>();
        for (Term f : fired) {
            if (f.activation().bias() != 0) {
                for (String form : f.forms()) biases.add(new PhraseBias(form, f.activation().bias(), f.activation().unbias()));
            }
        }
        List<EntryTrace> traces = candidates.stream().map(Candidate::trace).toList();
        return new ActivationResult(traces, fired, priming, used, List.copyOf(biases), start);
    }

    /** Steps 2–4 for one entry; leaves {@code outcome} null when the entry is still in. */
    private static Candidate scan(Term term, String window, int offset, ScanSettings s, long seed) {
        Activation a = term.activation();
        Candidate c = new Candidate(term);
        if (!a.enabled()) {
            c.outcome = Outcome.DISABLED;
            return c;
        }
        boolean cs = a.caseSensitive() != null ? a.caseSensitive() : s.caseSensitive();
        boolean ww = a.wholeWord() != null ? a.wholeWord() : s.wholeWords();
        if (a.constant()) {
            c.notes.add("constant");
        } else {
            for (String raw : term.effectiveKeys()) {
                Key.Search found = Key.parse(raw, cs, ww).find(window, s.regexSteps());
                if (found.gaveUp()) {
                    c.notes.add("regex key " + raw + " gave up after " + s.regexSteps() + " steps (pathological pattern?)");
                } else if (found.hit() != null) {
                    c.key = raw;
                    c.position = offset + found.hit().start();
                    c.matched = found.hit().matched();
                    break;
                }
            }
            if (c.key == null) {
                c.outcome = Outcome.NO_KEY;
                return c;
            }
        }
        List<String> secondary = a.secondaryKeys();
        if (!secondary.isEmpty()) {
            List<String> hits = new ArrayList<>();
            for (String raw : secondary) {
                Key.Search found = Key.parse(raw, cs, ww).find(window, s.regexSteps());
                if (found.gaveUp()) c.notes.add("secondary regex " + raw + " gave up after " + s.regexSteps() + " steps");
                if (found.hit() != null) hits.add(raw + "@" + (offset + found.hit().start()));
            }
            boolean pass = a.secondaryLogic().passes(hits.size(), secondary.size());
            c.notes.add("secondary " + a.secondaryLogic() + " " + hits.size() + "/" + secondary.size()
                    + (hits.isEmpty() ? "" : " " + hits) + (pass ? " passes" : " fails"));
            if (!pass) {
                c.outcome = Outcome.SECONDARY_FAILED;
                return c;
            }
        }
        for (String raw : a.antiKeys()) {
            Key.Search found = Key.parse(raw, cs, ww).find(window, s.regexSteps());
            if (found.gaveUp()) c.notes.add("anti regex " + raw + " gave up after " + s.regexSteps() + " steps");
            if (found.hit() != null) {
                c.outcome = Outcome.ANTI_KEY;
                c.notes.add("anti key " + raw + " at " + (offset + found.hit().start()));
                return c;
            }
        }
        if (a.probability() < 100) {
            int roll = 1 + (int) Math.floorMod(mix(seed, "entry:" + term.name().toLowerCase(Locale.ROOT)), 100L);
            c.roll = roll;
            boolean pass = roll <= a.probability();
            c.notes.add("roll " + roll + (pass ? " ≤ " : " > ") + a.probability() + "%");
            if (!pass) {
                c.outcome = Outcome.PROBABILITY;
            }
        }
        return c;
    }

    /** SplitMix64's finaliser over the seed and a label: independent, reproducible streams per entry and group. */
    static long mix(long seed, String label) {
        long z = seed + 0x9E3779B97F4A7C15L * (1 + label.hashCode() + 31L * label.length());
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return z >>> 1; // non-negative
    }

    private static final class Candidate {
        final Term term;
        final List<String> notes = new ArrayList<>();
        Outcome outcome;
        String key;
        int position = -1;
        String matched;
        Integer roll;
        int cost;

        Candidate(Term term) {
            this.term = term;
        }

        EntryTrace trace() {
            boolean charged = outcome == Outcome.FIRED || outcome == Outcome.OVER_BUDGET;
            return new EntryTrace(term.name(), outcome, key, position, matched, roll, charged ? cost : 0, List.copyOf(notes));
        }
    }
}
