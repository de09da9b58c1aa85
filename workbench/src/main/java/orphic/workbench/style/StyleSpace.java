package orphic.workbench.style;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import orphic.engine.io.AtomicFiles;
import orphic.engine.io.Safetensors;
import orphic.engine.nn.Linear;
import orphic.engine.nn.Module;
import orphic.engine.nn.ParameterStore;
import orphic.engine.ops.Ops;
import orphic.engine.optim.AdamW;
import orphic.engine.tensor.Tensor;

/**
 * The style space: raw features (sentence embedding ‖ stylometric features, width F) are
 * standardised per feature (training mean and standard deviation), projected by a learned linear
 * map to D dimensions and normalised to unit length. A style is the normalised mean of its training
 * chunks' vectors (its centroid).
 *
 * <p>Training ({@link #train}) uses the engine (Linear, Ops, AdamW, autograd) with the supervised
 * contrastive loss of Khosla et al. (2020): each step draws {@code perStyle} chunks of every style
 * (seeded, with replacement), computes s_ij = cos(z_i, z_j)/τ for i ≠ j and minimises
 *
 * <pre>  L = −(1/B) Σ_i (1/|P(i)|) Σ_{p∈P(i)} log( exp(s_ip) / Σ_{a≠i} exp(s_ia) )</pre>
 *
 * where P(i) are the other chunks of i's style: same-source chunks pulled together, the rest
 * pushed apart. The diagonal is masked by adding −10⁴ before the log-softmax.
 *
 * <p>Scores ({@link #scores}): p_k = softmax_k( cos(v, c_k) / τ ) over the style centroids c_k,
 * with the training temperature τ, so they are the probabilities the loss itself was shaped by.
 *
 * <p>Saved as two files in a directory, each written atomically: {@code style-space.safetensors}
 * (projection weight [D, F] and bias [D], feature mean and std [F]) and then {@code styles.json}
 * (format, labels, centroids, temperature, widths, the embedder used, and whatever training record
 * the caller adds). Immutable after construction and thread-safe for scoring.
 */
public final class StyleSpace {
  public static final String WEIGHTS = "style-space.safetensors";
  public static final String JSON = "styles.json";
  public static final String FORMAT = "orphic-style-space";
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Training settings. */
  public record Options(int dim, int steps, int perStyle, double lr, double weightDecay, float temperature, long seed) {
    public Options {
      if (dim < 2) throw new IllegalArgumentException("style dimension must be >= 2, got " + dim);
      if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
      if (perStyle < 2) throw new IllegalArgumentException("chunks per style in a batch must be >= 2 (a positive pair), got " + perStyle);
      if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
      if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }

    /** 32 dimensions, 300 steps of 16 chunks per style, AdamW lr 3e-3, weight decay 0.01, τ 0.1. */
    public static Options defaults() {
      return new Options(32, 300, 16, 3e-3, 0.01, 0.1f, 42);
    }

    public Options withSteps(int s) {
      return new Options(dim, s, perStyle, lr, weightDecay, temperature, seed);
    }

    public Options withSeed(long s) {
      return new Options(dim, steps, perStyle, lr, weightDecay, temperature, s);
    }

    public Options withDim(int d) {
      return new Options(d, steps, perStyle, lr, weightDecay, temperature, seed);
    }
  }

  /** The projection: x [N, F] → [N, D]. */
  private static final class Projection extends Module {
    final Linear linear;

    Projection(int in, int out) {
      linear = child("projection", new Linear(in, out, true));
    }
  }

  /** A trained space and its loss per step. */
  public record Trained(StyleSpace space, float[] losses) {}

  private final float[] mean;
  private final float[] std;
  private final float[] weight; // [D, F]
  private final float[] bias; // [D]
  private final int in;
  private final int dim;
  private final float temperature;
  private final List<String> labels;
  private final float[][] centroids;
  private final String embedder;
  private final int embeddingDim;
  private final int chunkChars;

