package orphic.lm.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import orphic.engine.io.AtomicFiles;
import orphic.engine.io.Safetensors;
import orphic.engine.nn.Module;
import orphic.engine.tensor.Tensor;
import orphic.lm.tokenize.Tokenizer;

/**
 * A model directory, the unit users move around (docs/architecture.md):
 *
 * <pre>
 *   config.json               {"format": "orphic-model", "version": 1, "model": {...}, "train": {...}, "corpus": {...}}
 *   tokenizer.json            the tokenizer (docs/tokenizer-format.md)
 *   model.safetensors         weights: the best validation checkpoint (or the final one)
 *   train-state.safetensors   parameters + optimizer moments + step + random streams: exact resume
 *   train-log.jsonl           one JSON object per logged step
 *   samples.jsonl             samples printed during training
 *   snapshots/step-NNNNNNN/   with --snapshots N: model directories of the models training passed through
 * </pre>
 *
 * A {@link CommunityModel}'s config.json also has a "community" object (listing its members).
 *
 * Every file but the two logs is written atomically (temp file, fsync, rename). The resume file is
 * self-contained, so a kill at any moment leaves either the old or the new checkpoint, never a mix.
 */
public final class ModelDirectory {
  public static final String CONFIG = "config.json";
  public static final String TOKENIZER = "tokenizer.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String TRAIN_STATE = "train-state.safetensors";
  public static final String TRAIN_LOG = "train-log.jsonl";
  public static final String SAMPLES = "samples.jsonl";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper JSON_LINE = new ObjectMapper();

  private final Path root;

  public ModelDirectory(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path file(String name) {
    return root.resolve(name);
  }

  /** Creates the directory (and parents) if needed; fails clearly if it is a file. */
  public ModelDirectory create() throws IOException {
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new IOException(root + " exists and is not a directory: choose another --out");
    }
    Files.createDirectories(root);
    removeStaleTemporaryFiles();
    return this;
  }

  /**
   * Deletes temporary files left by a write that was killed midway (AtomicFiles names them
   * {@code .NAME.tmp-*}); the files they were replacing are intact.
   */
  public void removeStaleTemporaryFiles() throws IOException {
    try (var files = Files.list(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(".") && n.contains(".tmp-") && Files.isRegularFile(p)) Files.deleteIfExists(p);
      }
    }
  }

  public boolean hasTrainState() {
    return Files.isRegularFile(file(TRAIN_STATE));
  }

  // ------------------------------------------------------------------ config.json

  /** Writes config.json from its parts (any may be null). */
  public void writeConfig(ModelConfig model, Object train, Map<String, Object> corpus, String tokenizerType) throws IOException {
    writeConfig(model, train, corpus, tokenizerType, Map.of());
  }

  /**
   * Writes config.json from its parts (any may be null) plus extra top-level objects, such as the
   * "community" object of a {@link CommunityModel}.
   */
  public void writeConfig(ModelConfig model, Object train, Map<String, Object> corpus, String tokenizerType,
      Map<String, Object> extra) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "orphic-model");
    root.put("version", 1);
    root.set("model", JSON.valueToTree(model));
    if (tokenizerType != null) root.put("tokenizer", tokenizerType);
    if (train != null) root.set("train", JSON.valueToTree(train));
    if (corpus != null) root.set("corpus", JSON.valueToTree(corpus));
    for (var e : extra.entrySet()) root.set(e.getKey(), JSON.valueToTree(e.getValue()));
    AtomicFiles.writeString(file(CONFIG), JSON.writeValueAsString(root) + "\n");
  }

  /** The model section of config.json, validated. */
  public ModelConfig readModelConfig() throws IOException {
    JsonNode node = readConfigTree().get("model");
    if (node == null) throw new IOException(file(CONFIG) + " has no \"model\" object: is this an Orphic model directory?");
    try {
      return JSON.treeToValue(node, ModelConfig.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(file(CONFIG) + ": bad \"model\" section: " + e.getMessage(), e);
    }
  }

  public JsonNode readConfigTree() throws IOException {
    Path p = file(CONFIG);
    if (!Files.isRegularFile(p)) {
      throw new NoSuchFileException(p.toString(), null, "no config.json: " + root + " is not an Orphic model directory (train one with ./orphic train)");
    }
    JsonNode tree = JSON.readTree(p.toFile());
    if (tree == null || !"orphic-model".equals(tree.path("format").asText())) {
      throw new IOException(p + " is not an Orphic model config (missing \"format\": \"orphic-model\")");
    }
    if (tree.path("version").asInt() > 1) {
      throw new IOException(p + " was written by a newer Orphic (version " + tree.path("version").asInt() + "): upgrade Orphic to read it");
    }
    return tree;
  }

  // ------------------------------------------------------------------ weights

  public void writeWeights(Module module, Map<String, String> metadata) throws IOException {
    Safetensors.write(file(WEIGHTS), module.stateDict(), metadata);
  }

  public void loadWeights(Module module) throws IOException {
    Path p = file(WEIGHTS);
    if (!Files.isRegularFile(p)) throw new NoSuchFileException(p.toString(), null, "the model directory has no weights yet");
    module.loadStateDict(Safetensors.read(p));
  }

  /** Loads the tokenizer saved in this directory. */
  public Tokenizer loadTokenizer() throws IOException {
    return Tokenizer.load(file(TOKENIZER));
  }

  /** Builds the model described by config.json (a {@link CommunityModel} if it has a "community" object) and loads its weights. */
  public LanguageModel loadModel() throws IOException {
    JsonNode community = readConfigTree().get("community");
    if (community != null) return CommunityModel.load(this, readModelConfig(), community);
    LanguageModel model = Models.build(readModelConfig());
    loadWeights(model.module());
    return model;
  }

  /**
   * The model to sample from: {@link #loadModel()}, except for a community whose config.json asks
   * for contrastive decoding ({@code "community": {"decoding": {"kind": "contrastive", …}}}), which
   * gets its {@link CommunityModel#contrastive} view.
   */
  public LanguageModel loadModelForSampling() throws IOException {
    LanguageModel m = loadModel();
    JsonNode d = readConfigTree().path("community").path("decoding");
    if (m instanceof CommunityModel c && "contrastive".equals(d.path("kind").asText())) {
      return c.contrastive(d.path("alpha").asDouble(0.1), d.path("beta").asDouble(1.0));
    }
    return m;
  }

  // ------------------------------------------------------------------ logs

  /** Appends one JSON object as a line (flushed; a torn last line is skipped by readers). */
  public void appendJsonLine(String file, Map<String, Object> record) {
    try {
      String line = JSON_LINE.writeValueAsString(record) + "\n";
      Files.writeString(file(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file(file) + ": " + e.getMessage(), e);
    }
  }

  /** Convenience for building log records in order. */
  public static Map<String, Object> record(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
    return m;
  }

  /** Reads all tensors of a safetensors file in this directory. */
  public Map<String, Tensor> readTensors(String name) throws IOException {
    return Safetensors.read(file(name));
  }
}
