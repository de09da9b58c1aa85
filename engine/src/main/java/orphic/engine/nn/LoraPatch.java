package orphic.engine.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;

/**
 * Puts LoRA adapters into a module by rewriting its target matrices in place:
 * W = W₀ + Σᵢ wᵢ·(αᵢ/rᵢ)·Bᵢ·Aᵢ, with W₀ the module's own values, kept aside the first time a
 * matrix is touched.
 *
 * <p>Why rewrite the weights rather than add x·Aᵀ·Bᵀ inside each layer: the model's forward stays
 * exactly as it is (every architecture, every decoder, the KV-cache packing included), and the
 * result is the same linear map, x·(W₀ + ΔW)ᵀ = x·W₀ᵀ + x·ΔWᵀ. Re-applying a mix costs R·C·r
 * multiply-adds per matrix, far less than one forward pass, so sliders can move freely.
 *
 * <p>Training through a patch: {@link #freezeFor} leaves gradients on the target matrices only,
 * and {@link #recordGradients} puts one step on the autograd tape, before the forward pass, so it
 * runs last in the backward pass: it turns each target's gradient G = ∂L/∂W into
 * ∂L/∂A = s·Bᵀ·G and ∂L/∂B = s·G·Aᵀ, then clears G. The optimizer sees only A and B.
 *
 * <p>Weights that are exactly 0 are skipped, so a mix with one adapter at weight 1 and the others
 * at 0 is bit for bit that adapter alone. Not thread-safe (it writes the module's parameters).
 */
public final class LoraPatch {
  private final Module base;
  private final LinkedHashMap<String, Tensor> params;
  private final LinkedHashMap<String, float[]> originals = new LinkedHashMap<>();
  private final Tensor marker = Tensor.wrap(new float[1], 0, 1);

  public LoraPatch(Module base) {
    this.base = base;
    this.params = base.stateDict();
  }

  public Module base() {
    return base;
  }

  /**
   * Sets every target of {@code adapters} to W₀ + Σᵢ weights[i]·ΔWᵢ, and every matrix an earlier
   * call changed but this one does not target back to W₀.
   */
  public void apply(List<LoraWeights> adapters, float[] weights) {
    if (weights.length != adapters.size()) {
      throw new IllegalArgumentException(adapters.size() + " adapters but " + weights.length + " weights");
    }
    Set<String> touched = new LinkedHashSet<>();
    for (LoraWeights a : adapters) for (LoraWeights.Target t : a.targets()) touched.add(check(t));
    for (String name : originals.keySet()) if (!touched.contains(name)) reset(name);
    for (String name : touched) {
      reset(name);
      Tensor w = params.get(name);
      for (int i = 0; i < adapters.size(); i++) {
        if (weights[i] != 0f && adapters.get(i).hasTarget(name)) adapters.get(i).addDelta(name, weights[i], w.data(), w.offset());
      }
    }
  }

  /** Puts every matrix this patch changed back to its original values. */
  public void restore() {
    for (String name : originals.keySet()) reset(name);
  }

  /** The matrix {@code name} as it was before this patch first changed it (a copy). */
  public float[] original(String name) {
    float[] o = originals.get(name);
    if (o != null) return o.clone();
    Tensor w = params.get(name);
    if (w == null) throw new IllegalArgumentException("the module has no parameter '" + name + "'");
    return w.toArray();
  }

  /** Gradients on {@code adapter}'s target matrices only: every other parameter of the module stops requiring one. */
  public void freezeFor(LoraWeights adapter) {
    for (LoraWeights.Target t : adapter.targets()) check(t);
    for (Map.Entry<String, Tensor> e : params.entrySet()) {
      Tensor w = e.getValue();
      boolean target = adapter.hasTarget(e.getKey());
      w.requiresGrad(target);
      // A gradient buffer of its own, never one from the arena of a training step (which rewinds
      // each step, so a lazily allocated buffer would be overwritten by later activations).
      if (target) w.relocate(w.data(), w.offset(), new float[w.size()], 0);
    }
  }

  /**
   * Records (when gradients are enabled) the step that moves the targets' gradients into
   * {@code adapter}'s A and B, for a forward pass through weights applied with {@code weight}.
   * Call it before the forward pass, so that it runs after every other backward step.
   */
  public void recordGradients(LoraWeights adapter, float weight) {
    if (!Autograd.isGradEnabled()) return;
    List<LoraWeights.Target> targets = adapter.targets();
    Autograd.record(marker, () -> {
      for (LoraWeights.Target t : targets) {
        Tensor w = params.get(t.name());
        if (!w.hasGrad()) continue; // the forward did not reach it
        float[] g = w.gradArray();
        int go = w.gradOffset();
        adapter.accumulateGradients(t.name(), g, go, weight);
        Arrays.fill(g, go, go + w.size(), 0f);
      }
    });
  }

  private String check(LoraWeights.Target t) {
    Tensor w = params.get(t.name());
    if (w == null) {
      throw new IllegalArgumentException("the adapter targets '" + t.name() + "', which this model does not have: it was made for another architecture");
    }
    if (w.rank() != 2 || w.dim(0) != t.rows() || w.dim(1) != t.cols()) {
      throw new IllegalArgumentException("the adapter's target '" + t.name() + "' is [" + t.rows() + ", " + t.cols() + "] but the model's is "
          + Arrays.toString(w.shape()) + ": it was made for a model of another size");
    }
    return t.name();
  }

  private void reset(String name) {
    Tensor w = params.get(name);
    float[] o = originals.get(name);
    if (o == null) {
      originals.put(name, w.toArray());
      return;
    }
    System.arraycopy(o, 0, w.data(), w.offset(), o.length);
  }
}
