package orphic.lm.sample;

import java.util.HashMap;
import java.util.Map;

/**
 * Text lookups over a vocabulary: token id by exact text, and a greedy longest-match spelling of
 * a string into token ids. The sampler has no tokenizer; greedy longest match is exact for a
 * character vocabulary and gives one valid spelling for a subword vocabulary.
 */
final class VocabularyIndex {
    private final String[] texts;
    private final Map<String, Integer> idByText = new HashMap<>();
    private final int maxTokenChars;

    VocabularyIndex(String[] texts) {
        this.texts = texts;
        int max = 0;
        for (int id = 0; id < texts.length; id++) {
            String t = texts[id];
            if (!t.isEmpty()) {
                idByText.putIfAbsent(t, id);
                max = Math.max(max, t.length());
            }
        }
        this.maxTokenChars = max;
    }

    String text(int id) {
        return texts[id];
    }

    int size() {
        return texts.length;
    }

    /** The token ids spelling {@code s} by greedy longest match, or null if some part has no token. */
    int[] spell(String s) {
        int[] out = new int[s.length()];
        int n = 0;
        int pos = 0;
        while (pos < s.length()) {
            int found = -1;
            int foundLen = 0;
            for (int len = Math.min(maxTokenChars, s.length() - pos); len >= 1; len--) {
                Integer id = idByText.get(s.substring(pos, pos + len));
                if (id != null) {
                    found = id;
                    foundLen = len;
                    break;
                }
            }
            if (found < 0) {
                return null;
            }
            out[n++] = found;
            pos += foundLen;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
