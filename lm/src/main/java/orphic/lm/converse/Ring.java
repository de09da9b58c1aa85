package orphic.lm.converse;

import java.util.Locale;

/**
 * One overthinking ring: a private generation after a reply, fed back into the field.
 *
 * @param kind echo (paraphrase of the reply's end, low temperature), drift (a tangent from one of
 *     its words, medium) or shard (an abstract note from the strongest theme, high)
 * @param prompt what it started from
 * @param text what it generated
 * @param temperature its sampling temperature
 */
public record Ring(Kind kind, String prompt, String text, double temperature) {
  /** The three rings, in the order they are generated. */
  public enum Kind {
    ECHO(0.5),
    DRIFT(0.9),
    SHARD(1.3);

    private final double temperature;

    Kind(double temperature) {
      this.temperature = temperature;
    }

    public double temperature() {
      return temperature;
    }

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