  private StyleSpace(float[] mean, float[] std, float[] weight, float[] bias, float temperature, List<String> labels,
      float[][] centroids, String embedder, int embeddingDim, int chunkChars) {
    this.mean = mean;
    this.std = std;
    this.weight = weight;
    this.bias = bias;
    this.in = mean.length;
    this.dim = bias.length;
    this.temperature = temperature;
    this.labels = List.copyOf(labels);
    this.centroids = centroids;
    this.embedder = embedder;
    this.embeddingDim = embeddingDim;
    this.chunkChars = chunkChars;
  }

  /**
   * Trains a space on raw feature rows {@code features} [N][F] with style index {@code label[i]}
   * into {@code names}. Every style needs at least two rows.
   *
   * @param embedder the id of the sentence embedder that made the first {@code embeddingDim} features
   * @param chunkChars the chunk size the rows were cut to (detection cuts text the same way)
   */
  public static Trained train(float[][] features, int[] label, List<String> names, Options o,
      String embedder, int embeddingDim, int chunkChars) {
    int n = features.length;
    if (n == 0) throw new IllegalArgumentException("no training chunks");
    if (label.length != n) throw new IllegalArgumentException(n + " feature rows but " + label.length + " labels");
    int k = names.size();
    if (k < 2) throw new IllegalArgumentException("a style space needs at least two styles to tell apart, got " + names);
    int f = features[0].length;
    List<List<Integer>> byStyle = new ArrayList<>();
    for (int s = 0; s < k; s++) byStyle.add(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      if (features[i].length != f) throw new IllegalArgumentException("feature row " + i + " has width " + features[i].length + ", row 0 has " + f);
      if (label[i] < 0 || label[i] >= k) throw new IllegalArgumentException("label " + label[i] + " of row " + i + " is not in [0, " + k + ")");
      byStyle.get(label[i]).add(i);
    }
    for (int s = 0; s < k; s++) {
      if (byStyle.get(s).size() < 2) throw new IllegalArgumentException("style '" + names.get(s) + "' has " + byStyle.get(s).size()
          + " chunk(s); it needs at least 2 (give it more text)");
    }
    // Standardisation from the training rows; a constant feature keeps std 1 (it then stays 0).
    float[] mean = new float[f], std = new float[f];
    for (int j = 0; j < f; j++) {
      double m = 0;
      for (float[] r : features) m += r[j];
      m /= n;
      double v = 0;
      for (float[] r : features) v += (r[j] - m) * (r[j] - m);
      v /= n;
      mean[j] = (float) m;
      std[j] = v > 1e-12 ? (float) Math.sqrt(v) : 1f;
    }
    Projection model = new Projection(f, o.dim());
    model.initialize(o.seed());
    ParameterStore store = new ParameterStore(model);
    AdamW opt = new AdamW(store, o.lr(), 0.9, 0.999, 1e-8, o.weightDecay());
    int b = k * o.perStyle();
    float[] positives = new float[b * b];
    float[] diagonal = new float[b * b];
    for (int i = 0; i < b; i++) {
      diagonal[i * b + i] = -1e4f;
      for (int j = 0; j < b; j++) if (i != j && i / o.perStyle() == j / o.perStyle()) positives[i * b + j] = 1f / (o.perStyle() - 1);
    }
    Tensor pos = Tensor.of(positives, b, b);
    Tensor mask = Tensor.of(diagonal, b, b);
    Random rnd = new Random(o.seed());
    float[] batch = new float[b * f];
    float[] losses = new float[o.steps()];
    for (int step = 0; step < o.steps(); step++) {
      for (int s = 0; s < k; s++) {
        List<Integer> rows = byStyle.get(s);
        for (int m = 0; m < o.perStyle(); m++) {
          float[] r = features[rows.get(rnd.nextInt(rows.size()))];
          int base = (s * o.perStyle() + m) * f;
          for (int j = 0; j < f; j++) batch[base + j] = (r[j] - mean[j]) / std[j];
        }
      }
      Tensor x = Tensor.of(batch, b, f);
      Tensor z = RowNormalize.forward(model.linear.forward(x)); // [B, D]
      Tensor sim = Ops.scale(Ops.matmul(z, z.transpose()), 1f / o.temperature()); // [B, B]
      Tensor logp = Ops.logSoftmax(Ops.add(sim, mask)); // [B, B], rows over a ≠ i
      Tensor loss = Ops.scale(Ops.sum(Ops.mul(logp, pos)), -1f / b);
      losses[step] = loss.item();
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
    float[] w = model.linear.weight().toArray();
    float[] bi = model.linear.bias().toArray();
    StyleSpace untrained = new StyleSpace(mean, std, w, bi, o.temperature(), names, new float[0][], embedder, embeddingDim, chunkChars);
    float[][] centroids = new float[k][o.dim()];
    for (int i = 0; i < n; i++) {
      float[] v = untrained.vector(features[i]);
      for (int d = 0; d < o.dim(); d++) centroids[label[i]][d] += v[d];
    }
    for (float[] c : centroids) normalize(c);
    return new Trained(new StyleSpace(mean, std, w, bi, o.temperature(), names, centroids, embedder, embeddingDim, chunkChars), losses);
  }

  /** Raw features [F] → unit style vector [D]. */
  public float[] vector(float[] features) {
    if (features.length != in) throw new IllegalArgumentException("style space takes " + in + " features, got " + features.length);
    float[] x = new float[in];
    for (int j = 0; j < in; j++) x[j] = (features[j] - mean[j]) / std[j];
    float[] v = new float[dim];
    for (int d = 0; d < dim; d++) {
      double s = bias[d];
      int row = d * in;
      for (int j = 0; j < in; j++) s += (double) weight[row + j] * x[j];
      v[d] = (float) s;
    }
    normalize(v);
    return v;
  }

  /** Probabilities per style (in {@link #labels()} order) of a unit style vector: softmax(cos/τ). */
  public double[] scores(float[] styleVector) {
    int k = labels.size();
    double[] logits = new double[k];
    double max = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < k; s++) {
      double c = 0;
      for (int d = 0; d < dim; d++) c += (double) styleVector[d] * centroids[s][d];
      logits[s] = c / temperature;
      max = Math.max(max, logits[s]);
    }
    double z = 0;
    for (int s = 0; s < k; s++) z += logits[s] = Math.exp(logits[s] - max);
    for (int s = 0; s < k; s++) logits[s] /= z;
    return logits;
  }

