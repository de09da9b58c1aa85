package orphic.workbench.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Throughput of a {@link SentenceEmbedder}: sentences per second one at a time and through
 * {@code embedAll}, on synthetic sentences of a chosen length built from a fixed word list (seeded,
 * so runs compare). Behind {@code orphic bench embed}.
 */
public final class EmbeddingBenchmark {
  private EmbeddingBenchmark() {}

  /** One measurement: how many sentences, how long they were, and the two rates. */
  public record Result(int sentences, int wordsPerSentence, double singlePerSecond, double batchedPerSecond) {}

  private static final String[] WORDS = (
      "the and of to a in that he it was for on with as his they at be this from have or by one had not but "
      + "light river stone night garden letter morning silence mother winter voice window road heart sea "
      + "walked remembered whispered carried opened believed waited turned answered fell broke gathered "
      + "slowly never always quiet bright ancient small cold strange green distant holy").split(" ");

  /** {@code n} seeded sentences of {@code words} words each. */
  public static List<String> sentences(int n, int words, long seed) {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < words; w++) {
        String word = WORDS[r.nextInt(WORDS.length)];
        sb.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        sb.append(w == words - 1 ? "." : (r.nextInt(8) == 0 ? ", " : " "));
      }
      out.add(sb.toString());
    }
    return out;
  }

  /** Warms up on a few sentences, then times {@code n} single calls and one {@code embedAll} of {@code n}. */
  public static Result run(SentenceEmbedder embedder, int n, int words, long seed) {
    if (n < 1 || words < 1) throw new IllegalArgumentException("need at least one sentence of one word, got n=" + n + ", words=" + words);
    List<String> texts = sentences(n, words, seed);
    for (String t : texts.subList(0, Math.min(8, n))) embedder.embed(t);
    embedder.embedAll(texts.subList(0, Math.min(64, n)));
    long t0 = System.nanoTime();
    for (String t : texts) embedder.embed(t);
    long t1 = System.nanoTime();
    embedder.embedAll(texts);
    long t2 = System.nanoTime();
    return new Result(n, words, n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9));
  }
}
