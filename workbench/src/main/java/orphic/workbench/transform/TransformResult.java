package orphic.workbench.transform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A transformed text with every change that produced it (sorted by source position). */
public record TransformResult(String source, String text, List<Change> changes) {
  public TransformResult {
    changes = List.copyOf(changes);
  }

  /**
   * Applies non-overlapping changes to the source. Changes are sorted by start; two that overlap
   * are a bug in the rule that made them, so they are refused.
   */
  public static TransformResult apply(String source, List<Change> changes) {
    List<Change> sorted = new ArrayList<>(changes);
    sorted.sort(Comparator.comparingInt(Change::start).thenComparingInt(Change::end));
    StringBuilder out = new StringBuilder(source.length() + 16);
    int at = 0;
    for (Change c : sorted) {
      if (c.start() < at) throw new IllegalStateException("overlapping changes at " + c.start() + ": " + sorted);
      if (c.end() > source.length()) throw new IllegalStateException("change past the end of the text: " + c);
      out.append(source, at, c.start()).append(c.after());
      at = c.end();
    }
    out.append(source, at, source.length());
    return new TransformResult(source, out.toString(), sorted);
  }

  /** True when no rule changed anything. */
  public boolean unchanged() {
    return changes.isEmpty();
  }
}