  private static void normalize(float[] v) {
    double ss = 0;
    for (float x : v) ss += (double) x * x;
    if (ss == 0) return;
    float inv = (float) (1 / Math.sqrt(ss));
    for (int i = 0; i < v.length; i++) v[i] *= inv;
  }

  public List<String> labels() {
    return labels;
  }

  /** Unit centroid of style {@code s} (a copy). */
  public float[] centroid(int s) {
    return centroids[s].clone();
  }

  public int inputDim() {
    return in;
  }

  public int dim() {
    return dim;
  }

  public float temperature() {
    return temperature;
  }

  /** Id of the sentence embedder whose vectors are the first {@link #embeddingDim()} features. */
  public String embedder() {
    return embedder;
  }

  public int embeddingDim() {
    return embeddingDim;
  }

  public int chunkChars() {
    return chunkChars;
  }

  // ------------------------------------------------------------------ persistence

  /**
   * Writes the space into {@code dir} (created if needed): the weights first, then {@code
   * styles.json}, each atomically; {@code training} (may be null) is stored under "training".
   */
  public void save(Path dir, JsonNode training) throws IOException {
    Files.createDirectories(dir);
    Map<String, Tensor> t = new LinkedHashMap<>();
    t.put("projection.weight", Tensor.of(weight.clone(), dim, in));
    t.put("projection.bias", Tensor.of(bias.clone(), dim));
    t.put("feature.mean", Tensor.of(mean.clone(), in));
    t.put("feature.std", Tensor.of(std.clone(), in));
    Safetensors.write(dir.resolve(WEIGHTS), t, Map.of("format", FORMAT));
    ObjectNode j = MAPPER.createObjectNode();
    j.put("format", FORMAT);
    j.put("version", VERSION);
    j.put("embedder", embedder);
    j.put("embedding_dim", embeddingDim);
    j.put("stylometric_dim", in - embeddingDim);
    j.put("input_dim", in);
    j.put("dim", dim);
    j.put("temperature", temperature);
    j.put("chunk_chars", chunkChars);
    j.put("scores", "softmax over styles of cos(style vector, centroid) / temperature");
    ArrayNode styles = j.putArray("styles");
    for (int s = 0; s < labels.size(); s++) {
      ObjectNode st = styles.addObject();
      st.put("name", labels.get(s));
      ArrayNode c = st.putArray("centroid");
      for (float x : centroids[s]) c.add(x);
    }
    if (training != null) j.set("training", training);
    AtomicFiles.writeString(dir.resolve(JSON), MAPPER.writeValueAsString(j) + "\n");
  }

