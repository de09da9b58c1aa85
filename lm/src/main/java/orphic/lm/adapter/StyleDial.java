package orphic.lm.adapter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orphic.engine.nn.LoraPatch;
import orphic.engine.nn.LoraWeights;
import orphic.engine.nn.NamedParameter;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Models;

/**
 * A base model with named style adapters and their current mix: the "style dial". {@link #set}
 * makes {@link #model()} compute with W₀ + Σᵢ wᵢ·ΔWᵢ in every adapted matrix — the exact sum of
 * the scaled low-rank updates ({@link LoraPatch}) — so any decoder, the KV-cache one included,
 * generates with the mix as it is. Moving a slider is another {@code set} (a decoder built earlier
 * then needs {@code refreshWeights()}).
 *
 * <pre>{@code
 * StyleDial dial = StyleDial.open(new ModelDirectory(base));
 * dial.load("liturgical", Path.of("adapters/liturgical"));
 * dial.load("dialogue", Path.of("adapters/dialogue"));
 * dial.set(StyleMix.parse("liturgical=0.7,dialogue=0.3"));
 * var logits = CachedLogits.forModel(dial.model());
 * }</pre>
 *
 * Owns its model (it rewrites its weights): not thread-safe; {@link #copy} gives an independent
 * dial for another thread.
 */
public final class StyleDial {
  private final LanguageModel model;
  private final String baseDigest;
  private final LoraPatch patch;
  private final LinkedHashMap<String, Adapter> adapters = new LinkedHashMap<>();
  private StyleMix mix = StyleMix.none();

  /** A dial over {@code base}, which it takes over (its weights are rewritten by every mix). */
  public StyleDial(LanguageModel base) {
    this(base, ModelDigest.of(base.module()));
  }

  private StyleDial(LanguageModel base, String digest) {
    this.model = base;
    this.baseDigest = digest;
    this.patch = new LoraPatch(base.module());
  }

  /** Loads the model of a model directory. */
  public static StyleDial open(ModelDirectory dir) throws IOException {
    return new StyleDial(dir.loadModel());
  }

  /** Loads the adapter in {@code dir} under {@code name} (null: its own style name); refuses one made for another base. */
  public Adapter load(String name, Path dir) throws IOException {
    Adapter a = Adapter.load(dir, baseDigest);
    add(name == null || name.isBlank() ? a.style() : name, a);
    return a;
  }

  /** Adds an adapter under {@code name}; it must have been made for this base. */
  public StyleDial add(String name, Adapter adapter) {
    if (!adapter.baseDigest().equals(baseDigest)) {
      throw new IllegalArgumentException("adapter '" + name + "' was trained on another base model (digest " + ModelDigest.brief(adapter.baseDigest())
          + ", this model is " + ModelDigest.brief(baseDigest) + ")");
    }
    if (adapters.containsKey(name)) throw new IllegalArgumentException("two adapters are named '" + name + "': give one another name (NAME=DIR)");
    adapters.put(name, adapter);
    return this;
  }

  /** Applies {@code mix}; every name in it must be an adapter of this dial. Returns this. */
  public StyleDial set(StyleMix mix) {
    for (String name : mix.weights().keySet()) {
      if (!adapters.containsKey(name)) {
        throw new IllegalArgumentException("no adapter named '" + name + "' in this mix; loaded: "
            + (adapters.isEmpty() ? "none" : String.join(", ", adapters.keySet())));
      }
    }
    List<LoraWeights> ws = new ArrayList<>();
    float[] w = new float[adapters.size()];
    int i = 0;
    for (Map.Entry<String, Adapter> e : adapters.entrySet()) {
      ws.add(e.getValue().weights());
      w[i++] = mix.weight(e.getKey());
    }
    patch.apply(ws, w);
    this.mix = mix;
    return this;
  }

  /** The model computing with the current mix. */
  public LanguageModel model() {
    return model;
  }

  public StyleMix mix() {
    return mix;
  }

  public String baseDigest() {
    return baseDigest;
  }

  /** The adapters by name, in the order added. */
  public Map<String, Adapter> adapters() {
    return Collections.unmodifiableMap(adapters);
  }

  /** The base model's own weights (no adapter), as copies by parameter name. */
  public Map<String, Tensor> baseState() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (NamedParameter p : model.module().parameters()) out.put(p.name(), Tensor.wrap(patch.original(p.name()), 0, p.tensor().shape()));
    return out;
  }

  /** An independent dial: a new instance of the base model, the same adapters (shared, read-only) and the same mix. */
  public StyleDial copy() {
    LanguageModel m = Models.build(model.config());
    m.module().loadStateDict(baseState());
    StyleDial d = new StyleDial(m, baseDigest);
    for (Map.Entry<String, Adapter> e : adapters.entrySet()) d.adapters.put(e.getKey(), e.getValue());
    return d.set(mix);
  }
}
