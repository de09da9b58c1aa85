package orphic.workbench.lexicon;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One activation key, parsed: plain text (whole-word and case options) or {@code /regex/flags}.
 * {@link #find} reports the first match in a window, or that the regex gave up (step budget).
 */
final class Key {
    /** A hit: where (relative to the searched text) and what matched. */
    record Hit(int start, int end, String matched) {}

    /** The outcome of a search: a hit, no hit, or a regex that ran out of steps. */
    record Search(Hit hit, boolean gaveUp) {
        static final Search NONE = new Search(null, false);
        static final Search GAVE_UP = new Search(null, true);
    }

    private static final Pattern REGEX_KEY = Pattern.compile("^/(.+)/([a-z]*)$", Pattern.DOTALL);

    final String raw;
    private final String plain;
    private final Pattern pattern;
    private final boolean caseSensitive;
    private final boolean wholeWord;

    private Key(String raw, String plain, Pattern pattern, boolean caseSensitive, boolean wholeWord) {
        this.raw = raw;
        this.plain = plain;
        this.pattern = pattern;
        this.caseSensitive = caseSensitive;
        this.wholeWord = wholeWord;
    }

    /** Parses a key; regex keys ignore {@code wholeWord} and are case-sensitive unless flagged {@code i}. */
    static Key parse(String raw, boolean caseSensitive, boolean wholeWord) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("activation keys must be non-blank");
        }
        Matcher m = REGEX_KEY.matcher(raw);
        if (m.matches()) {
            int flags = 0;
            for (char f : m.group(2).toCharArray()) {
                flags |= switch (f) {
                    case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                    case 's' -> Pattern.DOTALL;
                    case 'm' -> Pattern.MULTILINE;
                    case 'u' -> Pattern.UNICODE_CASE;
                    default -> throw new IllegalArgumentException("unknown flag '" + f + "' in regex key " + raw + " (valid: i, s, m, u)");
                };
            }
            try {
                return new Key(raw, null, Pattern.compile(m.group(1), flags), (flags & Pattern.CASE_INSENSITIVE) == 0, false);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("regex key " + raw + " does not compile: " + e.getDescription()
                        + " near index " + e.getIndex(), e);
            }
        }
        return new Key(raw, raw.strip(), null, caseSensitive, wholeWord);
    }

    boolean isRegex() {
        return pattern != null;
    }

    /** The first match in {@code text}; a regex search may use at most {@code maxSteps} character reads. */
    Search find(String text, long maxSteps) {
        if (pattern != null) {
            RegexBudget budget = new RegexBudget(maxSteps);
            try {
                Matcher m = pattern.matcher(budget.wrap(text));
                if (m.find()) {
                    return new Search(new Hit(m.start(), m.end(), text.substring(m.start(), m.end())), false);
                }
                return Search.NONE;
            } catch (RegexBudget.Exceeded e) {
                return Search.GAVE_UP;
            } catch (StackOverflowError e) {
                return Search.GAVE_UP; // deep recursion in the regex engine: treat like running out of steps
            }
        }
        int n = plain.length();
        for (int i = 0; i + n <= text.length(); i++) {
            if (text.regionMatches(!caseSensitive, i, plain, 0, n)
                    && (!wholeWord || (boundary(text, i - 1) && boundary(text, i + n)))) {
                return new Search(new Hit(i, i + n, text.substring(i, i + n)), false);
            }
        }
        return Search.NONE;
    }

    /** True when position i is outside the text or not a word character. */
    private static boolean boundary(String text, int i) {
        if (i < 0 || i >= text.length()) return true;
        char c = text.charAt(i);
        return !Character.isLetterOrDigit(c) && c != '_';
    }

    @Override
    public String toString() {
        return raw;
    }
}