  /** Reads a space written by {@link #save}; errors name the file and what is wrong with it. */
  public static StyleSpace load(Path dir) throws IOException {
    Path json = dir.resolve(JSON), weights = dir.resolve(WEIGHTS);
    if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir + " is not a directory; train one with: orphic style train --style NAME=FILE ... --out " + dir);
    if (!Files.isRegularFile(json) || !Files.isRegularFile(weights)) {
      throw new NoSuchFileException(dir + " holds no trained style space (" + JSON + " and " + WEIGHTS
          + " are needed); train one with: orphic style train --style NAME=FILE ... --out " + dir);
    }
    JsonNode j = MAPPER.readTree(json.toFile());
    if (!FORMAT.equals(j.path("format").asText())) throw new IOException(json + " is not a style space (format '" + j.path("format").asText() + "')");
    if (j.path("version").asInt() > VERSION) {
      throw new IOException(json + " has version " + j.path("version").asInt() + "; this Orphic reads up to " + VERSION + ": upgrade Orphic");
    }
    int in = j.path("input_dim").asInt(), dim = j.path("dim").asInt();
    Map<String, Tensor> t = Safetensors.read(weights);
    float[] w = tensor(t, "projection.weight", weights, dim, in);
    float[] b = tensor(t, "projection.bias", weights, dim);
    float[] mean = tensor(t, "feature.mean", weights, in);
    float[] std = tensor(t, "feature.std", weights, in);
    List<String> labels = new ArrayList<>();
    List<float[]> cs = new ArrayList<>();
    for (JsonNode st : j.path("styles")) {
      labels.add(st.path("name").asText());
      float[] c = new float[dim];
      if (st.path("centroid").size() != dim) throw new IOException(json + ": centroid of '" + st.path("name").asText() + "' has " + st.path("centroid").size() + " values, expected " + dim);
      for (int d = 0; d < dim; d++) c[d] = (float) st.path("centroid").get(d).asDouble();
      cs.add(c);
    }
    if (labels.size() < 2) throw new IOException(json + " lists " + labels.size() + " style(s); a space has at least two");
    return new StyleSpace(mean, std, w, b, (float) j.path("temperature").asDouble(), labels, cs.toArray(new float[0][]),
        j.path("embedder").asText(), j.path("embedding_dim").asInt(), j.path("chunk_chars").asInt(500));
  }

  private static float[] tensor(Map<String, Tensor> t, String name, Path file, int... shape) throws IOException {
    Tensor x = t.get(name);
    if (x == null) throw new IOException(file + " has no tensor '" + name + "'");
    if (!Arrays.equals(x.shape(), shape)) {
      throw new IOException(file + ": '" + name + "' has shape " + Arrays.toString(x.shape()) + ", styles.json says " + Arrays.toString(shape));
    }
    return x.toArray();
  }
}
