package orphic.workbench.lexicon;

import java.util.List;

/**
 * The outcome of one activation pass.
 *
 * @param traces one per entry, in the entries' input order
 * @param fired the terms that fired, in priming order (order ascending, then name)
 * @param priming their priming texts joined by newlines
 * @param budgetUsed the cost of the primed texts
 * @param phraseBiases the output phrase biases of the fired terms (name and aliases of each term with a bias)
 * @param scanStart where the scanned window begins in the text
 */
public record ActivationResult(List<EntryTrace> traces, List<Term> fired, String priming, int budgetUsed,
                               List<PhraseBias> phraseBiases, int scanStart) {
    /** The trace of a term by name, or null. */
    public EntryTrace trace(String term) {
        return traces.stream().filter(t -> t.term().equalsIgnoreCase(term)).findFirst().orElse(null);
    }

    /**
     * Lexical virality v: every name and alias of each fired term becomes an output phrase bias of
     * strength v × the term's own bias (v when it has none), un-biased once emitted when the term
     * says so. v = 0 (or less) gives none.
     */
    public List<PhraseBias> viralBiases(double v) {
        List<PhraseBias> out = new java.util.ArrayList<>();
        if (!(v > 0)) return out;
        for (Term t : fired) {
            double strength = v * (t.activation().bias() != 0 ? t.activation().bias() : 1.0);
            for (String form : t.forms()) out.add(new PhraseBias(form, strength, t.activation().unbias()));
        }
        return out;
    }

    public List<String> firedNames() {
        return fired.stream().map(Term::name).toList();
    }
}
