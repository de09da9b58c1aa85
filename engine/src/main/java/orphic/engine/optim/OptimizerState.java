package orphic.engine.optim;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import orphic.engine.tensor.Tensor;

/** Copying optimizer state in and out of tensors, with errors that say what did not match. */
final class OptimizerState {
  private OptimizerState() {}

  /** Floats hold integers exactly up to 2^24; beyond that a step count would not round-trip. */
  private static final long MAX_EXACT_STEP = 1L << 24;

  /** A detached copy of {@code values} (never from an arena: state outlives a step). */
  static Tensor copyOf(float[] values) {
    return Tensor.wrap(values.clone(), 0, values.length);
  }

  static Tensor stepTensor(long step) {
    if (step > MAX_EXACT_STEP) throw new IllegalStateException("step count " + step + " exceeds 2^24 and cannot be saved exactly");
    return Tensor.wrap(new float[] {step}, 0, 1);
  }

  static void requireKeys(String optimizer, Map<String, Tensor> state, Set<String> expected) {
    if (!state.keySet().equals(expected)) {
      throw new IllegalArgumentException(optimizer + " state needs exactly the keys " + expected + ", got " + state.keySet()
          + " (was it saved by another optimizer or with other settings?)");
    }
  }

  static long step(String optimizer, Map<String, Tensor> state) {
    Tensor t = state.get("step");
    if (t.size() != 1) throw new IllegalArgumentException(optimizer + " state 'step' must hold one value, has shape " + Arrays.toString(t.shape()));
    float v = t.toArray()[0];
    if (v < 0 || v != Math.rint(v)) throw new IllegalArgumentException(optimizer + " state 'step' must be a count, got " + v);
    return (long) v;
  }

  /** Throws unless {@code state[key]} holds {@code n} values (one per parameter element). */
  static void requireSize(String optimizer, Map<String, Tensor> state, String key, int n) {
    Tensor t = state.get(key);
    if (t.size() != n) {
      throw new IllegalArgumentException(optimizer + " state '" + key + "' holds " + t.size() + " values but the parameter store has "
          + n + " (saved for another model?)");
    }
  }
}
