package orphic.workbench.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import orphic.lm.sample.SplitMix64;

/**
 * Rule-based destabilisation of a text. Three rules, each reported change by change:
 * <ul>
 *   <li>{@code antonym}: a noun or adjective (UD tags NOUN, ADJ from OpenNLP) becomes its WordNet
 *       antonym, keeping plural, comparative and superlative forms ("the hot day" → "the cold day",
 *       "hotter" → "colder"); adjectives without a direct antonym use an indirect one through
 *       "similar to" ("scorching" → "cold").
 *   <li>{@code synesthesia}: an adjective in the {@link Synesthesia} table moves one sense along
 *       ("bright" → "loud").
 *   <li>{@code term-injection}: after a noun (the last of a run of nouns), " of TERM" with a term from
 *       the given list ("the day" → "the day of debt").
 * </ul>
 * A word is eligible when at least one allowed rule applies to it. Each eligible word, in text order,
 * draws three numbers from a SplitMix64 stream seeded by the settings: whether it changes
 * (draw &lt; rate), which applicable rule fires, which term is injected. The draws do not depend on
 * the rate, so a higher rate changes a superset of the words a lower one changes (same seed).
 * Case is matched to the original word; everything else (punctuation, spacing, other words) is kept.
 */
public final class ParadoxEngine {
  /** The rules, with the names used in reports and JSON. */
  public enum Rule {
    ANTONYM("antonym"), SYNESTHESIA("synesthesia"), TERM_INJECTION("term-injection");

    private final String label;

    Rule(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** Parses a label ("antonym", "synesthesia", "term-injection"). */
    public static Rule parse(String s) {
      for (Rule r : values()) if (r.label.equalsIgnoreCase(s.strip()) || r.name().equalsIgnoreCase(s.strip())) return r;
      throw new IllegalArgumentException("unknown paradox rule '" + s + "'; use antonym, synesthesia or term-injection");
    }
  }

  private ParadoxEngine() {}

  /** Transforms the text; see the class comment. Throws IllegalArgumentException on an empty text. */
  public static TransformResult apply(String text, ParadoxSettings settings) {
    Texts.requireText(text);
    List<TaggedToken> tokens = EnglishNlp.tag(text);
    SplitMix64 rng = new SplitMix64(settings.seed());
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      TaggedToken t = tokens.get(i);
      List<Change> options = candidates(tokens, i, settings);
      if (options.isEmpty()) continue;
      double fire = rng.nextDouble();
      double which = rng.nextDouble();
      double term = rng.nextDouble();
      if (fire >= settings.rate()) continue;
      Change c = options.get(Math.min(options.size() - 1, (int) (which * options.size())));
      if (c.rule().equals(Rule.TERM_INJECTION.label())) {
        String chosen = settings.terms().get(Math.min(settings.terms().size() - 1, (int) (term * settings.terms().size())));
        c = new Change(t.end(), t.end(), "", " of " + chosen, c.rule(),
            "lexicon term '" + chosen + "' attached to the noun '" + t.text() + "'");
      }
      changes.add(c);
      if (c.start() != c.end() && i > 0) article(tokens.get(i - 1), c).ifPresent(changes::add);
    }
    return TransformResult.apply(text, changes);
  }

  /** "a"/"an" before a replaced word, made to agree with the replacement ("an old man" → "a young woman"). */
  private static Optional<Change> article(TaggedToken before, Change c) {
    String a = before.text().toLowerCase(Locale.ROOT);
    if (!a.equals("a") && !a.equals("an") || c.after().isEmpty()) return Optional.empty();
    String needed = "aeiou".indexOf(Character.toLowerCase(c.after().charAt(0))) >= 0 ? "an" : "a";
    if (needed.equals(a)) return Optional.empty();
    return Optional.of(new Change(before.start(), before.end(), before.text(), Inflection.matchCase(before.text(), needed),
        ARTICLE, "article agreement with '" + c.after() + "'"));
  }

