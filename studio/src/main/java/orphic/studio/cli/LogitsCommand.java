package orphic.studio.cli;

import java.io.PrintWriter;
import java.util.Locale;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Scoring;
import orphic.lm.tokenize.Tokenizer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orphic logits}: raw next-token logits, for conformance checks and research. */
@Command(name = "logits", sortOptions = false,
    description = "Print a model's next-token logits at every position of a text.")
final class LogitsCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
  Path model;

  @Option(names = "--text", required = true, paramLabel = "TEXT", description = "Text to score.")
  String text;

  @Option(names = "--json", description = "Last stdout line: JSON with ids and logits (one vocabulary-size list per position).")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ModelDirectory dir = new ModelDirectory(model);
    LanguageModel m = dir.loadModel();
    Tokenizer tokenizer = dir.loadTokenizer();
    int[] ids = tokenizer.encode(text);
    float[][] logits = Scoring.logits(m, ids);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      var o = JsonLine.object();
      var idArray = o.putArray("ids");
      for (int id : ids) idArray.add(id);
      var rows = o.putArray("logits");
      for (float[] row : logits) {
        var r = rows.addArray();
        for (float f : row) r.add(f);
      }
      JsonLine.print(out, o);
      return 0;
    }
    for (int i = 0; i < ids.length; i++) {
      float[] row = logits[i];
      Integer[] order = new Integer[row.length];
      for (int j = 0; j < order.length; j++) order[j] = j;
      java.util.Arrays.sort(order, (a, b) -> Float.compare(row[b], row[a]));
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < Math.min(5, order.length); j++) {
        sb.append(String.format(Locale.ROOT, "  %s %.3f", quote(tokenizer.tokenText(order[j])), row[order[j]]));
      }
      out.printf(Locale.ROOT, "%4d %-8s ->%s%n", i, quote(tokenizer.tokenText(ids[i])), sb);
    }
    out.flush();
    return 0;
  }

  private static String quote(String s) {
    return "'" + s.replace("\n", "\\n") + "'";
  }
}
