package orphic.engine.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import orphic.engine.tensor.Tensor;

/**
 * A layer or a model: named parameters and child modules, in registration order.
 *
 * <p>Subclasses register what they own in their constructor with {@link #parameter} and {@link
 * #child} (or {@link #children} for a list) and define their own {@code forward}. Names are dotted
 * paths through the tree in the order things were registered ({@code blocks.0.attn.wq.weight}), so
 * they are stable for a given architecture and serve as checkpoint keys.
 *
 * <pre>{@code
 * final class Block extends Module {
 *   private final LayerNorm ln;
 *   private final MLP mlp;
 *   Block(int dim) {
 *     ln = child("ln", new LayerNorm(dim, 1e-5f, true));
 *     mlp = child("mlp", new MLP(dim, 4 * dim, Gelu.Mode.TANH));
 *   }
 *   Tensor forward(Tensor x) { return Ops.add(x, mlp.forward(ln.forward(x))); }  // [B,T,C] → [B,T,C]
 * }
 * var model = new Block(64);
 * model.initialize(42);            // every random parameter drawn from (42, its dotted name)
 * }</pre>
 *
 * <p>Parameters registered with an {@link Init} get construction-time values drawn from their
 * local name only, so sibling modules of one kind start identical until the model calls {@link
 * #initialize(long)}; {@link ParameterStore} refuses a model in that state. Not thread-safe.
 */
public abstract class Module {
  /** A registered parameter; {@code init} is null for one given by value. */
  private static final class Slot {
    final Tensor tensor;
    final Init init;
    /** Holds construction-time random values not yet drawn from a model seed. */
    boolean pending;

    Slot(Tensor tensor, Init init, boolean pending) {
      this.tensor = tensor;
      this.init = init;
      this.pending = pending;
    }
  }

  /** Parameters (as {@link Slot}) and children (as {@link Module}), in registration order. */
  private final LinkedHashMap<String, Object> entries = new LinkedHashMap<>();
  private boolean training = true;

  protected Module() {}

  // ---------------------------------------------------------------- registration

  /**
   * Registers a parameter holding a copy of {@code value} (the copy is returned: use it, not
   * {@code value}). {@link #initialize} leaves it as it is.
   */
  protected final Tensor parameter(String name, Tensor value) {
    Tensor t = value.copy();
    t.requiresGrad(true);
    register(name, new Slot(t, null, false));
    return t;
  }

  /**
   * Registers a parameter of {@code shape} filled by {@code init}; random inits are redrawn by
   * {@link #initialize} from the model seed and the full dotted name.
   */
  protected final Tensor parameter(String name, Init init, int... shape) {
    // A fresh array, never the current arena: parameters outlive every step.
    Tensor t = Tensor.wrap(new float[sizeOf(shape)], 0, shape);
    init.fill(t, Init.seedFor(0, name));
    t.requiresGrad(true);
    register(name, new Slot(t, init, init.isRandom()));
    return t;
  }

  /** Registers {@code module} as the child {@code name} and returns it. */
  protected final <M extends Module> M child(String name, M module) {
    if (module == null) throw new IllegalArgumentException("child '" + name + "' of " + getClass().getSimpleName() + " is null");
    if (module == this) throw new IllegalArgumentException("a module cannot be its own child ('" + name + "')");
    register(name, module);
    return module;
  }

  /** Registers {@code modules} as children {@code name.0}, {@code name.1}, … and returns them. */
  protected final <M extends Module> List<M> children(String name, List<? extends M> modules) {
    ModuleList list = new ModuleList();
    for (int i = 0; i < modules.size(); i++) list.add(Integer.toString(i), modules.get(i));
    register(name, list);
    return List.copyOf(modules);
  }

  /** The container behind {@link #children}: its children are named 0, 1, … */
  private static final class ModuleList extends Module {
    void add(String index, Module m) {
      child(index, m);
    }
  }

