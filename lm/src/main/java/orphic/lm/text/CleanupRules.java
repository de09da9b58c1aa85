package orphic.lm.text;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in {@link CleanupRule}s. Each is small, stateless and documented by what it changes
 * and, as importantly, what it leaves alone. Only ASCII spaces and tabs count as the "space" these
 * rules add or remove; no-break spaces (French typography's space before {@code ; : ! ?}) are kept.
 */
public final class CleanupRules {
  public static final String WHITESPACE = "whitespace";
  public static final String SPACE_BEFORE_PUNCTUATION = "space-before-punctuation";
  public static final String REPEATED_PUNCTUATION = "repeated-punctuation";
  public static final String SPACE_AFTER_PUNCTUATION = "space-after-punctuation";
  public static final String REPEATED_WORDS = "repeated-words";
  public static final String TRAILING_FRAGMENT = "trailing-fragment";
  public static final String FINAL_PUNCTUATION = "final-punctuation";
  public static final String BALANCE_QUOTES = "balance-quotes";
  public static final String BALANCE_BRACKETS = "balance-brackets";
  public static final String CAPITALISE_SENTENCES = "capitalise-sentences";
  public static final String SPLIT_CONTRACTIONS = "split-contractions";
  public static final String PRONOUN_I = "pronoun-i";

  /** Marks that end a sentence. */
  private static final String ENDS = ".!?…";
  /** What may follow an end mark and still belong to the sentence: closing quotes and brackets. */
  private static final String CLOSERS = "\"”’')]»";
  /** Closers before which a missing period may be inserted (not ' or ’, which may be an apostrophe). */
  private static final String SAFE_CLOSERS = "\"”)]»";
  /** What may come between a sentence end and the next sentence's first letter, after the space. */
  private static final String OPENERS = "\"“‘'([«";

  private CleanupRules() {}

  // ---------------------------------------------------------------------------------------------

  private static final Pattern INNER_SPACES = Pattern.compile("(?<=\\S)[ \\t\\x0B\\f]+");
  private static final Pattern TRAILING_SPACES = Pattern.compile("[ \\t\\x0B\\f]+(?=\\n|$)");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

  /**
   * Runs of spaces and tabs inside a line become one space; spaces at the end of a line go; three or
   * more line breaks become one blank line; the text is stripped. Line breaks and the indentation
   * at the start of a line are kept (verse depends on them); haze turns every newline into a space.
   */
  public static CleanupRule whitespace() {
    return CleanupRule.of(WHITESPACE, s -> {
      String t = INNER_SPACES.matcher(s).replaceAll(" ");
      t = TRAILING_SPACES.matcher(t).replaceAll("");
      return BLANK_LINES.matcher(t).replaceAll("\n\n").strip();
    });
  }

  private static final Pattern SPACE_BEFORE = Pattern.compile("(?<=\\S)[ \\t]+(?=[,;:!?]|\\.(?![.\\d]))");

  /**
   * Removes spaces before {@code , ; : ! ?} and before a single period ("word ." → "word."; a spaced
   * ". . ." closes up into "..."). Kept: a space before an ellipsis ("and ... then"), before a
   * decimal (" .5"), and at the start of a line.
   */
  public static CleanupRule spaceBeforePunctuation() {
    return CleanupRule.of(SPACE_BEFORE_PUNCTUATION, s -> SPACE_BEFORE.matcher(s).replaceAll(""));
  }

  private static final Pattern PUNCTUATION_RUN = Pattern.compile("[.,;:!?…]{2,}");
  private static final Pattern BANGS_THEN_ELLIPSIS = Pattern.compile("([!?]+)(\\.{3,}|…+)");

  /**
   * Shortens runs of punctuation: "...." and longer → "...", ".." → ".", "……" → "…", four or more
   * {@code ! ?} → the first three ("!!!!!" → "!!!"). Mixed runs keep their strongest mark:
   * "?." / ".?" / "!," → the {@code !}/{@code ?} part, a leading ellipsis stays ("...," → "...",
   * "...?" unchanged), otherwise the first mark (",." → ",", ".," → ".", ",," → ","). Kept as they
   * are: "...", "?!", "!?", "!!!", "?...", "…!".
   */
  public static CleanupRule repeatedPunctuation() {
    return CleanupRule.of(REPEATED_PUNCTUATION,
        s -> PUNCTUATION_RUN.matcher(s).replaceAll(m -> Matcher.quoteReplacement(reducePunctuation(m.group()))));
  }

  static String reducePunctuation(String run) {
    if (run.chars().allMatch(c -> c == '.')) return run.length() == 2 ? "." : run.length() > 3 ? "..." : run;
    if (run.chars().allMatch(c -> c == '…')) return "…";
    String lead = "";
    int k = 0;
    if (run.startsWith("...") || run.startsWith("…")) {
      char c = run.charAt(0);
      while (k < run.length() && run.charAt(k) == c) k++;
      lead = c == '.' ? "..." : "…";
    }
    String rest = run.substring(k);
    if (rest.matches("[!?]+")) return lead + firstThree(rest);
    if (lead.isEmpty()) {
      Matcher m = BANGS_THEN_ELLIPSIS.matcher(rest);
      if (m.matches()) return firstThree(m.group(1)) + (m.group(2).charAt(0) == '.' ? "..." : "…");
    }
    String bangs = rest.replaceAll("[^!?]", "");
    if (!bangs.isEmpty()) return lead + firstThree(bangs);
    if (!lead.isEmpty()) return lead;
    return run.substring(0, 1);
  }

  private static String firstThree(String s) {
    return s.length() > 3 ? s.substring(0, 3) : s;
  }

  private static final Pattern SPACE_AFTER = Pattern.compile(
      "([,;!?])(?=\\p{L})|(?<=\\p{L}):(?=\\p{L})|(?<=\\p{Ll}\\p{Ll})\\.(?=\\p{Lu})");

  /**
   * Adds the missing space after {@code , ; ! ?} when a letter follows ("yes,and" → "yes, and"),
   * after a colon between letters, and after a period between a lower-case word and a capital
   * ("end.The" → "end. The"). Left alone: "1,000", "10:30", "e.g.", "U.S.", "example.com",
   * "?!".
   */
  public static CleanupRule spaceAfterPunctuation() {
    return CleanupRule.of(SPACE_AFTER_PUNCTUATION, s -> SPACE_AFTER.matcher(s).replaceAll(m -> {
      String mark = m.group(1) != null ? m.group(1) : m.group();
      return Matcher.quoteReplacement(mark + " ");
    }));
  }

  private static final String WORD = "\\p{L}[\\p{L}\\p{M}'’]*";

  /** {@link #repeatedWords(int)} with runs of 4 or more. */
  public static CleanupRule repeatedWords() {
    return repeatedWords(4);
  }

  /**
   * A word or a phrase of up to three words said {@code minRun} (≥ 2) or more times in a row,
   * separated only by spaces, is said once ("the the the the" → "the", "I am I am I am I am" → "I
   * am"; case-insensitive, the first spelling kept). The default run of 4 (haze: 3) leaves
   * deliberate triples such as "ha ha ha" or "no no no". Always left alone: doubled words, which
   * are often correct ("had had", "that that") unless minRun is 2; repetitions with punctuation
   * between ("never, never, never"); refrains on separate lines.
   */
  public static CleanupRule repeatedWords(int minRun) {
    if (minRun < 2) throw new IllegalArgumentException("minRun must be at least 2, got " + minRun);
    Pattern repeated = Pattern.compile("(?iu)(?<![\\p{L}\\p{M}'’])(" + WORD + "(?:[ \\t]+" + WORD + "){0,2})"
        + "(?:[ \\t]+\\1(?![\\p{L}\\p{M}'’])){" + (minRun - 1) + ",}");
    return CleanupRule.of(REPEATED_WORDS, s -> repeated.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1))));
  }

  /**
   * When the text does not end a sentence (an end mark {@code . ! ? …}, possibly followed by closing
   * quotes or brackets), cuts it after the last sentence end, provided that keeps at least
   * {@code minKeep} (0–1) of the text; otherwise leaves it for {@link #finalPunctuation}. An ellipsis
   * is a sentence end here (haze turns a final "..." into ".").
   */
  public static CleanupRule trailingFragment(double minKeep) {
    if (!(minKeep >= 0 && minKeep <= 1)) throw new IllegalArgumentException("minKeep must be in [0, 1], got " + minKeep);
    return CleanupRule.of(TRAILING_FRAGMENT, s -> {
      String t = s.stripTrailing();
      if (t.isEmpty() || endsSentence(t)) return t;
      for (int i = t.length() - 2; i >= 0; i--) {
        if (ENDS.indexOf(t.charAt(i)) < 0) continue;
        int k = i + 1;
        while (k < t.length() && CLOSERS.indexOf(t.charAt(k)) >= 0) k++;
        if (k < t.length() && Character.isWhitespace(t.charAt(k))) {
          return k >= minKeep * t.length() ? t.substring(0, k) : t;
        }
      }
      return t;
    });
  }

  private static boolean endsSentence(String t) {
    int j = t.length() - 1;
    while (j >= 0 && CLOSERS.indexOf(t.charAt(j)) >= 0) j--;
    return j >= 0 && ENDS.indexOf(t.charAt(j)) >= 0;
  }

  /**
   * Ends the text with a period when it ends in a letter or digit (inside a final closing double
   * quote or bracket: {@code “Come here} → {@code “Come here.}), or replaces a final {@code , ; :}
   * with one. Left alone: endings in an end mark, a dash (an interrupted line), or an apostrophe.
   */
  public static CleanupRule finalPunctuation() {
    return CleanupRule.of(FINAL_PUNCTUATION, s -> {
      String t = s.stripTrailing();
      int j = t.length() - 1;
      while (j >= 0 && SAFE_CLOSERS.indexOf(t.charAt(j)) >= 0) j--;
      if (j < 0) return t;
      char c = t.charAt(j);
      if (Character.isLetterOrDigit(c) || Character.isLowSurrogate(c) && Character.isLetterOrDigit(t.codePointBefore(j + 1))) {
        return t.substring(0, j + 1) + "." + t.substring(j + 1);
      }
      if (",;:".indexOf(c) >= 0) return t.substring(0, j) + "." + t.substring(j + 1);
      return t;
    });
  }

  /**
   * Balances double quotes, typographic (“ ”) and ASCII ("; an ASCII quote opens after a space or
   * at the start, closes before a space, punctuation or the end). A closing quote with no opening
   * one is removed; an opening quote left open is closed at the end of the text, or removed when
   * nothing follows it. Single quotes are never touched: they double as apostrophes ("rock 'n'
   * roll", "o'clock").
   */
  public static CleanupRule balanceQuotes() {
    return CleanupRule.of(BALANCE_QUOTES, s -> balance(s, true));
  }

  /**
   * Balances {@code ( )} and {@code [ ]} the same way: a stray closer is removed, an opener left open
   * is closed at the end (or removed when nothing follows it). Smileys (":)") are not brackets, nor
   * is a list marker ("a)", "2)") when no "(" is open.
   */
  public static CleanupRule balanceBrackets() {
    return CleanupRule.of(BALANCE_BRACKETS, s -> balance(s, false));
  }

  private static String balance(String s, boolean quotes) {
    Deque<Integer> open = new ArrayDeque<>(); // indexes of openers not yet closed
    boolean[] drop = new boolean[s.length()];
    boolean any = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int role = quotes ? quoteRole(s, i, !open.isEmpty()) : bracketRole(s, i);
      if (role == MARKER) role = !open.isEmpty() && s.charAt(open.peek()) == '(' ? -1 : 0;
      if (role > 0) {
        open.push(i);
      } else if (role < 0) {
        if (!open.isEmpty() && (quotes || s.charAt(open.peek()) == (c == ')' ? '(' : '['))) {
          open.pop();
        } else {
          drop[i] = true;
          any = true;
        }
      }
    }
    if (!any && open.isEmpty()) return s;
    StringBuilder closers = new StringBuilder();
    for (int i : open) { // innermost first
      if (s.substring(i + 1).isBlank()) {
        drop[i] = true;
      } else {
        char o = s.charAt(i);
        closers.append(o == '“' ? '”' : o == '"' ? '"' : o == '(' ? ')' : ']');
      }
    }
    StringBuilder out = new StringBuilder(s.length() + closers.length());
    for (int i = 0; i < s.length(); i++) if (!drop[i]) out.append(s.charAt(i));
    String t = out.toString().stripTrailing();
    return t + closers;
  }

  /** +1 opens, −1 closes, 0 is not a double quote. */
  private static int quoteRole(String s, int i, boolean inside) {
    char c = s.charAt(i);
    if (c == '“') return 1;
    if (c == '”') return -1;
    if (c != '"') return 0;
    boolean spaceBefore = i == 0 || Character.isWhitespace(s.charAt(i - 1)) || "([{“‘—–".indexOf(s.charAt(i - 1)) >= 0;
    boolean spaceAfter = i + 1 == s.length() || Character.isWhitespace(s.charAt(i + 1))
        || ".,;:!?…)]}".indexOf(s.charAt(i + 1)) >= 0;
    if (spaceBefore && !spaceAfter) return 1;
    if (spaceAfter && !spaceBefore) return -1;
    return inside ? -1 : 1;
  }

  /** A ")" after a lone letter or digit: a list marker ("a)", "2)") unless a "(" is open. */
  private static final int MARKER = 2;

  /** +1 opens, −1 closes, {@link #MARKER}, or 0: not a bracket (or a smiley). */
  private static int bracketRole(String s, int i) {
    char c = s.charAt(i);
    if (c == '(' || c == '[') return 1;
    if (c != ')' && c != ']') return 0;
    if (c == ')' && i > 0 && (s.charAt(i - 1) == ':' || s.charAt(i - 1) == ';'
        || s.charAt(i - 1) == '-' && i > 1 && s.charAt(i - 2) == ':')) {
      return 0; // :) ;) :-)
    }
    if (c == ')' && i > 0 && Character.isLetterOrDigit(s.charAt(i - 1))
        && (i == 1 || Character.isWhitespace(s.charAt(i - 2)))) {
      return MARKER;
    }
    return -1;
  }

  /**
   * Capitalises the first letter of the text and the first letter after a sentence end: {@code .},
   * {@code !} or {@code ?} followed by whitespace (and possibly opening quotes or brackets). Not
   * after an ellipsis (it often continues the sentence), not after an end mark followed by a
   * closing quote ({@code “Stop!” he said}), and not after an abbreviation's period: a word with an
   * inner period ("e.g.", "U.S.") or a single letter. haze capitalises only after ". ".
   */
  public static CleanupRule capitaliseSentences() {
    return CleanupRule.of(CAPITALISE_SENTENCES, s -> {
      StringBuilder out = null;
      boolean start = true; // the next letter starts a sentence
      int i = 0;
      while (i < s.length()) {
        int cp = s.codePointAt(i);
        int n = Character.charCount(cp);
        if (start) {
          if (Character.isLetter(cp)) {
            if (Character.isLowerCase(cp)) {
              if (out == null) out = new StringBuilder(s);
              String upper = new String(Character.toChars(Character.toTitleCase(cp)));
              if (upper.length() == n) out.replace(i, i + n, upper);
            }
            start = false;
          } else if (!Character.isWhitespace(cp) && OPENERS.indexOf(cp) < 0) {
            start = false;
          }
        } else if ((cp == '.' || cp == '!' || cp == '?') && i + 1 < s.length()
            && Character.isWhitespace(s.charAt(i + 1)) && !(cp == '.' && (i > 0 && s.charAt(i - 1) == '.' || abbreviation(s, i)))) {
          start = true;
        }
        i += n;
      }
      return out == null ? s : out.toString();
    });
  }

  /** Whether the period at {@code dot} ends an abbreviation: its word has an inner period or is one letter. */
  private static boolean abbreviation(String s, int dot) {
    int b = dot;
    while (b > 0 && !Character.isWhitespace(s.charAt(b - 1)) && OPENERS.indexOf(s.charAt(b - 1)) < 0) b--;
    String word = s.substring(b, dot);
    return word.indexOf('.') >= 0 || word.codePointCount(0, word.length()) == 1 && Character.isLetter(word.codePointAt(0));
  }

  private static final String SUFFIX = "(s|t|m|d|ll|re|ve)(?![\\p{L}\\p{M}'’])";
  private static final Pattern SPLIT_CONTRACTION = Pattern.compile(
      "(?<=\\p{L})(?:[ \\t]+(['’])[ \\t]*|(['’])[ \\t]+)" + SUFFIX);

  /**
   * English: closes up a contraction that a tokenizer split around its apostrophe ("don ' t",
   * "don 't", "don' t" → "don't"; "I 'm" → "I'm"; "it ’s" → "it’s"), keeping the apostrophe as
   * written. Only joins; never inserts an apostrophe, never changes a letter, and leaves alone
   * anything that is not exactly letter + apostrophe + one of s t m d ll re ve as a whole word
   * ("rock 'n' roll", "the boys' toys", "'tis").
   */
  public static CleanupRule splitContractions() {
    return CleanupRule.of(SPLIT_CONTRACTIONS, s -> SPLIT_CONTRACTION.matcher(s).replaceAll(m -> {
      String apostrophe = m.group(1) != null ? m.group(1) : m.group(2);
      return Matcher.quoteReplacement(apostrophe + m.group(3));
    }));
  }

  private static final Pattern LOWER_I = Pattern.compile(
      "(?<![\\p{L}\\p{M}\\p{N}'’.\\-])i(?=['’][\\p{L}]|[ \\t\\n,;:!?)\\]”\"]|\\.(?![\\p{L}])|$)");

  /**
   * English: the pronoun written as a lone lower-case "i" becomes "I" (also in "i'm", "i’ll"). Not
   * in "i.e.", inside words, or after an apostrophe or hyphen. Not in {@link Cleanup#defaults()}:
   * in Italian, Catalan and other languages "i" is a word of its own.
   */
  public static CleanupRule pronounI() {
    return CleanupRule.of(PRONOUN_I, s -> LOWER_I.matcher(s).replaceAll("I"));
  }
}
