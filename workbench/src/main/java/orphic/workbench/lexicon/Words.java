package orphic.workbench.lexicon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words for rules and the infection rate: maximal runs of letters (with inner apostrophes and
 * hyphens: "o'er", "salt-road"), lower-cased; digits and punctuation are not words.
 */
final class Words {
    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{M}]*(?:['’-][\\p{L}\\p{M}]+)*");

    /** One word: lower-cased text and its character span in the source. */
    record Word(String text, int start, int end) {}

    private Words() {}

    static List<Word> of(String text) {
        List<Word> out = new ArrayList<>();
        Matcher m = WORD.matcher(text == null ? "" : text);
        while (m.find()) out.add(new Word(m.group().toLowerCase(Locale.ROOT), m.start(), m.end()));
        return out;
    }

    /** A phrase as its lower-cased words ("Salt Road" → [salt, road]). */
    static List<String> phrase(String text) {
        return of(text).stream().map(Word::text).toList();
    }

    /** Whether the words starting at {@code i} spell {@code phrase}. */
    static boolean matchesAt(List<Word> words, int i, List<String> phrase) {
        if (phrase.isEmpty() || i + phrase.size() > words.size()) return false;
        for (int j = 0; j < phrase.size(); j++) {
            if (!words.get(i + j).text().equals(phrase.get(j))) return false;
        }
        return true;
    }
}
