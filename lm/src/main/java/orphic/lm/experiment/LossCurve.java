package orphic.lm.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import orphic.lm.model.ModelDirectory;
import orphic.lm.train.Trainer;

/**
 * A run's losses against wall-clock seconds and tokens seen, kept in {@value #FILE} of its model
 * directory (train-log.jsonl has steps but neither seconds nor tokens). One JSON line per step
 * ({@code step, seconds, tokens, loss}) and per validation ({@code step, seconds, tokens,
 * train_loss, val_loss}); a resumed run repeats the steps after its last checkpoint, and the last
 * record of a step wins.
 *
 * @param train      the raw training loss of each step
 * @param validation each validation: the smoothed training loss and the validation loss
 */
record LossCurve(List<Point> train, List<Point> validation) {
  static final String FILE = "curve.jsonl";

  /** @param trainLoss the step's loss (train points) or the smoothed one (validation points) */
  record Point(long step, double seconds, long tokens, double trainLoss, double valLoss) {}

  /** Reads a run's curve; an absent file gives an empty curve, a torn last line is skipped. */
  static LossCurve read(Path runDir) throws IOException {
    Path f = runDir.resolve(FILE);
    TreeMap<Long, Point> train = new TreeMap<>(), val = new TreeMap<>();
    if (Files.isRegularFile(f)) {
      ObjectMapper json = new ObjectMapper();
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (line.isBlank()) continue;
        JsonNode n;
        try {
          n = json.readTree(line);
        } catch (IOException torn) {
          continue;
        }
        long step = n.path("step").asLong();
        double seconds = n.path("seconds").asDouble();
        long tokens = n.path("tokens").asLong();
        if (n.has("val_loss")) {
          val.put(step, new Point(step, seconds, tokens, n.path("train_loss").asDouble(Double.NaN), n.path("val_loss").asDouble(Double.NaN)));
        } else if (n.has("loss")) {
          train.put(step, new Point(step, seconds, tokens, n.path("loss").asDouble(Double.NaN), Double.NaN));
        }
      }
    }
    return new LossCurve(List.copyOf(train.values()), List.copyOf(val.values()));
  }

  /** The last validation at or before {@code seconds}, or null. */
  Point validationAt(double seconds) {
    Point best = null;
    for (Point p : validation) if (p.seconds() <= seconds + 1e-9) best = p;
    return best;
  }

  /** Records a run's curve as it trains, passing every event on to {@code next}. */
  static final class Recorder implements Trainer.Listener {
    private final ModelDirectory dir;
    private final Trainer.Listener next;
    private long tokensPerStep;
    private double lastSeconds;
    private boolean sawStep;

    Recorder(ModelDirectory dir, Trainer.Listener next) {
      this.dir = dir;
      this.next = next;
    }

    /** Batch × context, known once the job is prepared. */
    void tokensPerStep(long n) {
      tokensPerStep = n;
    }

    @Override
    public void onStep(Trainer.Progress p) {
      lastSeconds = p.elapsedSeconds();
      sawStep = true;
      dir.appendJsonLine(FILE, ModelDirectory.record("step", p.step(), "seconds", round(p.elapsedSeconds()), "tokens",
          p.step() * tokensPerStep, "loss", round(p.loss())));
      next.onStep(p);
    }

    @Override
    public void onEval(long step, double trainLoss, double valLoss, List<String> samples) {
      // a resumed run that had nothing left to train re-validates: its point is already on file
      if (sawStep) dir.appendJsonLine(FILE, ModelDirectory.record("step", step, "seconds", round(lastSeconds), "tokens", step * tokensPerStep,
          "train_loss", round(trainLoss), "val_loss", round(valLoss)));
      next.onEval(step, trainLoss, valLoss, samples);
    }

    @Override
    public void onMessage(String message) {
      next.onMessage(message);
    }
  }

  private static double round(double x) {
    return Double.isFinite(x) ? Math.round(x * 1e5) / 1e5 : x;
  }

  /** Thins a list to at most {@code max} evenly spaced points, keeping the last. */
  static List<Point> thin(List<Point> points, int max) {
    if (points.size() <= max) return points;
    List<Point> out = new ArrayList<>();
    double every = (double) points.size() / max;
    for (int i = 0; i < max; i++) out.add(points.get((int) (i * every)));
    if (out.getLast() != points.getLast()) out.set(out.size() - 1, points.getLast());
    return out;
  }
}