  /** The rule name of the article fix that follows a replacement (not a rule of its own: never counted as eligible). */
  public static final String ARTICLE = "article";

  /** The changes each applicable rule would make to token i (the injection's term is filled in later). */
  static List<Change> candidates(List<TaggedToken> tokens, int i, ParadoxSettings settings) {
    TaggedToken t = tokens.get(i);
    List<Change> out = new ArrayList<>(3);
    if (!t.isWord()) return out;
    boolean noun = t.tag().equals("NOUN");
    boolean adjective = t.tag().equals("ADJ");
    if (noun && WordNet.baseForms(t.text(), WordNet.Pos.NOUN).isEmpty() && !WordNet.baseForms(t.text(), WordNet.Pos.ADJECTIVE).isEmpty()) {
      // The tagger calls some adjectives nouns ("the hotter days"); WordNet knows no such noun.
      noun = false;
      adjective = true;
    }
    if (settings.rules().contains(Rule.ANTONYM) && (noun || adjective)) {
      antonymOf(t.text(), noun ? WordNet.Pos.NOUN : WordNet.Pos.ADJECTIVE).ifPresent(r ->
          out.add(new Change(t.start(), t.end(), t.text(), Inflection.matchCase(t.text(), r[0]), Rule.ANTONYM.label(), r[1])));
    }
    if (settings.rules().contains(Rule.SYNESTHESIA) && adjective) {
      Synesthesia.swap(t.text()).ifPresent(s ->
          out.add(new Change(t.start(), t.end(), t.text(), Inflection.matchCase(t.text(), s.replacement()), Rule.SYNESTHESIA.label(), s.explain())));
    }
    boolean lastNoun = i + 1 >= tokens.size() || !tokens.get(i + 1).tag().equals("NOUN");
    if (settings.rules().contains(Rule.TERM_INJECTION) && !settings.terms().isEmpty() && noun && lastNoun) {
      out.add(new Change(t.end(), t.end(), "", "", Rule.TERM_INJECTION.label(), ""));
    }
    return out;
  }

  /**
   * The inflected antonym of a word and the reason, or empty. The word's base forms come from
   * WordNet's morphology; a base form counts only when the word is that base with a regular
   * inflection (plural; comparative, superlative), which the antonym then receives.
   */
  static Optional<String[]> antonymOf(String word, WordNet.Pos pos) {
    String w = word.toLowerCase(Locale.ROOT).replace('’', '\'');
    List<String> bases = new ArrayList<>(WordNet.baseForms(w, pos));
    bases.sort((a, b) -> Boolean.compare(a.equals(w), b.equals(w))); // a real inflection first: "days" → "day"
    for (String base : bases) {
      String form = formOf(w, base, pos);
      if (form == null) continue;
      Optional<WordNet.Antonym> a = WordNet.antonym(base, pos);
      if (a.isEmpty()) continue;
      String ant = a.get().antonym();
      String inflected = switch (form) {
        case "plural" -> Inflection.plural(ant);
        case "comparative" -> ant.contains(" ") ? null : Inflection.comparative(ant);
        case "superlative" -> ant.contains(" ") ? null : Inflection.superlative(ant);
        default -> ant;
      };
      if (inflected == null) continue;
      String why = a.get().explain() + (form.equals("base") ? "" : "; " + form + " kept");
      return Optional.of(new String[] {inflected, why});
    }
    return Optional.empty();
  }

  private static String formOf(String word, String base, WordNet.Pos pos) {
    if (word.equals(base)) return "base";
    if (pos == WordNet.Pos.NOUN && word.equals(Inflection.plural(base))) return "plural";
    if (pos == WordNet.Pos.ADJECTIVE && word.equals(Inflection.comparative(base))) return "comparative";
    if (pos == WordNet.Pos.ADJECTIVE && word.equals(Inflection.superlative(base))) return "superlative";
    return null;
  }
}
