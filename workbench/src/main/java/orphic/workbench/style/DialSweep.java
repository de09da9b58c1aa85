package orphic.workbench.style;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import orphic.engine.autograd.Autograd;
import orphic.lm.generate.Generator;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.StyleConditioned;
import orphic.lm.tokenize.Tokenizer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The style dial measured: a style-conditioned model's vector moves in {@code points} equal steps
 * from style A (weight 0) to style B (weight 1), v(w) = (1 − w)·A + w·B; at each point N samples
 * are generated (the same seeds at every point, so only the dial differs) and scored by a style
 * detector; a point's score is the mean over its samples. Writes a table, JSON and a PNG plot.
 */
public final class DialSweep {
  private DialSweep() {}

  /** What to generate at each point. */
  public record Settings(int points, int samples, int tokens, String prompt, double temperature, long seed) {
    public Settings {
      if (points < 2) throw new IllegalArgumentException("a sweep needs at least 2 points, got " + points);
      if (samples < 1 || tokens < 1) throw new IllegalArgumentException("samples and tokens must be >= 1, got " + samples + " and " + tokens);
      if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
  }

  /** One dial position: B's weight, the mean detector scores and the samples. */
  public record Point(double weight, Map<String, Double> scores, List<String> samples) {}

  /** The sweep from style {@code from} to style {@code to}. */
  public record Result(String from, String to, List<String> labels, List<Point> points) {
    /** A markdown table: one row per point, one column per detector style. */
    public String table() {
      StringBuilder sb = new StringBuilder("| " + from + " : " + to + " |");
      for (String l : labels) sb.append(' ').append(l).append(" |");
      sb.append("\n|---|");
      sb.append("---:|".repeat(labels.size())).append('\n');
      for (Point p : points) {
        sb.append(String.format(Locale.ROOT, "| %.2f : %.2f |", 1 - p.weight(), p.weight()));
        for (String l : labels) sb.append(String.format(Locale.ROOT, " %.4f |", p.scores().getOrDefault(l, 0.0)));
        sb.append('\n');
      }
      return sb.toString();
    }

    /** As JSON-ready maps: from, to, points (each weight_from, weight_to, scores, samples). */
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("from", from);
      m.put("to", to);
      List<Object> ps = new ArrayList<>();
      for (Point p : points) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("weight_from", 1 - p.weight());
        o.put("weight_to", p.weight());
        o.put("scores", p.scores());
        o.put("samples", p.samples());
        ps.add(o);
      }
      m.put("points", ps);
      return m;
    }
  }

  /**
   * Runs the sweep. {@code scorer}: text → style → score (e.g. {@link StyleDetector#detect}).
   * The model's free style is restored afterwards.
   */
  public static Result run(LanguageModel model, Tokenizer tokenizer, String from, String to, Settings settings,
      Function<String, Map<String, Double>> scorer) {
    StyleConditioned sc = StyleConditioned.of(model);
    if (sc == null) throw new IllegalArgumentException("the model has no styles: train it with --style-conditioning on several corpora");
    float[] a = sc.styleOf(from), b = sc.styleOf(to);
    float[] saved = sc.style();
    int[] prompt = tokenizer.encode(settings.prompt());
    if (prompt.length == 0) throw new IllegalArgumentException("the prompt encodes to no tokens: give text the model's tokenizer knows");
    boolean wasTraining = model.module().isTraining();
    model.module().train(false);
    List<Point> points = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    try (var ng = Autograd.noGrad()) {
      for (int k = 0; k < settings.points(); k++) {
        double w = (double) k / (settings.points() - 1);
        float[] v = new float[a.length];
        for (int i = 0; i < v.length; i++) v[i] = (float) ((1 - w) * a[i] + w * b[i]);
        sc.setStyle(v);
        Map<String, Double> sum = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < settings.samples(); n++) {
          int[] out = new Generator(model).generate(prompt, settings.tokens(), Generator.temperature(settings.temperature(), 0, settings.seed() + n), null);
          String text = tokenizer.decode(out);
          texts.add(text);
          scorer.apply(text).forEach((s, x) -> sum.merge(s, x / settings.samples(), Double::sum));
        }
        for (String s : sum.keySet()) if (!labels.contains(s)) labels.add(s);
        points.add(new Point(w, sum, texts));
      }
    } finally {
      sc.setStyle(saved);
      model.module().train(wasTraining);
    }
    return new Result(from, to, List.copyOf(labels), List.copyOf(points));
  }

  /** Draws each detector style's score against the dial position (B's weight) into {@code png}. */
  public static Path plot(Result r, Path png) throws IOException {
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(800).height(500).title("Style dial: " + r.from() + " → " + r.to())
        .xAxisTitle("dial position (weight of " + r.to() + ")").yAxisTitle("detector score (mean over samples)").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    double[] x = r.points().stream().mapToDouble(Point::weight).toArray();
    for (String l : r.labels()) {
      double[] y = r.points().stream().mapToDouble(p -> p.scores().getOrDefault(l, 0.0)).toArray();
      chart.addSeries(l, x, y).setMarker(SeriesMarkers.CIRCLE);
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    return png;
  }
}
