package orphic.workbench.transform;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves text between a modern and an archaic (Early Modern English, King James) voice by rules, and
 * drops a phrase into a host text. Every change is reported like the paradox engine's.
 *
 * <p>Archaic direction ({@link #archaize}):
 * <ul>
 *   <li>{@code archaic-pronoun}: you → thou as a subject (a verb follows) and thee as an object
 *       (after a verb or preposition); your → thy (thine before a vowel); yours → thine;
 *       yourself → thyself.
 *   <li>{@code archaic-verb}: the verb after thou takes the second person: are → art, have → hast,
 *       do → dost, will → wilt, can → canst, don't → dost not, ...; other base-form verbs take
 *       -est (know → knowest).
 *   <li>{@code archaic-eth}: a third person singular verb (tagged VERB/AUX, the regular -s form of a
 *       WordNet verb) takes -eth (knows → knoweth); has → hath, does → doth, says → saith,
 *       doesn't → doth not.
 *   <li>{@code archaism}: the word table ({@code Archaisms.WORDS}: often → oft, before → ere,
 *       perhaps → perchance, never → ne'er, ...).
 *   <li>{@code archaic-contraction}: "it is" → 'tis and "it was" → 'twas (when a word follows),
 *       "from where" → whence, "to where" → whither.
 * </ul>
 * Modern direction ({@link #modernize}) runs the same tables backwards ({@code modern-*} rules):
 * thou/thee/ye → you, thy → your, thine → your/yours, hath → has, -eth → -s, art → are after thou,
 * knowest → know after thou, 'tis → it is, oft → often, ...
 */
public final class AnachronismEngine {
  /** Which voice the text is moved into. */
  public enum Direction {
    ARCHAIC, MODERN;

    /** Parses "archaic" or "modern". */
    public static Direction parse(String s) {
      for (Direction d : values()) if (d.name().equalsIgnoreCase(s.strip())) return d;
      throw new IllegalArgumentException("unknown direction '" + s + "'; use archaic or modern");
    }
  }

  private static final Map<String, String> MODERN_WORDS = Archaisms.reverse(Archaisms.WORDS);
  private static final Map<String, String> MODERN_THOU_VERBS = Archaisms.reverse(Archaisms.THOU_VERBS);
  private static final Map<String, String> MODERN_THIRD = Archaisms.reverse(Archaisms.THIRD_PERSON);
  private static final Map<String, String> MODERN_PHRASES = Archaisms.reverse(Archaisms.PHRASES);

  private AnachronismEngine() {}

  /** {@link #archaize} or {@link #modernize}. */
  public static TransformResult apply(String text, Direction direction) {
    return direction == Direction.ARCHAIC ? archaize(text) : modernize(text);
  }

  /** Rewrites modern diction as archaic; see the class comment. */
  public static TransformResult archaize(String text) {
    Texts.requireText(text);
    List<Change> changes = new ArrayList<>();
    phrases(text, Archaisms.PHRASES, "archaic-contraction", "archaic contraction", true, changes);
    List<TaggedToken> tokens = EnglishNlp.tag(text);
    Set<Integer> done = new HashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      TaggedToken t = tokens.get(i);
      if (done.contains(i) || claimed(changes, t) || !t.isWord()) continue;
      String w = lower(t.text());
      String tag = t.tag();
      switch (w) {
        case "you" -> {
          boolean subject = verbAfter(tokens, i) >= 0;
          boolean object = !subject && i > 0 && (tokens.get(i - 1).tag().equals("VERB") || tokens.get(i - 1).tag().equals("ADP"));
          if (object) {
            changes.add(change(t, "thee", "archaic-pronoun", "you as an object (after a " + (tokens.get(i - 1).tag().equals("ADP") ? "preposition" : "verb") + ") → thee"));
          } else {
            changes.add(change(t, "thou", "archaic-pronoun", "you as a subject → thou"));
            int v = verbAfter(tokens, i);
            if (v >= 0) {
              TaggedToken verb = tokens.get(v);
              String vw = lower(verb.text());
              String archaic = Archaisms.THOU_VERBS.get(vw);
              String why = "second person singular after thou: " + vw + " → ";
              if (archaic == null && verb.tag().equals("VERB") && isVerbLemma(vw)) archaic = Inflection.est(vw);
              if (archaic != null && !archaic.equals(vw)) {
                changes.add(change(verb, archaic, "archaic-verb", why + archaic));
                done.add(v);
              }
            }
          }
        }
        case "your" -> {
          String next = i + 1 < tokens.size() ? lower(tokens.get(i + 1).text()) : "";
          String to = !next.isEmpty() && "aeiou".indexOf(next.charAt(0)) >= 0 ? "thine" : "thy";
          changes.add(change(t, to, "archaic-pronoun", "your → " + to + (to.equals("thine") ? " (before a vowel)" : "")));
        }
        case "yours" -> changes.add(change(t, "thine", "archaic-pronoun", "yours → thine"));
        case "yourself" -> changes.add(change(t, "thyself", "archaic-pronoun", "yourself → thyself"));
        default -> {
          String irregular = Archaisms.THIRD_PERSON.get(w);
          if (irregular != null && (tag.equals("AUX") || tag.equals("VERB"))) {
            changes.add(change(t, irregular, "archaic-eth", "third person singular: " + w + " → " + irregular));
            continue;
          }
          if (tag.equals("VERB") || tag.equals("AUX")) {
            String base = thirdPersonBase(w);
            if (base != null) {
              String eth = Inflection.eth(base);
              changes.add(change(t, eth, "archaic-eth", "third person singular -s → -eth: " + w + " (" + base + ") → " + eth));
              continue;
            }
          }
          String archaic = Archaisms.WORDS.get(w);
          String only = Archaisms.ONLY_AS.get(w);
          if (archaic != null && (only == null || java.util.Arrays.asList(only.split("\\|")).contains(tag))) {
            changes.add(change(t, archaic, "archaism", "archaism table: " + w + " → " + archaic));
          }
        }
      }
    }
    return TransformResult.apply(text, changes);
  }

  /** Rewrites archaic diction as modern; see the class comment. */
  public static TransformResult modernize(String text) {
    Texts.requireText(text);
    List<Change> changes = new ArrayList<>();
    phrases(text, MODERN_PHRASES, "modern-contraction", "modern form", false, changes);
    Map<String, String> apostrophes = new java.util.LinkedHashMap<>();
    MODERN_WORDS.forEach((a, m) -> {
      if (a.contains("'")) apostrophes.put(a, m);
    });
    phrases(text, apostrophes, "modernism", "archaism table, reversed", false, changes);
    List<TaggedToken> tokens = EnglishNlp.tag(text);
    Set<Integer> done = new HashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      TaggedToken t = tokens.get(i);
      if (done.contains(i) || claimed(changes, t) || !t.isWord()) continue;
      String w = lower(t.text());
      switch (w) {
        case "thou" -> {
          changes.add(change(t, "you", "modern-pronoun", "thou → you"));
          int v = wordAfter(tokens, i);
          if (v >= 0) {
            String vw = lower(tokens.get(v).text());
            String modern = MODERN_THOU_VERBS.get(vw);
            if (modern == null) modern = stripEst(vw);
            if (modern != null && !modern.equals(vw)) {
              changes.add(change(tokens.get(v), modern, "modern-verb", "second person singular after thou: " + vw + " → " + modern));
              done.add(v);
            }
          }
        }
        case "thee", "ye" -> changes.add(change(t, "you", "modern-pronoun", w + " → you"));
        case "thy" -> changes.add(change(t, "your", "modern-pronoun", "thy → your"));
        case "thyself" -> changes.add(change(t, "yourself", "modern-pronoun", "thyself → yourself"));
        case "thine" -> {
          String nextTag = i + 1 < tokens.size() ? tokens.get(i + 1).tag() : "";
          boolean beforeNoun = nextTag.equals("NOUN") || nextTag.equals("ADJ") || nextTag.equals("PROPN");
          String to = beforeNoun ? "your" : "yours";
          changes.add(change(t, to, "modern-pronoun", "thine → " + to + (beforeNoun ? " (before a noun)" : " (standing alone)")));
        }
        default -> {
          String irregular = MODERN_THIRD.get(w);
          if (irregular != null) {
            changes.add(change(t, irregular, "modern-s", "third person singular: " + w + " → " + irregular));
            continue;
          }
          String base = ethBase(w);
          if (base != null) {
            String s = Inflection.thirdPerson(base);
            changes.add(change(t, s, "modern-s", "third person singular -eth → -s: " + w + " (" + base + ") → " + s));
            continue;
          }
          String modern = MODERN_WORDS.get(w);
          if (modern != null && !w.contains("'")) {
            changes.add(change(t, modern, "modernism", "archaism table, reversed: " + w + " → " + modern));
          }
        }
      }
    }
    return TransformResult.apply(text, changes);
  }

  /**
   * Drops a phrase into a host text at the word boundary nearest to {@code position} (a character
   * offset into the host, clamped to it). ARCHAIC: the phrase is archaized first (a modern phrase in
   * an archaic voice); MODERN: the phrase goes in as written (a modern phrase inside archaic text,
   * the anachronism left bare). The result reports one insertion; its why lists the rewrites.
   */
  public static TransformResult drop(String host, String phrase, int position, Direction direction) {
    Texts.requireText(host);
    Texts.requireText(phrase);
    int at = boundary(host, Math.max(0, Math.min(host.length(), position)));
    String inserted = phrase.strip();
    String why;
    if (direction == Direction.ARCHAIC) {
      TransformResult r = archaize(inserted);
      inserted = r.text();
      List<String> steps = new ArrayList<>();
      for (Change c : r.changes()) steps.add(c.before() + " → " + c.after());
      why = "dropped in an archaic voice" + (steps.isEmpty() ? " (no rule applied)" : ": " + String.join(", ", steps));
    } else {
      why = "dropped as written: a modern phrase inside the host text";
    }
    // at is 0, the end, or a space that follows a word: the phrase goes in between two spaces.
    String text = at == 0 ? inserted + " " : " " + inserted;
    return TransformResult.apply(host, List.of(new Change(at, at, "", text, "drop", why)));
  }

  /** The nearest offset that is at a space before a word (or the start or end of the text). */
  private static int boundary(String host, int position) {
    if (position <= 0) return 0;
    if (position >= host.length()) return host.length();
    for (int d = 0; d < host.length(); d++) {
      for (int p : new int[] {position - d, position + d}) {
        if (p > 0 && p < host.length() && Character.isWhitespace(host.charAt(p)) && !Character.isWhitespace(host.charAt(p - 1))) return p;
      }
    }
    return host.length();
  }

  // ------------------------------------------------------------------ helpers

  /** Regex pass for multi-word and apostrophe entries; claims spans before the token pass. */
  private static void phrases(String text, Map<String, String> table, String rule, String label, boolean needsWordAfter, List<Change> out) {
    for (var e : table.entrySet()) {
      String from = Pattern.quote(e.getKey()).replace("'", "\\E['’]\\Q");
      Matcher m = Pattern.compile("(?<![\\p{L}'’])" + from + "(?![\\p{L}'’])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text);
      while (m.find()) {
        if (needsWordAfter && !wordFollows(text, m.end())) continue;
        Change c = new Change(m.start(), m.end(), m.group(), Inflection.matchCase(m.group(), e.getValue()), rule,
            label + ": " + e.getKey() + " → " + e.getValue());
        if (out.stream().noneMatch(o -> o.start() < c.end() && c.start() < o.end())) out.add(c);
      }
    }
  }

  private static boolean wordFollows(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) == ' ') i++;
    return i > from && i < text.length() && Character.isLetter(text.charAt(i));
  }

  private static boolean claimed(List<Change> changes, TaggedToken t) {
    for (Change c : changes) if (c.start() < t.end() && t.start() < c.end()) return true;
    return false;
  }

  private static Change change(TaggedToken t, String replacement, String rule, String why) {
    return new Change(t.start(), t.end(), t.text(), Inflection.matchCase(t.text(), replacement), rule, why);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT).replace('’', '\'');
  }

  /** The verb (VERB/AUX) right after token i, over at most one adverb or particle; -1 when none. */
  private static int verbAfter(List<TaggedToken> tokens, int i) {
    for (int j = i + 1; j < tokens.size() && j <= i + 2; j++) {
      String tag = tokens.get(j).tag();
      if (tag.equals("VERB") || tag.equals("AUX")) return j;
      if (!tag.equals("ADV") && !tag.equals("PART")) return -1;
    }
    return -1;
  }

  /** The next word after token i (archaic verbs are often mis-tagged, so any word); -1 when none. */
  private static int wordAfter(List<TaggedToken> tokens, int i) {
    for (int j = i + 1; j < tokens.size() && j <= i + 2; j++) {
      if (tokens.get(j).isWord() && !tokens.get(j).tag().equals("ADV")) return j;
      if (!tokens.get(j).isWord()) return -1;
    }
    return -1;
  }

  private static boolean isVerbLemma(String w) {
    return WordNet.isLemma(w, WordNet.Pos.VERB);
  }

  /** knows → know, goes → go, tries → try: the base whose regular -s form this is, else null. */
  private static String thirdPersonBase(String w) {
    if (!w.endsWith("s") || w.length() < 3) return null;
    for (String base : WordNet.baseForms(w, WordNet.Pos.VERB)) {
      if (!base.equals(w) && Inflection.thirdPerson(base).equals(w)) return base;
    }
    return null;
  }

  /** knowest → know, lovest → love, carriest → carry (verified against WordNet verbs), else null. */
  private static String stripEst(String w) {
    List<String> candidates = new ArrayList<>();
    if (w.endsWith("iest")) candidates.add(w.substring(0, w.length() - 4) + "y");
    if (w.endsWith("est")) candidates.add(w.substring(0, w.length() - 3));
    if (w.endsWith("st")) candidates.add(w.substring(0, w.length() - 2));
    for (String c : candidates) if (c.length() > 1 && isVerbLemma(c) && Inflection.est(c).equals(w)) return c;
    return null;
  }

  /** knoweth → know, maketh → make, trieth → try; null for words that are not such a form. */
  private static String ethBase(String w) {
    if (!w.endsWith("th") || w.length() < 5 || WordNet.senseCount(w) > 0) return null;
    List<String> candidates = new ArrayList<>();
    if (w.endsWith("ieth")) candidates.add(w.substring(0, w.length() - 4) + "y");
    if (w.endsWith("eth")) candidates.add(w.substring(0, w.length() - 3));
    candidates.add(w.substring(0, w.length() - 2));
    for (String c : candidates) if (c.length() > 1 && isVerbLemma(c) && Inflection.eth(c).equals(w)) return c;
    return null;
  }
}
