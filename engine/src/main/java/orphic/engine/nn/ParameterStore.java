package orphic.engine.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import orphic.engine.tensor.Tensor;

/**
 * All parameters of a model in one float arena and all their gradients in another, llm.c style.
 *
 * <p>Construction moves every parameter of the module ({@link Module#parameters()} order) into
 * {@link #data()} with {@link Tensor#relocate}, and points its gradient at the same offsets of
 * {@link #grad()}. Ops keep working on the parameter tensors as before; their backward passes now
 * accumulate straight into the flat gradient array, and an optimizer updates the whole model with
 * one loop over {@code [0, size())}. Each parameter is a {@link Segment}: its name, position, shape
 * and whether weight decay applies to it.
 *
 * <p>Build one store per model, after initialisation or loading and before training. Do not call
 * {@link Tensor#clearGrad()} on a packed parameter: that detaches it from {@link #grad()}.
 */
public final class ParameterStore {
  /** One parameter's place in the arenas: elements {@code [offset, offset + size)}. */
  public record Segment(String name, Tensor tensor, int offset, int size, int[] shape, boolean decay) {
    @Override
    public int[] shape() {
      return shape.clone();
    }

    @Override
    public String toString() {
      return name + Arrays.toString(shape) + "@" + offset + (decay ? " decay" : "");
    }
  }

  /**
   * The usual weight-decay rule: decay matrices and embedding tables (rank >= 2), not biases and
   * norm gains.
   */
  public static final Predicate<NamedParameter> DECAY_MATRICES = p -> p.tensor().rank() >= 2;

  /** Decay every parameter (to match a reference that does). */
  public static final Predicate<NamedParameter> DECAY_ALL = p -> true;

  private final float[] data;
  private final float[] grad;
  private final List<Segment> segments;

  /** Packs {@code module}'s parameters, decaying matrices only ({@link #DECAY_MATRICES}). */
  public ParameterStore(Module module) {
    this(module, DECAY_MATRICES);
  }

  /** Packs {@code module}'s parameters; {@code decay} picks those weight decay applies to. */
  public ParameterStore(Module module, Predicate<NamedParameter> decay) {
    List<String> pending = module.uninitialized();
    if (!pending.isEmpty()) {
      throw new IllegalStateException("parameters " + pending + " still hold construction-time values (identical across sibling modules):"
          + " call initialize(seed) or loadStateDict(...) on the model before building its ParameterStore");
    }
    List<NamedParameter> params = module.parameters();
    long total = 0;
    for (NamedParameter p : params) total += p.tensor().size();
    if (total > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("a model of " + total + " parameters does not fit one float array");
    data = new float[(int) total];
    grad = new float[(int) total];
    List<Segment> segs = new ArrayList<>(params.size());
    int offset = 0;
    for (NamedParameter p : params) {
      Tensor t = p.tensor();
      // Any gradient accumulated so far comes along (relocate copies it).
      t.relocate(data, offset, grad, offset);
      segs.add(new Segment(p.name(), t, offset, t.size(), t.shape(), decay.test(p)));
      offset += t.size();
    }
    segments = List.copyOf(segs);
  }

  /** All parameter values, segment after segment. */
  public float[] data() {
    return data;
  }

  /** All gradients, laid out like {@link #data()}. */
  public float[] grad() {
    return grad;
  }

  /** Number of parameter elements. */
  public int size() {
    return data.length;
  }

  /** The segments in arena order. */
  public List<Segment> segments() {
    return segments;
  }

  /** The segment of the parameter {@code name}. */
  public Segment segment(String name) {
    for (Segment s : segments) if (s.name().equals(name)) return s;
    throw new IllegalArgumentException("no parameter named '" + name + "' in this store");
  }

  /** Zeroes every gradient. */
  public void zeroGrad() {
    Arrays.fill(grad, 0f);
  }
}
