package orphic.workbench.transform;

import java.util.Locale;

/**
 * The few regular English inflections the transforms need (plural, comparative, superlative, third
 * person -s, archaic -eth and -est), and case matching. Rules are the regular spelling ones only;
 * callers skip words whose form is irregular (checked by inflecting the lemma and comparing).
 */
final class Inflection {
  private Inflection() {}

  private static boolean vowel(char c) {
    return "aeiou".indexOf(c) >= 0;
  }

  private static boolean sibilantEnd(String w) {
    return w.endsWith("s") || w.endsWith("x") || w.endsWith("z") || w.endsWith("ch") || w.endsWith("sh");
  }

  private static boolean consonantY(String w) {
    return w.length() > 1 && w.endsWith("y") && !vowel(w.charAt(w.length() - 2));
  }

  /** day → days, glass → glasses, city → cities. */
  static String plural(String w) {
    if (w.contains(" ")) {
      int sp = w.lastIndexOf(' ');
      return w.substring(0, sp + 1) + plural(w.substring(sp + 1));
    }
    if (consonantY(w)) return w.substring(0, w.length() - 1) + "ies";
    if (sibilantEnd(w)) return w + "es";
    return w + "s";
  }

  /** know → knows, go → goes, try → tries, watch → watches. */
  static String thirdPerson(String w) {
    if (consonantY(w)) return w.substring(0, w.length() - 1) + "ies";
    if (sibilantEnd(w) || w.endsWith("o")) return w + "es";
    return w + "s";
  }

  /** A consonant-vowel-consonant ending doubles before a vowel suffix: hot → hotter, big → bigger. */
  private static boolean doubles(String w) {
    int n = w.length();
    if (n < 3) return false;
    char a = w.charAt(n - 3), b = w.charAt(n - 2), c = w.charAt(n - 1);
    return !vowel(a) && vowel(b) && !vowel(c) && "wxy".indexOf(c) < 0 && countVowelGroups(w) == 1;
  }

  private static int countVowelGroups(String w) {
    int n = 0;
    boolean in = false;
    for (char ch : w.toCharArray()) {
      boolean v = vowel(ch);
      if (v && !in) n++;
      in = v;
    }
    return n;
  }

  private static String suffix(String w, String suffix) {
    if (w.endsWith("e")) return w + suffix.substring(1);
    if (consonantY(w)) return w.substring(0, w.length() - 1) + "i" + suffix;
    if (doubles(w)) return w + w.charAt(w.length() - 1) + suffix;
    return w + suffix;
  }

  /** hot → hotter, cold → colder, happy → happier. */
  static String comparative(String w) {
    return suffix(w, "er");
  }

  /** hot → hottest. */
  static String superlative(String w) {
    return suffix(w, "est");
  }

  /** know → knoweth, make → maketh, try → trieth (archaic third person). */
  static String eth(String w) {
    if (w.endsWith("e")) return w + "th";
    if (consonantY(w)) return w.substring(0, w.length() - 1) + "ieth";
    return w + "eth";
  }

  /** know → knowest, love → lovest, carry → carriest (archaic second person singular). */
  static String est(String w) {
    if (w.endsWith("e")) return w + "st";
    if (consonantY(w)) return w.substring(0, w.length() - 1) + "iest";
    return w + "est";
  }

  /** Gives replacement the case pattern of original: ALL CAPS, Capitalised, or as written. */
  static String matchCase(String original, String replacement) {
    if (replacement.isEmpty() || original.isEmpty()) return replacement;
    boolean anyLetter = false, allUpper = true;
    for (int i = 0; i < original.length(); i++) {
      char c = original.charAt(i);
      if (Character.isLetter(c)) {
        anyLetter = true;
        if (!Character.isUpperCase(c)) allUpper = false;
      }
    }
    if (anyLetter && allUpper && original.codePointCount(0, original.length()) > 1) return replacement.toUpperCase(Locale.ROOT);
    int first = firstLetter(original);
    int firstR = firstLetter(replacement);
    if (first >= 0 && firstR >= 0 && Character.isUpperCase(original.charAt(first))) {
      return replacement.substring(0, firstR) + Character.toUpperCase(replacement.charAt(firstR)) + replacement.substring(firstR + 1);
    }
    return replacement;
  }

  private static int firstLetter(String s) {
    for (int i = 0; i < s.length(); i++) if (Character.isLetter(s.charAt(i))) return i;
    return -1;
  }
}
