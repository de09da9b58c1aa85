package orphic.workbench.lexicon;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Lexical infection rate: how much more often generated text uses the lexicon than the corpus
 * does.
 *
 * <pre>
 *   share(text) = lexicon words in text / words in text
 *   infection   = share(generated) / share(corpus)
 * </pre>
 *
 * Words are {@link Words}' lower-cased letter runs. A word is a lexicon word when it is part of an
 * occurrence of a term's name or alias (multi-word forms count each of their words; at each
 * position the longest form wins, occurrences do not overlap). 1 means "as often as the corpus",
 * 3 "three times as often". When the corpus share is 0 the rate is +∞ if the generated share is
 * above 0, and NaN when both are 0 (no evidence either way); a text without words has share 0.
 */
public final class InfectionRate {
    private final List<List<String>> forms;

    /** From surface forms (names and aliases). */
    public InfectionRate(Collection<String> surfaceForms) {
        List<List<String>> f = new ArrayList<>();
        for (String s : surfaceForms) {
            List<String> p = Words.phrase(s);
            if (!p.isEmpty() && !f.contains(p)) f.add(p);
        }
        f.sort((a, b) -> b.size() - a.size());
        this.forms = List.copyOf(f);
    }

    /** From terms: every name and alias. */
    public static InfectionRate of(Collection<Term> terms) {
        List<String> all = new ArrayList<>();
        for (Term t : terms) all.addAll(t.forms());
        return new InfectionRate(all);
    }

    /** Counts for one text. */
    public record Share(int lexiconWords, int words) {
        public double value() {
            return words == 0 ? 0 : (double) lexiconWords / words;
        }
    }

    public Share share(String text) {
        List<Words.Word> words = Words.of(text);
        int covered = 0;
        for (int i = 0; i < words.size(); ) {
            List<String> hit = null;
            for (List<String> f : forms) {
                if (Words.matchesAt(words, i, f)) {
                    hit = f;
                    break;
                }
            }
            if (hit != null) {
                covered += hit.size();
                i += hit.size();
            } else {
                i++;
            }
        }
        return new Share(covered, words.size());
    }

    /** share(generated) / share(corpus), with the edge cases documented above. */
    public double rate(String generated, String corpus) {
        double g = share(generated).value();
        double b = share(corpus).value();
        if (b == 0) return g > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        return g / b;
    }
}
