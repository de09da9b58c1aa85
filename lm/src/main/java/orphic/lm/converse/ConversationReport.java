package orphic.lm.converse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a conversation did, per turn, and what its mechanisms measurably changed.
 *
 * <p><b>Measures</b> (word level, {@link Words#of}):
 * <ul>
 *   <li><b>ring share</b> of a run against a ring source: over turns 2…n, the share of reply word
 *       2-grams that occur in the generated text (not the prompt) of a ring of an earlier turn of
 *       the source. A run with rings is measured
 *       against its own rings; the run without rings against the same rings (it never saw them), so
 *       the difference is what feeding the rings into the field did, beyond chance overlap.
 *   <li><b>ring-only share</b>: the same, counting only reply 2-grams that occur neither in the
 *       corpus nor in any message, so that a hit can only have come from a ring.
 *   <li><b>user-word share</b>: the share of reply words that are user-introduced words (content
 *       words of the messages absent from the corpus: the lexicon's entries), for the run with
 *       growth and the run without.
 *   <li><b>changed replies</b>: how many replies differ from the full run's.
 * </ul>
 */
public final class ConversationReport {
  private ConversationReport() {}

  /** One effect: the share with the mechanism, without it, and the counts behind them. */
  public record Effect(String name, double with, double without, int withHits, int withTotal, int withoutHits,
      int withoutTotal, int changedReplies) {}

  /**
   * Reply word 2-grams (turns ≥ 2) found in the generated text of rings of earlier turns of
   * {@code ringSource}, and all reply 2-grams considered; 2-grams in {@code exclude} are left out of
   * both counts (pass the corpus's and the messages' 2-grams to count only what nothing but a ring
   * could have supplied).
   */
  public static int[] ringHits(List<Turn> run, List<Turn> ringSource, Set<String> exclude) {
    int hits = 0, total = 0;
    for (Turn turn : run) {
      Set<String> ringGrams = new HashSet<>();
      for (Turn earlier : ringSource) {
        if (earlier.index() >= turn.index()) break;
        for (Ring r : earlier.rings()) ringGrams.addAll(bigrams(r.text()));
      }
      if (turn.index() < 2) continue;
      for (String g : bigrams(turn.reply())) {
        if (exclude.contains(g)) continue;
        total++;
        if (ringGrams.contains(g)) hits++;
      }
    }
    return new int[] {hits, total};
  }

  /** The word 2-grams of a text ("a b"), as the measures count them. */
  public static Set<String> bigramSet(String text) {
    return new HashSet<>(bigrams(text));
  }

  /** Reply words that are among {@code userWords}, and all reply words. */
  public static int[] userWordHits(List<Turn> run, Set<String> userWords) {
    int hits = 0, total = 0;
    for (Turn turn : run) {
      for (String w : Words.of(turn.reply())) {
        total++;
        if (userWords.contains(w)) hits++;
      }
    }
    return new int[] {hits, total};
  }

  /** The user-introduced words of a run with growth: every word that entered its lexicon. */
  public static Set<String> userWords(List<Turn> run) {
    Set<String> out = new LinkedHashSet<>();
    for (Turn t : run) out.addAll(t.newWords());
    return out;
  }

  /** The ring effect: {@code full} (rings on) against {@code noRings}, both measured on full's rings. */
  public static Effect ringEffect(List<Turn> full, List<Turn> noRings) {
    return ringEffect("ring 2-grams in replies", full, noRings, Set.of());
  }

  /**
   * The ring effect counting only 2-grams that are neither in the corpus nor in any message: what
   * only a ring can have put into the field.
   */
  public static Effect ringOnlyEffect(List<Turn> full, List<Turn> noRings, String corpus) {
    Set<String> exclude = bigramSet(corpus);
    for (Turn t : full) exclude.addAll(bigramSet(t.message()));
    return ringEffect("ring-only 2-grams", full, noRings, exclude);
  }

  private static Effect ringEffect(String name, List<Turn> full, List<Turn> noRings, Set<String> exclude) {
    int[] a = ringHits(full, full, exclude), b = ringHits(noRings, full, exclude);
    return new Effect(name, share(a), share(b), a[0], a[1], b[0], b[1], changed(full, noRings));
  }

  /** The growth effect: {@code full} (growth on) against {@code noGrowth}, on full's user words. */
  public static Effect growthEffect(List<Turn> full, List<Turn> noGrowth) {
    Set<String> user = userWords(full);
    int[] a = userWordHits(full, user), b = userWordHits(noGrowth, user);
    return new Effect("user words in replies", share(a), share(b), a[0], a[1], b[0], b[1], changed(full, noGrowth));
  }

  private static int changed(List<Turn> a, List<Turn> b) {
    int n = 0;
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) if (!a.get(i).reply().equals(b.get(i).reply())) n++;
    return n;
  }

  private static double share(int[] hitsTotal) {
    return hitsTotal[1] == 0 ? 0 : (double) hitsTotal[0] / hitsTotal[1];
  }

  private static List<String> bigrams(String text) {
    List<String> w = Words.of(text);
    List<String> out = new ArrayList<>();
    for (int i = 0; i + 1 < w.size(); i++) out.add(w.get(i) + " " + w.get(i + 1));
    return out;
  }

  // ------------------------------------------------------------------ presentation

  /** The themes of a turn as "name↑ 0.42, name↓ 0.10" (↑ emerging, ↓ fading, · steady), at most 3. */
  public static String themesLine(Turn t) {
    List<String> parts = new ArrayList<>();
    for (ThemeFlow.Theme th : t.themes().subList(0, Math.min(3, t.themes().size()))) {
      String arrow = switch (th.trend()) {
        case "emerging" -> "↑";
        case "fading" -> "↓";
        default -> "·";
      };
      parts.add(String.format(Locale.ROOT, "%s%s %.2f", th.name(), arrow, th.strength()));
    }
    return String.join(", ", parts);
  }

  /** A markdown table: turn, message, reply, pulse, seed, expert, themes, origin. */
  public static String markdown(List<Turn> turns) {
    StringBuilder sb = new StringBuilder();
    sb.append("| # | message | reply | novelty | arousal | entropy | seed | expert | themes (↑ emerging ↓ fading) | origin |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Turn t : turns) {
      sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %.2f | %.2f | %.2f | %s | %s | %s | %.2f |%n", t.index(),
          cell(t.message()), cell(t.reply()), t.pulse().novelty(), t.pulse().arousal(), t.pulse().entropy(),
          cell(t.seed()), t.expert().id(), cell(themesLine(t)), t.originStrength()));
    }
    return sb.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ⏎ ");
  }

  /** A turn as a JSON-ready map (snake_case keys). */
  public static Map<String, Object> toMap(Turn t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("turn", t.index());
    m.put("message", t.message());
    m.put("reply", t.reply());
    m.put("seed", t.seed());
    m.put("centre", t.centre());
    Map<String, Object> pulse = new LinkedHashMap<>(); // ordered: the same JSON text on every run
    pulse.put("novelty", t.pulse().novelty());
    pulse.put("arousal", t.pulse().arousal());
    pulse.put("entropy", t.pulse().entropy());
    pulse.put("entropy_bits", t.pulse().entropyBits());
    m.put("pulse", pulse);
    m.put("expert", t.expert().id());
    List<Map<String, Object>> themes = new ArrayList<>();
    for (ThemeFlow.Theme th : t.themes()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("name", th.name());
      o.put("words", th.words());
      o.put("strength", th.strength());
      o.put("slope", th.slope());
      o.put("trend", th.trend());
      themes.add(o);
    }
    m.put("themes", themes);
    m.put("origin_strength", t.originStrength());
    List<Map<String, Object>> rings = new ArrayList<>();
    for (Ring r : t.rings()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("kind", r.kind().id());
      o.put("prompt", r.prompt());
      o.put("text", r.text());
      o.put("temperature", r.temperature());
      rings.add(o);
    }
    m.put("rings", rings);
    m.put("new_words", t.newWords());
    m.put("lexicon", t.lexicon());
    m.put("reply_tokens", t.replyTokens());
    return m;
  }

  /** An effect as a JSON-ready map. */
  public static Map<String, Object> toMap(Effect e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", e.name());
    m.put("with", e.with());
    m.put("without", e.without());
    m.put("with_hits", e.withHits());
    m.put("with_total", e.withTotal());
    m.put("without_hits", e.withoutHits());
    m.put("without_total", e.withoutTotal());
    m.put("changed_replies", e.changedReplies());
    return m;
  }
}
