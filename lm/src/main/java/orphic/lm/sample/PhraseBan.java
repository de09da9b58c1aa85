package orphic.lm.sample;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Bans multi-token phrases by backtracking (the "anti-slop" approach). A phrase cannot be banned
 * by masking one token ahead of time, because it only exists once its last token is emitted. So
 * the ban works in two halves that cooperate with a generation loop ({@link GenerationLoop}):
 *
 * <ol>
 *   <li>After each accepted token, {@link #violationStart} reports whether the history now ends a
 *       banned phrase, and at which history position the phrase began (never inside the prompt).</li>
 *   <li>The loop rolls the history back to that position and records with
 *       {@link SamplingContext#forbid} that the token which began the phrase is forbidden there.
 *       This processor, placed in the chain, removes the tokens forbidden at the current position,
 *       so the resampled continuation takes another path.</li>
 * </ol>
 *
 * <p>Phrases are either <b>text</b> (matched against the concatenated token texts, so a phrase may
 * start or end inside a token; needs the context's vocabulary) or <b>token sequences</b>. Text
 * matching is a plain substring match, case-insensitive by default. {@link #firstUncommitted} tells
 * a streaming consumer which tokens are safe to show.
 */
public final class PhraseBan implements LogitProcessor {
    private final String[] texts;
    private final int[][] tokenPhrases;
    private final boolean ignoreCase;
    private final int maxChars;
    private final int maxTokens;

    private PhraseBan(List<String> texts, List<int[]> tokenPhrases, boolean ignoreCase) {
        for (String t : texts) {
            if (t == null || t.isEmpty()) {
                throw new IllegalArgumentException("banned phrases must be non-empty text");
            }
        }
        for (int[] p : tokenPhrases) {
            if (p.length == 0) {
                throw new IllegalArgumentException("banned token phrases must have at least one token");
            }
        }
        this.texts = texts.toArray(new String[0]);
        this.tokenPhrases = tokenPhrases.stream().map(int[]::clone).toArray(int[][]::new);
        this.ignoreCase = ignoreCase;
        this.maxChars = texts.stream().mapToInt(String::length).max().orElse(0);
        this.maxTokens = tokenPhrases.stream().mapToInt(p -> p.length).max().orElse(0);
    }

    /** Bans text phrases, case-insensitively. */
    public static PhraseBan ofText(Collection<String> phrases) {
        return new PhraseBan(List.copyOf(phrases), List.of(), true);
    }

    /** Bans text phrases; {@code ignoreCase} selects case-insensitive matching. */
    public static PhraseBan ofText(Collection<String> phrases, boolean ignoreCase) {
        return new PhraseBan(List.copyOf(phrases), List.of(), ignoreCase);
    }

    /** Bans token-id sequences. */
    public static PhraseBan ofTokens(Collection<int[]> phrases) {
        return new PhraseBan(List.of(), new ArrayList<>(phrases), false);
    }

    /** The banned text phrases. */
    public List<String> texts() {
        return List.of(texts);
    }

    public boolean ignoreCase() {
        return ignoreCase;
    }

    /** Removes the tokens the context forbids at the position being generated. */
    @Override
    public void apply(Candidates c, SamplingContext context) {
        int position = context.length();
        int bans = context.banCount();
        for (int b = 0; b < bans; b++) {
            if (context.banPosition(b) == position) {
                int i = c.indexOf(context.banId(b));
                if (i >= 0) {
                    c.removeAt(i);
                }
            }
        }
    }

    /**
     * If the history now ends a banned phrase that includes at least one generated token, the
     * history position to roll back to: the token holding the phrase's first character (or first
     * token), or the prompt length when the phrase began inside the prompt. Otherwise −1. Only
     * occurrences ending in the last token are examined; earlier ones were checked when their last
     * token was accepted.
     */
    public int violationStart(SamplingContext context) {
        int last = context.length() - 1;
        if (last < context.promptLength()) {
            return -1;
        }
        int found = Integer.MAX_VALUE;
        for (int[] phrase : tokenPhrases) {
            int start = last - phrase.length + 1;
            if (start < 0) {
                continue;
            }
            boolean match = true;
            for (int j = 0; j < phrase.length && match; j++) {
                match = context.tokenAt(start + j) == phrase[j];
            }
            if (match) {
                found = Math.min(found, start);
            }
        }
        if (texts.length > 0) {
            String lastText = context.tokenText(context.tokenAt(last));
            for (int endChar = 0; endChar < lastText.length(); endChar++) {
                for (String phrase : texts) {
                    int start = matchEndingAt(context, last, endChar, phrase);
                    if (start >= 0) {
                        found = Math.min(found, start);
                    }
                }
            }
        }
        return found == Integer.MAX_VALUE ? -1 : Math.max(found, context.promptLength());
    }

    /**
     * The first history position that a banned phrase completed by the next token could begin in:
     * tokens before it are safe to show a reader (a later backtrack that reaches further back is
     * clamped by {@link GenerationLoop}). Never less than the prompt length.
     */
    public int firstUncommitted(SamplingContext context) {
        int len = context.length();
        int first = len;
        if (maxTokens > 0) {
            first = Math.min(first, len - maxTokens + 1);
        }
        if (maxChars > 0) {
            // token j is final once at least maxChars − 1 characters follow it
            int after = 0;
            int j = len - 1;
            while (j >= context.promptLength() && after < maxChars - 1) {
                after += context.tokenText(context.tokenAt(j)).length();
                j--;
            }
            first = Math.min(first, j + 1);
        }
        return Math.max(first, context.promptLength());
    }

    /** Matches {@code phrase} backwards so that it ends at char endChar of token lastToken; returns the start token or −1. */
    private int matchEndingAt(SamplingContext context, int lastToken, int endChar, String phrase) {
        int t = lastToken;
        String text = context.tokenText(context.tokenAt(t));
        int ci = endChar;
        for (int j = phrase.length() - 1; j >= 0; j--) {
            while (ci < 0) {
                t--;
                if (t < 0) {
                    return -1;
                }
                text = context.tokenText(context.tokenAt(t));
                ci = text.length() - 1;
            }
            if (!same(text.charAt(ci), phrase.charAt(j))) {
                return -1;
            }
            ci--;
        }
        return t;
    }

    private boolean same(char a, char b) {
        if (a == b) {
            return true;
        }
        if (!ignoreCase) {
            return false;
        }
        char ua = Character.toUpperCase(a);
        char ub = Character.toUpperCase(b);
        return ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
    }

    @Override
    public String toString() {
        return "phrase-ban(" + (texts.length + tokenPhrases.length) + " phrases)";
    }
}
