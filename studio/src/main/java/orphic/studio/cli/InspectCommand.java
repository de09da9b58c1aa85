package orphic.studio.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import orphic.lm.analysis.AttentionMetrics;
import orphic.lm.analysis.AttentionReport;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.tokenize.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic inspect}: attention analysis of a model on a text (orphic.lm.analysis). */
@Command(name = "inspect", sortOptions = false,
    description = "Attention analysis: per layer and head sparsity, locality, entropy, diagonality; heatmap PNGs and a report.")
final class InspectCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
  Path model;

  @Option(names = "--text", paramLabel = "TEXT", description = "Text to analyse (any length: past the context the window slides).")
  String text;

  @Option(names = "--text-file", paramLabel = "FILE", description = "Read the text from a UTF-8 file instead of --text.")
  Path textFile;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder for report.txt and layerL-headH.png (default DIR/attention).")
  Path out;

  @Option(names = "--threshold", paramLabel = "TAU", description = "Sparsity threshold: weights below it count as sparse (default 0.01).")
  double threshold = AttentionMetrics.DEFAULT_THRESHOLD;

  @Option(names = "--band", paramLabel = "B", description = "Near-diagonal band: the token and its B predecessors (default 2).")
  int band = AttentionMetrics.DEFAULT_BAND;

  @Option(names = "--json", description = "Last stdout line: JSON with tokens, context, out and heads (layer, head, sparsity, locality, entropy, uniformity, diagonal, near_diagonal, heatmap).")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if ((text == null) == (textFile == null)) throw new ParameterException(spec.commandLine(), "give the text with --text TEXT or --text-file FILE (one of them)");
    if (!(threshold > 0 && threshold <= 1)) throw new ParameterException(spec.commandLine(), "--threshold must be in (0, 1], got " + threshold);
    if (band < 0) throw new ParameterException(spec.commandLine(), "--band must be >= 0, got " + band);
    String t = text != null ? text : Files.readString(textFile);
    ModelDirectory dir = new ModelDirectory(model);
    LanguageModel m = dir.loadModel();
    Tokenizer tokenizer = dir.loadTokenizer();
    int[] ids = tokenizer.encode(t);
    if (ids.length == 0) throw new CommandFailure("the text encodes to no tokens with this model's tokenizer; give some text it knows");
    Path folder = out != null ? out : model.resolve("attention");
    AttentionReport r = AttentionReport.analyse(m, ids, threshold, band, folder);
    PrintWriter report = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
    report.print(r.text());
    report.printf("heatmaps and report.txt in %s%n", folder);
    report.flush();
    if (json) {
      var o = JsonLine.object();
      o.put("arch", r.arch());
      o.put("head_kind", r.kind());
      o.put("tokens", r.tokens());
      o.put("context", r.context());
      o.put("threshold", r.threshold());
      o.put("band", r.band());
      o.put("out", folder.toString());
      var heads = o.putArray("heads");
      for (AttentionReport.Head h : r.heads()) {
        AttentionMetrics x = h.metrics();
        heads.addObject().put("layer", h.layer()).put("head", h.head()).put("sparsity", x.sparsity())
            .put("locality", x.locality()).put("entropy", x.entropy()).put("uniformity", x.uniformity())
            .put("diagonal", x.diagonal()).put("near_diagonal", x.nearDiagonal()).put("heatmap", h.heatmap());
      }
      JsonLine.print(spec.commandLine().getOut(), o);
    }
    return 0;
  }
}
