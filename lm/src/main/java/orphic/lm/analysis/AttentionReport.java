package orphic.lm.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;

/**
 * Attention analysis of a model on one text (what {@code ./orphic inspect} prints): every head's
 * matrix ({@link AttentionExtractor}), its {@link AttentionMetrics}, and optionally a heatmap per
 * head and a text report in an output folder:
 * <pre>
 *   OUT/report.txt                  the table of {@link #text()}
 *   OUT/layer{L}-head{H}.png        one {@link AttentionHeatmap} per head (layers and heads from 0)
 * </pre>
 *
 * @param kind    what the heads are: "content" (gpt), or haze's "rrpram", "content", "hybrid"
 * @param tokens  n, the tokens analysed
 * @param context the model's T (rows past it come from sliding windows)
 * @param heads   one entry per layer and head, layer-major
 */
public record AttentionReport(String arch, String kind, int tokens, int context, double threshold, int band,
    List<Head> heads) {

  /** One head's metrics and, once written, its heatmap's file name. */
  public record Head(int layer, int head, AttentionMetrics metrics, String heatmap) {}

  /** Analyses {@code ids} (no files written). */
  public static AttentionReport analyse(LanguageModel model, int[] ids, double threshold, int band) {
    return analyse(model, ids, threshold, band, null);
  }

  /**
   * Analyses {@code ids}; with {@code out} non-null also writes the heatmaps and report.txt there
   * (the folder is created).
   */
  public static AttentionReport analyse(LanguageModel model, int[] ids, double threshold, int band, Path out) {
    AttentionMatrix[][] m = AttentionExtractor.extract(model, ids);
    ModelConfig c = model.config();
    List<Head> heads = new ArrayList<>();
    for (int l = 0; l < m.length; l++) {
      for (int h = 0; h < m[l].length; h++) {
        String png = null;
        if (out != null) {
          png = String.format(Locale.ROOT, "layer%d-head%d.png", l, h);
          AttentionHeatmap.write(m[l][h], out.resolve(png));
        }
        heads.add(new Head(l, h, AttentionMetrics.of(m[l][h], threshold, band), png));
      }
    }
    String kind = c.arch().equals("haze") ? c.headKind() : "content";
    AttentionReport r = new AttentionReport(c.arch(), kind, ids.length, c.context(), threshold, band, List.copyOf(heads));
    if (out != null) r.writeText(out.resolve("report.txt"));
    return r;
  }

  /** The report as text: what was measured, one line per head, the mean per layer. */
  public String text() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "attention of a %s model (%s heads) over %d tokens, context %d%s%n", arch, kind, tokens,
        context, tokens > context ? " (rows past the context from sliding windows)" : ""));
    if (kind.equals("hybrid")) s.append("hybrid heads: the mixed pattern g·rrpram + (1 − g)·content\n");
    s.append(String.format(Locale.ROOT,
        "sparsity: share of visible weights < %s; locality: mean distance in tokens; entropy: nats per row;%n"
            + "uniformity: entropy / ln(keys seen); diagonal: weight on itself; near-diagonal: on itself and %d before%n%n",
        fmt(threshold), band));
    s.append(String.format(Locale.ROOT, "%-5s %-4s %8s %8s %8s %10s %8s %13s%n", "layer", "head", "sparsity", "locality",
        "entropy", "uniformity", "diagonal", "near-diagonal"));
    int layers = heads.isEmpty() ? 0 : heads.getLast().layer() + 1;
    for (int l = 0; l < layers; l++) {
      double[] mean = new double[6];
      int count = 0;
      for (Head h : heads) {
        if (h.layer() != l) continue;
        AttentionMetrics m = h.metrics();
        s.append(row(String.valueOf(l), String.valueOf(h.head()), m));
        double[] v = {m.sparsity(), m.locality(), m.entropy(), m.uniformity(), m.diagonal(), m.nearDiagonal()};
        for (int k = 0; k < 6; k++) mean[k] += v[k];
        count++;
      }
      for (int k = 0; k < 6; k++) mean[k] /= count;
      s.append(row(String.valueOf(l), "mean", new AttentionMetrics(mean[0], mean[1], mean[2], mean[3], mean[4], mean[5])));
    }
    return s.toString();
  }

  private static String row(String layer, String head, AttentionMetrics m) {
    return String.format(Locale.ROOT, "%-5s %-4s %8.3f %8.2f %8.3f %10.3f %8.3f %13.3f%n", layer, head, m.sparsity(),
        m.locality(), m.entropy(), m.uniformity(), m.diagonal(), m.nearDiagonal());
  }

  private static String fmt(double x) {
    return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
  }

  private void writeText(Path path) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".report", ".txt.tmp");
      try {
        Files.writeString(tmp, text(), StandardCharsets.UTF_8);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report " + path + ": " + e.getMessage(), e);
    }
  }
}
