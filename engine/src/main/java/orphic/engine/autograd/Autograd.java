package orphic.engine.autograd;

import java.util.ArrayList;
import orphic.engine.tensor.Tensor;

/**
 * The tape of reverse-mode automatic differentiation.
 *
 * <p>During a forward pass every op whose output needs a gradient {@link #record}s one {@link
 * Backward} closure. {@link Tensor#backward()} runs them in reverse order and clears the tape. The
 * tape is per thread: a forward and its backward run on one thread (kernels parallelise inside).
 *
 * <p>Inside {@link #noGrad()} nothing is recorded and op outputs do not require gradients: the
 * inference path.
 */
public final class Autograd {
  private Autograd() {}

  /** One op's backward: reads its output's gradient and accumulates into its inputs' gradients. */
  @FunctionalInterface
  public interface Backward {
    void run();
  }

  private static final class State {
    final ArrayList<Backward> tape = new ArrayList<>(256);
    int noGradDepth;
  }

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  /** True if the op being built should record its backward (some input requires a gradient). */
  public static boolean needsGrad(Tensor... inputs) {
    if (STATE.get().noGradDepth > 0) return false;
    for (Tensor t : inputs) if (t != null && t.requiresGrad()) return true;
    return false;
  }

  /** Marks {@code output} as requiring a gradient and records its backward on the tape. */
  public static void record(Tensor output, Backward backward) {
    output.requiresGrad(true);
    STATE.get().tape.add(backward);
  }

  /** Runs the tape in reverse and clears it. Called by {@link Tensor#backward()}. */
  public static void runBackward() {
    ArrayList<Backward> tape = STATE.get().tape;
    try {
      for (int i = tape.size() - 1; i >= 0; i--) tape.get(i).run();
    } finally {
      tape.clear();
    }
  }

  /** Drops anything recorded (e.g. after a forward whose loss is not back-propagated). */
  public static void clearTape() {
    STATE.get().tape.clear();
  }

  /** Number of recorded ops (for tests). */
  public static int tapeSize() {
    return STATE.get().tape.size();
  }

  /** A scope in which nothing is recorded. */
  public static Scope noGrad() {
    State s = STATE.get();
    s.noGradDepth++;
    return () -> s.noGradDepth--;
  }

  public static boolean isGradEnabled() {
    return STATE.get().noGradDepth == 0;
  }

  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
