package orphic.lm.experiment;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import orphic.engine.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The loss-curve PNGs of a report (XChart): validation and training loss against wall-clock
 * seconds and against tokens seen, one line per run, one colour per variant (seeds differ by dash).
 * Training losses are smoothed (exponential moving average, 0.9) and thinned to 250 points; validation points
 * get markers when a line has at most 40.
 */
final class CurveCharts {
  static final String VAL_SECONDS = "val-loss-seconds.png";
  static final String VAL_TOKENS = "val-loss-tokens.png";
  static final String TRAIN_SECONDS = "train-loss-seconds.png";
  static final String TRAIN_TOKENS = "train-loss-tokens.png";

  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x7f7f7f)};
  private static final java.awt.BasicStroke[] DASHES = {SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT, SeriesLines.DASH_DOT};

  /** One line of a chart. */
  record Line(String label, int variantIndex, int seedIndex, List<LossCurve.Point> points) {}

  private CurveCharts() {}

  /** Draws the four charts into {@code dir}; returns the files written. */
  static List<Path> draw(Path dir, List<Line> validation, List<Line> train) throws IOException {
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    List<Line> smoothTrain = new ArrayList<>();
    for (Line l : train) smoothTrain.add(new Line(l.label(), l.variantIndex(), l.seedIndex(), LossCurve.thin(smooth(l.points()), 250)));
    List<Path> out = new ArrayList<>();
    out.add(save(dir.resolve(VAL_SECONDS), chart("Validation loss against wall-clock time", "seconds", "validation nats/char",
        validation, LossCurve.Point::seconds, LossCurve.Point::valLoss, true)));
    out.add(save(dir.resolve(VAL_TOKENS), chart("Validation loss against tokens seen", "training tokens (millions)", "validation nats/char",
        validation, p -> p.tokens() / 1e6, LossCurve.Point::valLoss, true)));
    out.add(save(dir.resolve(TRAIN_SECONDS), chart("Training loss (smoothed) against wall-clock time", "seconds", "training loss (nats/token)",
        smoothTrain, LossCurve.Point::seconds, LossCurve.Point::trainLoss, false)));
    out.add(save(dir.resolve(TRAIN_TOKENS), chart("Training loss (smoothed) against tokens seen", "training tokens (millions)",
        "training loss (nats/token)", smoothTrain, p -> p.tokens() / 1e6, LossCurve.Point::trainLoss, false)));
    return out;
  }

  private static XYChart chart(String title, String xTitle, String yTitle, List<Line> lines, ToDoubleFunction<LossCurve.Point> x,
      ToDoubleFunction<LossCurve.Point> y, boolean markers) {
    XYChart chart = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    var s = chart.getStyler();
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotGridLinesColor(new Color(0xdddddd));
    s.setAntiAlias(true);
    s.setYAxisDecimalPattern("0.00");
    boolean any = false;
    for (Line l : lines) {
      List<LossCurve.Point> pts = l.points().stream().filter(p -> Double.isFinite(y.applyAsDouble(p))).toList();
      if (pts.isEmpty()) continue;
      double[] xs = pts.stream().mapToDouble(x).toArray();
      double[] ys = pts.stream().mapToDouble(y).toArray();
      XYSeries series = chart.addSeries(l.label(), xs, ys);
      Color c = PALETTE[l.variantIndex() % PALETTE.length];
      series.setLineColor(c);
      series.setMarkerColor(c);
      series.setLineStyle(DASHES[l.seedIndex() % DASHES.length]);
      series.setMarker(markers && pts.size() <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      any = true;
    }
    if (!any) chart.addSeries("no data yet", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
    return chart;
  }

  private static Path save(Path file, XYChart chart) throws IOException {
    var png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", png);
    AtomicFiles.writeBytes(file, png.toByteArray());
    return file;
  }

  private static List<LossCurve.Point> smooth(List<LossCurve.Point> points) {
    List<LossCurve.Point> out = new ArrayList<>(points.size());
    double ema = Double.NaN;
    for (LossCurve.Point p : points) {
      ema = Double.isNaN(ema) ? p.trainLoss() : 0.9 * ema + 0.1 * p.trainLoss();
      out.add(new LossCurve.Point(p.step(), p.seconds(), p.tokens(), ema, p.valLoss()));
    }
    return out;
  }
}
