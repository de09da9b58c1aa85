package orphic.lm.adapter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import orphic.engine.io.Safetensors;
import orphic.engine.nn.LoraWeights;
import orphic.engine.nn.LowRankSvd;
import orphic.lm.model.ModelDirectory;

/**
 * Baking a mix, the explicit counterpart of run-time mixing. Two methods, each with one meaning:
 * <ul>
 *   <li><b>cat</b>: the merged model W₀ + Σᵢ wᵢ·ΔWᵢ, saved as an ordinary model directory
 *       (exactly what the dial computes; in PEFT's terms, concatenating the A's and B's along the
 *       rank gives the same sum, here multiplied out);
 *   <li><b>svd</b>: the summed update Σᵢ wᵢ·ΔWᵢ of each matrix, truncated to rank R by SVD, as a
 *       new adapter on the same base. Exact when R ≥ Σᵢ rᵢ; otherwise the best rank-R approximation.
 * </ul>
 * Never the separate averaging of A's and B's, which is not the sum of updates.
 */
public final class AdapterBake {
  private AdapterBake() {}

  /** Writes the dial's current merged model as a model directory at {@code out} (config and tokenizer copied from {@code base}). */
  public static void cat(StyleDial dial, ModelDirectory base, Path out) throws IOException {
    ModelDirectory dir = new ModelDirectory(out).create();
    if (base.root().toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
      throw new IOException("--out is the base model's own directory: bake into a new directory");
    }
    Files.copy(base.file(ModelDirectory.CONFIG), dir.file(ModelDirectory.CONFIG), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(base.file(ModelDirectory.TOKENIZER), dir.file(ModelDirectory.TOKENIZER), StandardCopyOption.REPLACE_EXISTING);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("baked_from", dial.baseDigest());
    meta.put("mix", dial.mix().toString());
    meta.put("method", "cat");
    Safetensors.write(dir.file(ModelDirectory.WEIGHTS), dial.model().module().stateDict(), meta);
  }

  /** The dial's current mix as one adapter of rank {@code rank} on the same base (svd). */
  public static Adapter svd(StyleDial dial, int rank, String style) {
    List<Adapter> used = new ArrayList<>();
    List<Float> coeff = new ArrayList<>();
    Set<String> targetNames = new LinkedHashSet<>();
    Map<String, LoraWeights.Target> targets = new LinkedHashMap<>();
    String arch = null;
    for (Map.Entry<String, Adapter> e : dial.adapters().entrySet()) {
      float w = dial.mix().weight(e.getKey());
      if (w == 0f) continue;
      used.add(e.getValue());
      coeff.add(w);
      arch = e.getValue().arch();
      for (LoraWeights.Target t : e.getValue().weights().targets()) {
        targetNames.add(t.name());
        targets.put(t.name(), t);
      }
    }
    if (used.isEmpty()) throw new IllegalArgumentException("the mix gives every adapter weight 0: nothing to bake");
    LoraWeights out = new LoraWeights(new ArrayList<>(targets.values()), rank, rank, 0); // α = r: scale 1
    for (String name : targetNames) {
      LoraWeights.Target t = targets.get(name);
      int inner = 0;
      for (Adapter a : used) if (a.weights().hasTarget(name)) inner += a.rank();
      double[] l = new double[t.rows() * inner];
      double[] q = new double[inner * t.cols()];
      int at = 0;
      for (int i = 0; i < used.size(); i++) {
        LoraWeights w = used.get(i).weights();
        if (!w.hasTarget(name)) continue;
        int r = w.rank();
        double c = (double) coeff.get(i) * w.scale();
        float[] b = w.b(name).toArray(), a = w.a(name).toArray();
        // L = [.. | c·s·B_i | ..] [R, K], Q = [..; A_i; ..] [K, C]
        for (int row = 0; row < t.rows(); row++) for (int j = 0; j < r; j++) l[row * inner + at + j] = c * b[row * r + j];
        for (int j = 0; j < r; j++) for (int col = 0; col < t.cols(); col++) q[(at + j) * t.cols() + col] = a[j * t.cols() + col];
        at += r;
      }
      LowRankSvd.Factors f = LowRankSvd.truncate(l, q, t.rows(), inner, t.cols(), rank);
      out.set(name, f.a(), f.b());
    }
    Map<String, Object> corpus = new LinkedHashMap<>();
    corpus.put("mix", dial.mix().toString());
    return new Adapter(style, dial.baseDigest(), arch, "svd", corpus, used.get(0).baseModel(), out);
  }
}
