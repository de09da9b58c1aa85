package orphic.studio.cli;

import java.util.concurrent.Callable;
import orphic.workbench.embed.EmbeddingBenchmark;
import orphic.workbench.embed.MiniLmEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic bench embed}: MiniLM sentence-embedding throughput, one at a time and batched. */
@Command(name = "embed", sortOptions = false,
    description = "Sentence-embedding throughput (all-MiniLM-L6-v2 on ONNX Runtime): sentences/second single and batched.")
final class BenchEmbedCommand implements Callable<Integer> {
  @Option(names = "--sentences", paramLabel = "N", description = "Sentences per timed pass (default ${DEFAULT-VALUE}).", defaultValue = "256")
  int sentences;

  @Option(names = "--words", paramLabel = "W", description = "Words per synthetic sentence (default ${DEFAULT-VALUE}).", defaultValue = "15")
  int words;

  @Option(names = "--batch", paramLabel = "B", description = "Texts per ONNX call when batched (default ${DEFAULT-VALUE}).", defaultValue = "32")
  int batch;

  @Option(names = "--threads", paramLabel = "P", description = "ONNX Runtime threads (default 0: one per core).", defaultValue = "0")
  int threads;

  @Option(names = "--json", description = "Last stdout line: JSON with single_per_second and batched_per_second.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (sentences < 1 || words < 1 || batch < 1 || threads < 0) {
      throw new ParameterException(spec.commandLine(), "--sentences, --words and --batch must be >= 1 and --threads >= 0");
    }
    EmbeddingBenchmark.Result r;
    try (MiniLmEmbedder e = new MiniLmEmbedder(256, threads, batch)) {
      r = EmbeddingBenchmark.run(e, sentences, words, 1);
    }
    var out = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
    out.printf("%d sentences of %d words: %.1f sentences/s one at a time, %.1f sentences/s in batches of %d%n",
        r.sentences(), r.wordsPerSentence(), r.singlePerSecond(), r.batchedPerSecond(), batch);
    out.flush();
    if (json) {
      var j = JsonLine.object();
      j.put("sentences", r.sentences());
      j.put("words", r.wordsPerSentence());
      j.put("batch", batch);
      j.put("single_per_second", r.singlePerSecond());
      j.put("batched_per_second", r.batchedPerSecond());
      JsonLine.print(spec.commandLine().getOut(), j);
    }
    return 0;
  }
}
