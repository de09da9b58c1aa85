package orphic.studio.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import orphic.lm.sample.TokenStats;

/** The lines printed after a generation: the statistics line and, with /probs, the alternatives per token. */
public final class GenerationReport {
  private GenerationReport() {}

  /** Alternatives shown per token by /probs (the chosen one marked among them). */
  public static final int PROBS_SHOWN = 5;

  /**
   * One line: tokens, tokens/s, mean entropy (bits) and mean probability of the chosen tokens,
   * temperature range, seed; "cancelled" when Ctrl-C stopped it.
   */
  public static String statsLine(ReplGenerator.Result r) {
    List<TokenStats> s = r.stats();
    StringBuilder sb = new StringBuilder();
    sb.append(r.tokens()).append(r.tokens() == 1 ? " token" : " tokens");
    sb.append(String.format(Locale.ROOT, " · %.1f tokens/s", r.seconds() > 0 ? r.tokens() / r.seconds() : 0.0));
    if (!s.isEmpty()) {
      double entropy = 0, p = 0;
      double tMin = Double.POSITIVE_INFINITY, tMax = Double.NEGATIVE_INFINITY;
      for (TokenStats t : s) {
        entropy += t.entropyBits();
        p += t.p();
        tMin = Math.min(tMin, t.temperature());
        tMax = Math.max(tMax, t.temperature());
      }
      sb.append(String.format(Locale.ROOT, " · entropy %.2f bits · p %.3f · temperature ", entropy / s.size(), p / s.size()));
      sb.append(tMin == tMax ? String.format(Locale.ROOT, "%.2f", tMin) : String.format(Locale.ROOT, "%.2f–%.2f", tMin, tMax));
    }
    sb.append(" · seed ").append(r.seed());
    if (r.cancelled()) sb.append(" · cancelled");
    else if (r.reason() != orphic.lm.sample.GenerationLoop.StopReason.LENGTH) {
      sb.append(" · stopped: ").append(r.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
    return sb.toString();
  }

  /**
   * One line per token: the token, its probability, the entropy and temperature of its step, and
   * the most probable alternatives of the final distribution (the chosen one in brackets).
   */
  public static List<String> probsLines(ReplGenerator.Result r) {
    List<String> lines = new ArrayList<>(r.stats().size());
    int n = 0;
    for (TokenStats t : r.stats()) {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%4d %-8s p %.3f  H %.2f  T %.2f  |", ++n, quote(t.text()), t.p(), t.entropyBits(), t.temperature()));
      int shown = 0;
      for (TokenStats.Alternative a : t.top()) {
        if (shown++ == PROBS_SHOWN) break;
        String item = quote(a.text()) + String.format(Locale.ROOT, " %.3f", a.p());
        sb.append(' ').append(a.id() == t.id() ? "[" + item + "]" : item);
      }
      lines.add(sb.toString());
    }
    return lines;
  }

  /** A token's text quoted, with line ends and other control characters made visible. */
  static String quote(String text) {
    if (text == null) return "?";
    StringBuilder sb = new StringBuilder("\"");
    text.codePoints().forEach(c -> {
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (Character.isISOControl(c)) sb.append(String.format(Locale.ROOT, "\\u%04x", c));
          else sb.appendCodePoint(c);
        }
      }
    });
    return sb.append('"').toString();
  }
}
