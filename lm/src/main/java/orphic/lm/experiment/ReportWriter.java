package orphic.lm.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import orphic.engine.io.AtomicFiles;
import orphic.lm.metrics.MeanAndSpread;
import orphic.lm.train.Presets;
import orphic.lm.train.TrainConfig;

/** Writes an experiment's report.md, results.json, curve CSVs and PNGs from its finished runs. */
final class ReportWriter {
  static final String VAL_CSV = "val-curves.csv";
  static final String TRAIN_CSV = "train-curves.csv";
  private static final double[] QUARTERS = {0.25, 0.5, 0.75, 1.0};
  /** Metrics that have a fixed column (or none); any other metric name gets a column of its own. */
  private static final Set<String> KNOWN = Set.of("val_loss", "top1_accuracy", "ece", "distinct_2", "distinct_3", "novelty", "entropy_rate",
      "void_mass");

  record Written(List<VariantSummary> summary, List<Path> plots, String plotProblem) {}

  private ReportWriter() {}

  static Written write(Path out, Experiment.Setup setup, ObjectNode identity, MachineFacts machine, List<String> order,
      Collection<RunResult> all) throws IOException {
    Map<String, List<RunResult>> byVariant = new LinkedHashMap<>();
    for (String v : order) byVariant.put(v, new ArrayList<>());
    for (RunResult r : all) byVariant.computeIfAbsent(r.variant(), k -> new ArrayList<>()).add(r);
    byVariant.values().removeIf(List::isEmpty);
    byVariant.values().forEach(l -> l.sort(Comparator.comparingLong(RunResult::seed)));

    List<VariantSummary> summary = new ArrayList<>();
    for (var e : byVariant.entrySet()) summary.add(VariantSummary.of(e.getKey(), description(e.getKey()), e.getValue()));

    Map<RunResult, LossCurve> curves = new LinkedHashMap<>();
    List<CurveCharts.Line> val = new ArrayList<>(), train = new ArrayList<>();
    int vi = 0;
    for (var e : byVariant.entrySet()) {
      int si = 0;
      for (RunResult r : e.getValue()) {
        LossCurve c = LossCurve.read(out.resolve(r.dir()));
        curves.put(r, c);
        String label = e.getValue().size() > 1 || setup.seeds() > 1 ? r.dir() : r.variant();
        val.add(new CurveCharts.Line(label, vi, si, c.validation()));
        train.add(new CurveCharts.Line(label, vi, si, c.train()));
        si++;
      }
      vi++;
    }
    writeCsv(out, curves);

    List<Path> plots = List.of();
    String plotProblem = null;
    try {
      plots = CurveCharts.draw(out, val, train);
    } catch (IOException | RuntimeException | LinkageError | InternalError | java.awt.AWTError e) {
      // a machine without fonts or AWT libraries still gets its tables
      plotProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    List<String> extra = new ArrayList<>();
    for (VariantSummary s : summary) {
      for (String k : s.figures().keySet()) {
        if (isMetric(s, k) && !KNOWN.contains(k) && !k.startsWith("corrupt_") && !extra.contains(k)) extra.add(k);
      }
    }
    writeJson(out, setup, identity, machine, byVariant, summary, plots, plotProblem);
    writeMarkdown(out, setup, machine, byVariant, summary, curves, extra, plots, plotProblem);
    return new Written(summary, plots, plotProblem);
  }

  private static boolean isMetric(VariantSummary s, String k) {
    return !List.of("tokens_seen", "steps", "seconds", "tokens_per_second").contains(k);
  }

  private static String description(String variant) {
    try {
      return Variants.forName(variant).description();
    } catch (IllegalArgumentException gone) {
      return ""; // a variant of an earlier invocation whose family is no longer on the class path
    }
  }

  // ------------------------------------------------------------------ results.json

  private static void writeJson(Path out, Experiment.Setup setup, ObjectNode identity, MachineFacts machine,
      Map<String, List<RunResult>> byVariant, List<VariantSummary> summary, List<Path> plots, String plotProblem) throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("format", "orphic-experiment");
    root.put("version", 1);
    root.put("command", setup.command());
    root.put("written", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    root.set("machine", machine.toJson());
    root.set("setup", identity);
    ObjectNode request = root.putObject("request");
    ArrayNode corpus = request.putArray("corpus");
    setup.corpus().forEach(p -> corpus.add(p.toString()));
    ArrayNode variants = request.putArray("variants");
    setup.variants().forEach(variants::add);
    request.put("seeds", setup.seeds());
    request.put("first_seed", setup.firstSeed());
    request.put("warmup_steps", setup.warmupSteps());
    ArrayNode runs = root.putArray("runs");
    byVariant.values().forEach(l -> l.forEach(r -> runs.add(r.toJson())));
    ArrayNode sum = root.putArray("summary");
    for (VariantSummary s : summary) {
      ObjectNode o = sum.addObject();
      o.put("variant", s.variant());
      o.put("description", s.description());
      o.put("runs", s.runs());
      o.put("params", s.params());
      ObjectNode f = o.putObject("figures");
      for (var e : s.figures().entrySet()) {
        ObjectNode m = f.putObject(e.getKey());
        RunResult.number(m, "mean", e.getValue().mean());
        RunResult.number(m, "spread", e.getValue().spread());
        m.put("n", e.getValue().n());
      }
    }
    ArrayNode p = root.putArray("plots");
    plots.forEach(x -> p.add(x.getFileName().toString()));
    if (plotProblem == null) root.putNull("plot_problem");
    else root.put("plot_problem", plotProblem);
    ObjectNode c = root.putObject("curves");
    c.put("validation", VAL_CSV);
    c.put("train", TRAIN_CSV);
    AtomicFiles.writeString(out.resolve(Experiment.RESULTS), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  // ------------------------------------------------------------------ CSV

  private static void writeCsv(Path out, Map<RunResult, LossCurve> curves) throws IOException {
    StringBuilder v = new StringBuilder("run,variant,seed,step,seconds,tokens_seen,train_loss_smoothed,val_loss\n");
    StringBuilder t = new StringBuilder("run,variant,seed,step,seconds,tokens_seen,loss\n");
    for (var e : curves.entrySet()) {
      RunResult r = e.getKey();
      for (LossCurve.Point p : e.getValue().validation()) {
        v.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.3f,%d,%s,%s%n", r.dir(), r.variant(), r.seed(), p.step(), p.seconds(), p.tokens(),
            csv(p.trainLoss()), csv(p.valLoss())));
      }
      for (LossCurve.Point p : e.getValue().train()) {
        t.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.3f,%d,%s%n", r.dir(), r.variant(), r.seed(), p.step(), p.seconds(), p.tokens(),
            csv(p.trainLoss())));
      }
    }
    AtomicFiles.writeString(out.resolve(VAL_CSV), v.toString());
    AtomicFiles.writeString(out.resolve(TRAIN_CSV), t.toString());
  }

  private static String csv(double x) {
    return Double.isFinite(x) ? String.format(Locale.ROOT, "%.5f", x) : "";
  }

  // ------------------------------------------------------------------ report.md

  private static void writeMarkdown(Path out, Experiment.Setup setup, MachineFacts machine, Map<String, List<RunResult>> byVariant,
      List<VariantSummary> summary, Map<RunResult, LossCurve> curves, List<String> extra, List<Path> plots, String plotProblem)
      throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Experiment: ").append(String.join(", ", byVariant.keySet())).append("\n\n");
    md.append("Command:\n\n```\n").append(setup.command().isBlank() ? "(not recorded)" : setup.command()).append("\n```\n\n");
    md.append("- Corpus: ").append(String.join(", ", setup.corpus().stream().map(Path::toString).toList())).append('\n');
    md.append("- Budget per run: ").append(setup.minutes() > 0
        ? fmt("%s min of wall-clock training (the step count is fixed from the speed measured over the first 10 steps; "
            + "validations during training count against it; %d untimed warm-up steps per variant first)", num(setup.minutes()), setup.warmupSteps())
        : fmt("%d steps", setup.steps())).append('\n');
    md.append("- Shared by every run: tokenizer ").append(setup.tokenizer()).append(", batch ")
        .append(setup.batch() == null ? TrainConfig.defaults().batch() : setup.batch()).append(", context ")
        .append(setup.context() == null ? Presets.model("gpt", 2, null, null, null, null, null, null).context() : setup.context())
        .append(", sizes ").append(sizes(setup)).append(" unless the variant sets them; seeds ")
        .append(setup.firstSeed()).append(setup.seeds() > 1 ? "…" + (setup.firstSeed() + setup.seeds() - 1) : "").append('\n');
    md.append("- Machine: ").append(machine.oneLine()).append('\n');
    md.append("- Written: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");

    md.append("## Results\n\n");
    List<Double> corruptions = setup.metrics().corruptions();
    md.append("| variant | params | tokens seen | val nats/char |");
    for (double f : corruptions) md.append(" corrupt ").append(num(f * 100)).append("% |");
    md.append(" ECE | distinct-2 | distinct-3 | novelty | entropy rate | void mass |");
    for (String k : extra) md.append(' ').append(k.replace('_', ' ')).append(" |");
    md.append("\n|---|--:|--:|--:|");
    md.append("--:|".repeat(corruptions.size() + 6 + extra.size())).append('\n');
    for (VariantSummary s : summary) {
      md.append("| ").append(s.variant()).append(" | ").append(fmt("%,d", s.params())).append(" | ")
          .append(human(s.figure("tokens_seen").mean())).append(" | ").append(pm(s.figure("val_loss"), 4)).append(" |");
      for (double f : corruptions) md.append(' ').append(pm(s.figure(ModelMetrics.corruptionKey(f)), 4)).append(" |");
      md.append(' ').append(mean(s.figure("ece"), 4)).append(" | ").append(mean(s.figure("distinct_2"), 3)).append(" | ")
          .append(mean(s.figure("distinct_3"), 3)).append(" | ").append(mean(s.figure("novelty"), 3)).append(" | ")
          .append(mean(s.figure("entropy_rate"), 3)).append(" | ").append(mean(s.figure("void_mass"), 4)).append(" |");
      for (String k : extra) md.append(' ').append(mean(s.figure(k), 4)).append(" |");
      md.append('\n');
    }
    md.append('\n');
    if (setup.minutes() > 0) {
      List<String> over = byVariant.values().stream().flatMap(List::stream)
          .filter(r -> r.seconds() > 1.15 * setup.minutes() * 60).map(RunResult::dir).toList();
      if (!over.isEmpty()) {
        md.append("Note: ").append(String.join(", ", over)).append(" ran more than 15% over the budget (see *seconds* under Runs):"
            + " the step count is fixed early from the speed of training steps alone, so frequent validations push a run past its"
            + " budget. A larger --eval-every keeps runs on budget.\n\n");
      }
    }
    int maxRuns = summary.stream().mapToInt(VariantSummary::runs).max().orElse(0);
    md.append(maxRuns > 1 ? "Figures are means over seeds; ± is the sample standard deviation over seeds.\n"
        : "One seed per variant: no spread to report (run with --seeds 2 or more).\n");
    md.append("""
        *val nats/char*: cross-entropy on every window of the validation split (the last 10% of the corpus), per character. \
        *corrupt P%*: the same on the validation text after P% of its characters were replaced, at seeded random positions, by \
        other characters of the corpus (inputs and targets both corrupted; the same corruption for every run). \
        *ECE*: expected calibration error of the next-token predictions on the clean validation split (top probability against \
        top-1 accuracy, 15 equal-width bins). *distinct-2/3*: distinct word bigrams/trigrams over all n-grams of \
        """).append(setup.metrics().samples()).append(" samples × ").append(setup.metrics().sampleTokens())
        .append(" tokens at temperature ").append(num(setup.metrics().temperature())).append("""
         (fixed prompts and seeds). *novelty*: share of those samples' word trigrams that never occur in the training text \
        (the first 90% of the corpus). *entropy rate*: mean entropy, in bits, of the model's next-token distribution at the \
        positions that predict the samples' tokens. *void mass*: mean attention mass on the void slot, for variants that have one (— otherwise).

        """);

    md.append("## Validation loss over the budget\n\n");
    md.append("The last validation at or before each fraction of the ").append(setup.minutes() > 0 ? "wall-clock budget" : "step budget")
        .append(" (mean over seeds). Every validation is in [").append(VAL_CSV).append("](").append(VAL_CSV).append("), every step's loss in [")
        .append(TRAIN_CSV).append("](").append(TRAIN_CSV).append(").\n\n");
    md.append("| variant |");
    for (double q : QUARTERS) md.append(' ').append(num(q * 100)).append("% |");
    md.append("\n|---|").append("--:|".repeat(QUARTERS.length)).append('\n');
    for (var e : byVariant.entrySet()) {
      md.append("| ").append(e.getKey()).append(" |");
      for (double q : QUARTERS) {
        double[] xs = e.getValue().stream().mapToDouble(r -> lossAt(curves.get(r), setup, q)).toArray();
        md.append(' ').append(mean(MeanAndSpread.of(xs), 4)).append(" |");
      }
      md.append('\n');
    }
    md.append('\n');

    md.append("## Loss curves\n\n");
    if (plotProblem != null) {
      md.append("The plots could not be drawn on this machine (").append(plotProblem).append("); the CSV files above hold the same data.\n\n");
    } else {
      for (Path p : plots) {
        String f = p.getFileName().toString();
        md.append("![").append(f.replace(".png", "").replace('-', ' ')).append("](").append(f).append(")\n\n");
      }
    }

    md.append("## Runs\n\n| run | model | steps | seconds | tokens/s | train loss | best val | val nats/char | top-1 acc |\n");
    md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
    for (List<RunResult> l : byVariant.values()) {
      for (RunResult r : l) {
        md.append(fmt("| [%s](%s/) | %s | %,d | %.1f | %,.0f | %s | %s | %s | %s |%n", r.dir(), r.dir(), r.model(), r.steps(), r.seconds(),
            r.tokensPerSecond(), dec(r.trainLoss(), 4), dec(r.bestValLoss(), 4), dec(r.metric("val_loss"), 4), dec(r.metric("top1_accuracy"), 3)));
      }
    }
    md.append('\n');

    md.append("## Samples\n\nThe first sample of each variant's first run, at temperature ").append(num(setup.metrics().temperature())).append(".\n\n");
    for (var e : byVariant.entrySet()) {
      List<String> samples = e.getValue().getFirst().samples();
      if (samples.isEmpty()) continue;
      String s = samples.getFirst();
      String fence = "`".repeat(Math.max(3, longestRun(s, '`') + 1));
      md.append("### ").append(e.getKey()).append("\n\n").append(fence).append("text\n").append(s).append('\n').append(fence).append("\n\n");
    }
    AtomicFiles.writeString(out.resolve(Experiment.REPORT), md.toString());
  }

  private static double lossAt(LossCurve c, Experiment.Setup setup, double q) {
    if (c == null || c.validation().isEmpty()) return Double.NaN;
    LossCurve.Point best = null;
    for (LossCurve.Point p : c.validation()) {
      boolean within = setup.minutes() > 0 ? p.seconds() <= q * setup.minutes() * 60 + 1e-6 : p.step() <= Math.round(q * setup.steps());
      if (within) best = p;
    }
    // a time-budgeted run ends a little before or after its budget: 100% is its last validation
    if (q == 1.0) best = c.validation().getLast();
    return best == null ? Double.NaN : best.valLoss();
  }

  private static String sizes(Experiment.Setup s) {
    Set<String> parts = new LinkedHashSet<>();
    parts.add("layers " + (s.layers() == null ? "preset" : s.layers()));
    parts.add("heads " + (s.heads() == null ? "preset" : s.heads()));
    parts.add("dim " + (s.dim() == null ? "preset" : s.dim()));
    return String.join(", ", parts);
  }

  private static int longestRun(String s, char c) {
    int best = 0, run = 0;
    for (int i = 0; i < s.length(); i++) {
      run = s.charAt(i) == c ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  }

  static String pm(MeanAndSpread m, int decimals) {
    if (m.n() == 0) return "—";
    return m.n() > 1 ? dec(m.mean(), decimals) + " ± " + dec(m.spread(), decimals) : dec(m.mean(), decimals);
  }

  static String mean(MeanAndSpread m, int decimals) {
    return m.n() == 0 ? "—" : dec(m.mean(), decimals);
  }

  static String dec(double x, int decimals) {
    return Double.isFinite(x) ? String.format(Locale.ROOT, "%." + decimals + "f", x) : "—";
  }

  static String human(double n) {
    if (!Double.isFinite(n)) return "—";
    if (n >= 1e9) return fmt("%.2fG", n / 1e9);
    if (n >= 1e6) return fmt("%.2fM", n / 1e6);
    if (n >= 1e3) return fmt("%.1fk", n / 1e3);
    return fmt("%.0f", n);
  }

  private static String num(double x) {
    return x == Math.rint(x) ? Long.toString(Math.round(x)) : String.format(Locale.ROOT, "%s", Math.round(x * 1e4) / 1e4);
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
