package orphic.lm.tokenize;

import java.nio.file.Path;
import java.util.List;
import orphic.lm.text.Corpus;
import orphic.lm.text.SharedCorpora;

/**
 * Prints how long BPE training and encoding take on about 1 MB of prose. Not a test (no timing
 * assertions); run it from the test classpath:
 * {@code java -cp lm/target/classes:lm/target/test-classes:<jackson jars> -Dorphic.shared=../shared
 * orphic.lm.tokenize.BpeTrainingBenchmark [chars] [vocab]}.
 */
public final class BpeTrainingBenchmark {
  private BpeTrainingBenchmark() {}

  public static void main(String[] args) {
    int chars = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int vocab = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    Path a = SharedCorpora.find("austen-pride-and-prejudice.txt");
    Path b = SharedCorpora.find("austen-persuasion.txt");
    if (a == null || b == null) {
      System.out.println("shared corpora not found (set -Dorphic.shared=.../shared); nothing to measure");
      return;
    }
    String all = Corpus.read(List.of(a, b)).text();
    String text = all.substring(0, Math.min(chars, all.length()));
    for (int round = 1; round <= 3; round++) {
      long t0 = System.nanoTime();
      BpeTokenizer t = BpeTokenizer.train(text, vocab);
      long t1 = System.nanoTime();
      int[] ids = t.encode(text);
      long t2 = System.nanoTime();
      BpeTokenizer fresh = BpeTokenizer.of(t.merges()); // empty chunk cache
      long t3 = System.nanoTime();
      fresh.encode(text);
      long t4 = System.nanoTime();
      System.out.printf("round %d: %,d chars → bpe:%d trained in %.2f s; encode %,d tokens in %.3f s"
              + " (%.3f s with a cold cache); %.2f chars/token%n",
          round, text.length(), t.vocabSize(), (t1 - t0) / 1e9, ids.length, (t2 - t1) / 1e9,
          (t4 - t3) / 1e9, text.length() / (double) ids.length);
    }
  }
}
