package orphic.lm.field;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;
import orphic.lm.text.Corpus;
import orphic.lm.text.SharedCorpora;
import orphic.lm.tokenize.Tokenizer;

/**
 * Prints how long building a co-occurrence field and generating from it take on the King James
 * Bible (about 4 MB). Not a test (no timing assertions); run it from the test classpath:
 * {@code java -cp lm/target/classes:lm/target/test-classes:engine/target/classes:<jackson jars>
 * -Dorphic.shared=/work/shared orphic.lm.field.FieldBuildBenchmark [tokenizer] [rounds]}, tokenizer
 * {@code char} (default), {@code char:haze} or {@code bpe:N}.
 */
public final class FieldBuildBenchmark {
  private FieldBuildBenchmark() {}

  public static void main(String[] args) {
    String spec = args.length > 0 ? args[0] : "char";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path kjv = SharedCorpora.find("kjv.txt");
    if (kjv == null) {
      System.out.println("shared corpora not found (set -Dorphic.shared=.../shared); nothing to measure");
      return;
    }
    long t0 = System.nanoTime();
    String text = Corpus.read(kjv).text();
    Tokenizer tokenizer = Tokenizer.train(spec, text);
    int[] ids = tokenizer.encode(text);
    long t1 = System.nanoTime();
    System.out.printf(Locale.ROOT, "%s: %,d chars → %,d tokens (%s, V=%d) read and encoded in %.2f s%n",
        kjv.getFileName(), text.length(), ids.length, spec, tokenizer.vocabSize(), (t1 - t0) / 1e9);
    // CPU time of this thread is less disturbed than wall time on a shared machine.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    CooccurrenceField field = null;
    for (int round = 1; round <= rounds; round++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long a = System.nanoTime();
      field = CooccurrenceField.build(ids, tokenizer.vocabSize());
      long b = System.nanoTime();
      cpu = threads.getCurrentThreadCpuTime() - cpu;
      System.out.printf(Locale.ROOT, "round %d: build %.3f s wall, %.3f s CPU  (%s, %,d co-occurrence pairs,"
          + " %,d trigrams)%n", round, (b - a) / 1e9, cpu / 1e9, field, field.distinctCooccurrences(),
          field.distinctTrigrams());
    }
    int[] seed = tokenizer.encode("And God said");
    for (CooccurrenceField.Mode mode : CooccurrenceField.Mode.values()) {
      int n = 20_000;
      field.generate(seed, 2_000, 0.8, mode, 1); // warm-up
      long a = System.nanoTime();
      int[] out = field.generate(seed, n, 0.8, mode, 42);
      long b = System.nanoTime();
      System.out.printf(Locale.ROOT, "generate %-7s %,d tokens at T=0.8: %.0f tokens/s%n",
          mode.id(), out.length, n / ((b - a) / 1e9));
    }
    int[] sample = field.generate(seed, 300, 0.8, CooccurrenceField.Mode.TRIGRAM, 7);
    int[] all = new int[seed.length + sample.length];
    System.arraycopy(seed, 0, all, 0, seed.length);
    System.arraycopy(sample, 0, all, seed.length, sample.length);
    System.out.println("sample: " + tokenizer.decode(all).replace('\n', ' '));
  }
}
