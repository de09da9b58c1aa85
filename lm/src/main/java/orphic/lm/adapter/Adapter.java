package orphic.lm.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orphic.engine.io.AtomicFiles;
import orphic.engine.io.Safetensors;
import orphic.engine.nn.LoraWeights;

/**
 * A style adapter: LoRA weights ({@link LoraWeights}) plus what they were made for. On disk, a
 * directory:
 *
 * <pre>
 *   adapter.json           {"format": "orphic-adapter", "version": 1, "style", "base_digest", "arch",
 *                           "rank", "alpha", "targets": [{"name", "rows", "cols"}], "method", "corpus", "base_model"}
 *   adapter.safetensors    &lt;target&gt;.lora_a [r, C], &lt;target&gt;.lora_b [R, r] per target
 *   train-state.safetensors, train-log.jsonl, samples.jsonl   (a trained adapter: resume and logs)
 * </pre>
 *
 * Both files are written atomically. {@link #load} refuses an adapter whose base digest
 * ({@link ModelDigest}) is not the given model's.
 *
 * @param style   the style's name (e.g. "liturgical"), used by mixes and hydra branches
 * @param method  how it was made: "lora" (trained) or "svd" (baked from a mix)
 * @param corpus  the training corpus (files, sha256, chars), or an empty map
 * @param baseModel the base model directory as given when the adapter was made (informative)
 */
public record Adapter(String style, String baseDigest, String arch, String method, Map<String, Object> corpus,
    String baseModel, LoraWeights weights) {

  public static final String CONFIG = "adapter.json";
  public static final String WEIGHTS = "adapter.safetensors";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public int rank() {
    return weights.rank();
  }

  public float alpha() {
    return weights.alpha();
  }

  /** Writes adapter.json and adapter.safetensors into {@code dir} (created if needed). */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    writeConfig(dir);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("style", style);
    meta.put("base_digest", baseDigest);
    Safetensors.write(dir.resolve(WEIGHTS), weights.stateDict(), meta);
  }

  /** Writes adapter.json only (a training run writes the weights itself). */
  public void writeConfig(Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "orphic-adapter");
    root.put("version", 1);
    root.put("style", style);
    root.put("base_digest", baseDigest);
    root.put("arch", arch);
    root.put("rank", weights.rank());
    root.put("alpha", weights.alpha());
    ArrayNode ts = root.putArray("targets");
    for (LoraWeights.Target t : weights.targets()) ts.addObject().put("name", t.name()).put("rows", t.rows()).put("cols", t.cols());
    root.put("method", method);
    root.set("corpus", JSON.valueToTree(corpus == null ? Map.of() : corpus));
    if (baseModel != null) root.put("base_model", baseModel);
    AtomicFiles.writeString(dir.resolve(CONFIG), JSON.writeValueAsString(root) + "\n");
  }

  /** True if {@code dir} holds an adapter.json. */
  public static boolean isAdapterDirectory(Path dir) {
    return Files.isRegularFile(dir.resolve(CONFIG));
  }

  /**
   * Reads an adapter made for the model whose digest is {@code baseDigest}.
   *
   * @throws IOException when the directory is not an adapter, or the adapter was made for another base model
   */
  public static Adapter load(Path dir, String baseDigest) throws IOException {
    Adapter a = readConfig(dir);
    if (baseDigest != null && !a.baseDigest().equals(baseDigest)) {
      throw new IOException("adapter " + dir + " (style '" + a.style() + "') was trained on another base model (digest "
          + ModelDigest.brief(a.baseDigest()) + ", this model is " + ModelDigest.brief(baseDigest) + ")"
          + (a.baseModel() != null ? "; it was made for " + a.baseModel() : "")
          + ": use it with that model, or train a new adapter on this one");
    }
    Path w = dir.resolve(WEIGHTS);
    if (!Files.isRegularFile(w)) throw new NoSuchFileException(w.toString(), null, "the adapter directory has no weights yet (is its training still running?)");
    a.weights().loadStateDict(Safetensors.read(w));
    return a;
  }

  /** adapter.json alone: the adapter with fresh (B = 0) weights of the right shapes. */
  public static Adapter readConfig(Path dir) throws IOException {
    Path p = dir.resolve(CONFIG);
    if (!Files.isRegularFile(p)) {
      throw new NoSuchFileException(p.toString(), null, dir + " is not an adapter directory (no " + CONFIG + "; make one with ./orphic adapter train)");
    }
    JsonNode root = JSON.readTree(p.toFile());
    if (root == null || !"orphic-adapter".equals(root.path("format").asText())) {
      throw new IOException(p + " is not an Orphic adapter config (missing \"format\": \"orphic-adapter\")");
    }
    if (root.path("version").asInt() > 1) throw new IOException(p + " was written by a newer Orphic: upgrade to read it");
    List<LoraWeights.Target> targets = new ArrayList<>();
    for (JsonNode t : root.path("targets")) targets.add(new LoraWeights.Target(t.path("name").asText(), t.path("rows").asInt(), t.path("cols").asInt()));
    LoraWeights w = new LoraWeights(targets, root.path("rank").asInt(), (float) root.path("alpha").asDouble(), 0);
    @SuppressWarnings("unchecked")
    Map<String, Object> corpus = root.has("corpus") ? JSON.treeToValue(root.get("corpus"), LinkedHashMap.class) : Map.of();
    return new Adapter(root.path("style").asText(), root.path("base_digest").asText(), root.path("arch").asText(),
        root.path("method").asText("lora"), corpus, root.has("base_model") ? root.get("base_model").asText() : null, w);
  }
}