  private void register(String name, Object entry) {
    if (name == null || name.isEmpty() || name.indexOf('.') >= 0) {
      throw new IllegalArgumentException("bad name '" + name + "' in " + getClass().getSimpleName() + ": names are non-empty and contain no '.'");
    }
    if (entries.containsKey(name)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " already has a parameter or child named '" + name + "'");
    }
    entries.put(name, entry);
  }

  private static int sizeOf(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) throw new IllegalArgumentException("negative dimension in parameter shape " + Arrays.toString(shape));
      n *= d;
    }
    if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("parameter shape " + Arrays.toString(shape) + " is too large");
    return (int) n;
  }

  // ---------------------------------------------------------------- traversal

  private interface Visitor {
    void parameter(String name, Slot slot);

    default void module(String name, Module m) {}
  }

  private void walk(String prefix, Visitor v) {
    v.module(prefix, this);
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue() instanceof Slot s) v.parameter(name, s);
      else ((Module) e.getValue()).walk(name, v);
    }
  }

  /**
   * Every parameter of this module and its descendants with its dotted name, in registration
   * order. A tensor reachable under two names (a child registered twice) is listed once, under
   * the first.
   */
  public final List<NamedParameter> parameters() {
    List<NamedParameter> out = new ArrayList<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    walk("", (name, slot) -> {
      if (seen.add(slot.tensor)) out.add(new NamedParameter(name, slot.tensor));
    });
    return out;
  }

  /** Number of parameter elements. */
  public final long parameterCount() {
    long n = 0;
    for (NamedParameter p : parameters()) n += p.tensor().size();
    return n;
  }

  /** Names of parameters still holding construction-time random values (see {@link #initialize}). */
  final List<String> uninitialized() {
    List<String> out = new ArrayList<>();
    walk("", (name, slot) -> {
      if (slot.pending) out.add(name);
    });
    return out;
  }

  // ---------------------------------------------------------------- mode

  /** Sets training mode (dropout active) on this module and all descendants; returns this. */
  public Module train(boolean on) {
    walk("", new Visitor() {
      @Override
      public void parameter(String name, Slot slot) {}

      @Override
      public void module(String name, Module m) {
        m.training = on;
      }
    });
    return this;
  }

  public final boolean isTraining() {
    return training;
  }

  // ---------------------------------------------------------------- initialisation

  /**
   * Refills every parameter registered with an {@link Init}: random ones from {@code
   * Init.seedFor(seed, dottedName)}, so the result does not depend on construction order. Names are
   * relative to this module: call it on the model, once, after construction.
   */
  public final void initialize(long seed) {
    walk("", (name, slot) -> {
      if (slot.init == null) return;
      slot.init.fill(slot.tensor, Init.seedFor(seed, name));
      slot.pending = false;
    });
  }

  // ---------------------------------------------------------------- state

  /**
   * The parameters by dotted name, in {@link #parameters()} order. The tensors are the live
   * parameters (no copy): copy them to keep a snapshot.
   */
  public final LinkedHashMap<String, Tensor> stateDict() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    for (NamedParameter p : parameters()) out.put(p.name(), p.tensor());
    return out;
  }

  /**
   * Copies {@code state}'s values into the parameters of the same names. Names must match exactly
   * and shapes must agree; otherwise nothing is copied and the error lists every missing,
   * unexpected and mismatched name.
   */
  public final void loadStateDict(Map<String, Tensor> state) {
    LinkedHashMap<String, Tensor> own = stateDict();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      Tensor given = state.get(e.getKey());
      if (given == null) {
        problems.add("missing: '" + e.getKey() + "' " + Arrays.toString(e.getValue().shape()) + " is not in the given state");
      } else if (!Arrays.equals(given.shape(), e.getValue().shape())) {
        problems.add("shape mismatch: '" + e.getKey() + "' is " + Arrays.toString(e.getValue().shape())
            + " in the model but " + Arrays.toString(given.shape()) + " in the given state");
      }
    }
    for (String name : state.keySet()) {
      if (!own.containsKey(name)) problems.add("unexpected: '" + name + "' is not a parameter of this " + getClass().getSimpleName());
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("cannot load state into " + getClass().getSimpleName() + " (" + problems.size()
          + " problem" + (problems.size() == 1 ? "" : "s") + "; was it saved from a model with another configuration?):\n  "
          + String.join("\n  ", problems));
    }
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      Tensor dst = e.getValue();
      state.get(e.getKey()).copyInto(dst.data(), dst.offset());
    }
    walk("", (name, slot) -> slot.pending = false);
  }

  // ---------------------------------------------------------------- random streams

  /**
   * The position of every deterministic random stream in this tree (e.g. a dropout's call
   * counter), by dotted module name. Saved with the optimizer state, it lets training resume
   * exactly.
   */
  public final LinkedHashMap<String, Long> randomState() {
    LinkedHashMap<String, Long> out = new LinkedHashMap<>();
    walk("", new Visitor() {
      @Override
      public void parameter(String name, Slot slot) {}

      @Override
      public void module(String name, Module m) {
        long p = m.randomPosition();
        if (p >= 0) out.put(name, p);
      }
    });
    return out;
  }

  /** Restores positions saved by {@link #randomState()}; names must match exactly. */
  public final void loadRandomState(Map<String, Long> state) {
    LinkedHashMap<String, Long> own = randomState();
    if (!own.keySet().equals(state.keySet())) {
      throw new IllegalArgumentException("random state names differ: the model has " + own.keySet() + ", the given state " + state.keySet());
    }
    walk("", new Visitor() {
      @Override
      public void parameter(String name, Slot slot) {}

      @Override
      public void module(String name, Module m) {
        if (own.containsKey(name)) m.randomPosition(state.get(name));
      }
    });
  }

  /** Hook for modules that draw random numbers: their stream position (>= 0), or -1 for none. */
  protected long randomPosition() {
    return -1;
  }

  /** Hook: restores a position returned by {@link #randomPosition()}. */
  protected void randomPosition(long position) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no random stream");
  }
}
