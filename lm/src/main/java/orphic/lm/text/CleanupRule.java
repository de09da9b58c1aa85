package orphic.lm.text;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One small repair of generated text, one step of a {@link Cleanup} pipeline. A rule must be
 * idempotent where it can (applying it twice changes nothing more), must return its input unchanged
 * when nothing applies, and must never invent, drop or respell a word of the writer's language
 * other than as its documentation says. The built-in rules are in {@link CleanupRules}.
 */
public interface CleanupRule {
  /** A short stable name ("space-before-punctuation"), used to remove or replace the rule in a pipeline. */
  String name();

  /** The repaired text (never null for a non-null input). */
  String apply(String text);

  /** A rule from a name and a function. */
  static CleanupRule of(String name, UnaryOperator<String> function) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(function, "function");
    return new CleanupRule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String apply(String text) {
        return function.apply(text);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
