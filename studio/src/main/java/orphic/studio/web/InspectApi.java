package orphic.studio.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;
import orphic.lm.analysis.AttentionExtractor;
import orphic.lm.analysis.AttentionMatrix;
import orphic.lm.analysis.AttentionMetrics;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.VoidMass;

/**
 * POST /api/inspect (docs/studio-api.md, "Inspect"): what a model does on a text — every head's
 * attention matrix with its metrics (docs/attention-analysis.md), the entropy of the next-token
 * distribution at each position, and for models with a void the mean void mass per layer and head.
 * Works on the model's own analysis copy, so generations running meanwhile are untouched.
 */
final class InspectApi {
  /** The most tokens analysed (the last ones of the text): n² weights per head travel as JSON. */
  static final int MAX_TOKENS = 128;

  private final StudioConfig config;
  private final ModelCatalog catalog;

  InspectApi(StudioConfig config, ModelCatalog catalog) {
    this.config = config;
    this.catalog = catalog;
  }

  void inspect(Context ctx) throws IOException {
    JsonNode body = Json.body(ctx, config.limits());
    String text = Json.text(body, "text", "");
    if (text.isEmpty()) throw ApiError.badRequest("'text' is missing or empty", "write some text first; the analysis runs on it");
    if (text.length() > config.limits().maxPromptChars()) {
      throw new ApiError(413, "the text is too long to inspect (" + text.length() + " characters, limit " + config.limits().maxPromptChars() + ")",
          "inspect a shorter passage (only its last " + MAX_TOKENS + " tokens are analysed anyway)");
    }
    int limit = Json.integer(body, "max_tokens", MAX_TOKENS);
    if (limit < 1 || limit > MAX_TOKENS) throw ApiError.badRequest("'max_tokens' must be in 1.." + MAX_TOKENS, "ask for fewer tokens");
    ModelCatalog.Loaded m = catalog.load(Json.text(body, "model", null));
    int[] all;
    try {
      all = m.tokenizer.encode(text);
    } catch (RuntimeException e) {
      throw ApiError.badRequest("the model's tokenizer cannot read this text: " + e.getMessage(), "remove the characters it does not know");
    }
    if (all.length == 0) throw ApiError.badRequest("the text encodes to no tokens with this model", "write some text the model knows");
    int n = Math.min(all.length, Math.min(limit, m.model.config().context()));
    int[] ids = Arrays.copyOfRange(all, all.length - n, all.length);
    Map<String, Object> out = m.analyse(model -> analyse(model, ids));
    List<String> tokens = new ArrayList<>(n);
    for (int id : ids) tokens.add(m.vocabulary.get(id));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("model", m.id);
    answer.put("arch", m.model.config().arch());
    answer.put("layers", m.model.config().layers());
    answer.put("heads", m.model.config().heads());
    answer.put("total_tokens", all.length);
    answer.put("tokens", tokens);
    answer.putAll(out);
    Json.send(ctx, 200, answer);
  }

  private static Map<String, Object> analyse(LanguageModel model, int[] ids) {
    int n = ids.length;
    Map<String, Object> out = new LinkedHashMap<>();
    boolean wasTraining = model.module().isTraining();
    model.module().train(false);
    double[] entropy = new double[n];
    float[][] voidMass = null;
    try (var ng = Autograd.noGrad()) {
      Tensor logits = model.forward(ids, 1, n).contiguous(); // [1, n, V]
      int v = logits.shape()[2];
      float[] d = logits.data();
      for (int i = 0; i < n; i++) entropy[i] = entropyBits(d, logits.offset() + i * v, v);
      if (model instanceof VoidMass vm) voidMass = vm.lastMeanVoidMass();
    } finally {
      model.module().train(wasTraining);
    }
    AttentionMatrix[][] heads;
    try {
      heads = AttentionExtractor.extract(model, ids);
    } catch (UnsupportedOperationException e) {
      // e.g. blanchot models: no attention probe yet; entropy and void mass still answer.
      heads = new AttentionMatrix[0][];
      out.put("attention_problem", e.getMessage());
    }
    List<Object> attention = new ArrayList<>();
    for (int l = 0; l < heads.length; l++) {
      for (int h = 0; h < heads[l].length; h++) {
        AttentionMatrix a = heads[l][h];
        AttentionMetrics mt = AttentionMetrics.of(a);
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("layer", l);
        head.put("head", h);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("sparsity", mt.sparsity());
        metrics.put("locality", mt.locality());
        metrics.put("entropy", mt.entropy());
        metrics.put("uniformity", mt.uniformity());
        metrics.put("diagonal", mt.diagonal());
        metrics.put("near_diagonal", mt.nearDiagonal());
        head.put("metrics", metrics);
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) rows[i] = a.visibleRow(i); // n ≤ context: row i is keys 0..i
        head.put("weights", rows);
        attention.add(head);
      }
    }
    out.put("attention", attention);
    out.put("entropy", entropy);
    out.put("void_mass", voidMass);
    return out;
  }

  /** Entropy in bits of softmax(logits[off .. off + v)). */
  static double entropyBits(float[] logits, int off, int v) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < v; k++) max = Math.max(max, logits[off + k]);
    double z = 0;
    for (int k = 0; k < v; k++) z += Math.exp(logits[off + k] - max);
    double h = 0;
    for (int k = 0; k < v; k++) {
      double p = Math.exp(logits[off + k] - max) / z;
      if (p > 0) h -= p * Math.log(p);
    }
    return h / Math.log(2);
  }
}
