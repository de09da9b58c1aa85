package orphic.lm.adapter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import orphic.engine.nn.LoraWeights;
import orphic.engine.nn.NamedParameter;
import orphic.lm.model.LanguageModel;

/**
 * Which matrices of a model an adapter adapts, by family: {@code attn} (attention projections:
 * gpt's {@code attn.wq|wk|wv|wo}, haze's per-head {@code content.wq|wk|wv} and {@code rrpram.wv|wr}),
 * {@code mlp} (gpt's {@code mlp.fc|proj}, haze's {@code w0|w1}), or {@code all} (both). Only matrices
 * inside the blocks count: embeddings, the output head and norms stay as the base has them.
 */
public final class AdapterTargets {
  private AdapterTargets() {}

  /** The default: attention and MLP projections. */
  public static final String DEFAULT = "attn,mlp";

  /** Targets of {@code model} named by {@code spec}, a comma list of attn, mlp, all. */
  public static List<LoraWeights.Target> resolve(LanguageModel model, String spec) {
    Set<String> kinds = new LinkedHashSet<>();
    for (String s : (spec == null || spec.isBlank() ? DEFAULT : spec).split(",")) {
      String k = s.trim().toLowerCase(Locale.ROOT);
      switch (k) {
        case "all" -> {
          kinds.add("attn");
          kinds.add("mlp");
        }
        case "attn", "mlp" -> kinds.add(k);
        default -> throw new IllegalArgumentException("unknown adapter target '" + s.trim() + "': use attn, mlp or all (comma-separated)");
      }
    }
    List<LoraWeights.Target> out = new ArrayList<>();
    for (NamedParameter p : model.module().parameters()) {
      if (p.tensor().rank() != 2 || !p.name().startsWith("blocks.")) continue;
      if (kinds.contains(kindOf(p.name()))) out.add(new LoraWeights.Target(p.name(), p.tensor().dim(0), p.tensor().dim(1)));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("this " + model.config().arch() + " model has no " + String.join("/", kinds) + " matrices to adapt");
    }
    return out;
  }

  /** attn or mlp, from a parameter's dotted name. */
  static String kindOf(String name) {
    return name.contains(".attn.") || name.contains(".heads.") ? "attn" : "mlp";
  }
}
