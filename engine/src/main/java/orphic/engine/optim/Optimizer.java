package orphic.engine.optim;

import java.util.Map;
import orphic.engine.tensor.Tensor;

/**
 * Updates the parameters of a {@link orphic.engine.nn.ParameterStore} from its gradients.
 *
 * <pre>{@code
 * for (long step = 0; step < steps; step++) {
 *   optimizer.zeroGrad();
 *   try (Arena.Scope s = arena.open()) { model.loss(batch).backward(); }
 *   GradClip.clipGlobalNorm(store, 1.0);
 *   optimizer.learningRate(schedule.at(step));
 *   optimizer.step();
 * }
 * }</pre>
 *
 * <p>{@link #state()} and {@link #load} carry everything an update depends on besides the
 * hyperparameters and the learning rate (moments, the step count), so a restored optimizer
 * continues bit for bit.
 */
public interface Optimizer {
  /** Applies one update using the current gradients. */
  void step();

  /** Zeroes all gradients of the store. */
  void zeroGrad();

  /** Sets the learning rate used by the following {@link #step()}s. */
  void learningRate(double lr);

  double learningRate();

  /** Updates taken so far (restored by {@link #load}). */
  long steps();

  /** A copy of the optimizer's state (flat tensors mirroring the store, and {@code "step"}). */
  Map<String, Tensor> state();

  /** Restores a state from {@link #state()}; keys and sizes must match this optimizer's. */
  void load(Map<String, Tensor> state);
}
