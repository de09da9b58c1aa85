package orphic.studio.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import orphic.lm.train.Trainer;

/**
 * Shows training as it goes: on a terminal, one progress line redrawn in place (step, loss,
 * tokens/s, ETA); otherwise plain log lines every few seconds. Validations and samples are
 * printed as full lines in both cases. Writes to stderr so that {@code --json}'s stdout stays
 * clean.
 */
final class TrainingProgress implements Trainer.Listener {
  private final PrintWriter err;
  private final boolean terminal;
  private final boolean quiet;
  private long lastPrint;
  private boolean lineOpen;

  TrainingProgress(PrintWriter err, boolean terminal, boolean quiet) {
    this.err = err;
    this.terminal = terminal;
    this.quiet = quiet;
  }

  @Override
  public void onStep(Trainer.Progress p) {
    long now = System.nanoTime();
    long every = terminal ? 200_000_000L : 5_000_000_000L;
    if (now - lastPrint < every && p.step() != p.totalSteps()) return;
    lastPrint = now;
    String eta = Double.isNaN(p.etaSeconds()) ? "?" : duration(p.etaSeconds());
    String steps = p.totalSteps() > 0 ? p.step() + "/" + p.totalSteps() : Long.toString(p.step());
    String line = String.format(Locale.ROOT, "step %s  loss %.4f  lr %.2e  %,.0f tok/s  elapsed %s  eta %s",
        steps, p.loss(), p.learningRate(), p.tokensPerSecond(), duration(p.elapsedSeconds()), eta);
    if (terminal) {
      int width = 30;
      int filled = p.totalSteps() > 0 ? (int) Math.min(width, width * p.step() / p.totalSteps()) : 0;
      err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + line + "\u001b[K");
      lineOpen = true;
    } else {
      err.println(line);
    }
    err.flush();
  }

  @Override
  public void onEval(long step, double trainLoss, double valLoss, List<String> samples) {
    closeLine();
    err.printf(Locale.ROOT, "step %d: train loss %.4f, validation loss %.4f nats/char (%.3f bits/char)%n",
        step, trainLoss, valLoss, valLoss / Math.log(2));
    if (!quiet) {
      for (String s : samples) err.println("  sample: " + indent(s));
    }
    err.flush();
  }

  @Override
  public void onMessage(String message) {
    closeLine();
    err.println(message);
    err.flush();
  }

  void closeLine() {
    if (lineOpen) {
      err.println();
      lineOpen = false;
    }
  }

  private static String indent(String s) {
    return s.replace("\n", "\n          ");
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
