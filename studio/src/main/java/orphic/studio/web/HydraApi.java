package orphic.studio.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import orphic.lm.adapter.Adapter;
import orphic.lm.adapter.StyleDial;
import orphic.lm.adapter.StyleMix;
import orphic.lm.model.ModelDirectory;
import orphic.workbench.hydra.Hydra;
import orphic.workbench.hydra.HydraBranch;

/**
 * The Hydra view's API (docs/studio-api.md, "Hydra"): one prompt grown in several branches side by
 * side ({@link Hydra}: realism, wonderland, philosophical, anti-muse), each on its own copy of the
 * model with the chosen style mix, with their metrics. One Hydra at a time (it uses both cores);
 * the request waits for the whole answer (a few seconds for a few hundred tokens).
 */
final class HydraApi {
  static final int MAX_TOKENS = 400;
  static final int THREADS = 2;

  private final StudioConfig config;
  private final ModelCatalog catalog;
  private final AtomicBoolean running = new AtomicBoolean();

  HydraApi(StudioConfig config, ModelCatalog catalog) {
    this.config = config;
    this.catalog = catalog;
  }

  /** POST /api/hydra {prompt, model?, branches?, style?, max_tokens?, seed?}. */
  void hydra(Context ctx) throws Exception {
    JsonNode body = Json.body(ctx, config.limits());
    String prompt = Json.text(body, "prompt", "");
    if (prompt.isBlank()) throw ApiError.badRequest("'prompt' is missing or blank", "send the text to continue, e.g. {\"prompt\": \"The lamp\"}");
    if (prompt.length() > config.limits().maxPromptChars()) {
      throw new ApiError(413, "the prompt is longer than " + config.limits().maxPromptChars() + " characters", "send the end of the text only");
    }
    int tokens = Json.integer(body, "max_tokens", 80);
    if (tokens < 1 || tokens > MAX_TOKENS) throw ApiError.badRequest("'max_tokens' must be in 1.." + MAX_TOKENS, "ask for fewer tokens per branch");
    long seed = body.hasNonNull("seed") ? body.get("seed").asLong() : ThreadLocalRandom.current().nextLong(1L << 48);
    String names = branchNames(body.get("branches"));
    ModelCatalog.Loaded m = catalog.load(Json.text(body, "model", null));
    Map<String, Adapter> adapters = m.styles().adapters();
    StyleMix mix = StyleMix.none();
    JsonNode style = body.get("style");
    if (style != null && !style.isNull()) {
      if (!style.isObject()) throw ApiError.badRequest("'style' must be an object of adapter weights", "send e.g. \"style\": {\"liturgical\": 0.7}");
      for (var e : style.properties()) {
        double w = e.getValue().asDouble(Double.NaN);
        if (!adapters.containsKey(e.getKey())) throw ApiError.badRequest("model '" + m.id + "' has no style adapter '" + e.getKey() + "'", "see GET /api/models/" + m.id + "/adapters");
        if (!e.getValue().isNumber() || !(w >= StudioApi.MIN_STYLE && w <= StudioApi.MAX_STYLE)) throw ApiError.badRequest("style weights must be numbers in -1..2", "e.g. {\"calm\": 1}");
        mix = mix.with(e.getKey(), (float) w);
      }
    }
    if (!running.compareAndSet(false, true)) throw new ApiError(429, "a Hydra is already growing", "wait for it to finish, then ask again");
    Hydra.Result r;
    try {
      // Its own copy of the model: the dial rewrites weights, and Hydra copies it once per branch.
      StyleDial dial = new StyleDial(new ModelDirectory(m.dir).loadModel());
      for (var e : adapters.entrySet()) dial.add(e.getKey(), e.getValue());
      dial.set(mix);
      Hydra hydra = new Hydra(dial, m.tokenizer, null);
      List<HydraBranch> branches;
      try {
        branches = hydra.branches(names);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(e.getMessage(), "send some of realism, wonderland, philosophical, anti-muse");
      }
      try {
        r = hydra.run(prompt, branches, tokens, seed, THREADS);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(e.getMessage(), "give a prompt in the model's alphabet");
      }
    } finally {
      running.set(false);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Hydra.BranchResult b : r.branches()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", b.name());
      one.put("description", b.description());
      one.put("mix", b.mix());
      one.put("sampler", b.sampler());
      one.put("text", b.text());
      one.put("tokens", b.tokens());
      one.put("distinct_2", finite(b.metrics().distinct2()));
      one.put("mean_entropy_bits", finite(b.metrics().meanEntropyBits()));
      one.put("tokens_per_second", finite(b.metrics().tokensPerSecond()));
      out.add(one);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("model", m.id);
    answer.put("prompt", r.prompt());
    answer.put("seed", seed);
    answer.put("prompt_styles", r.promptStyles());
    answer.put("branches", out);
    Json.send(ctx, 200, answer);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String branchNames(JsonNode n) {
    if (n == null || n.isNull()) return null;
    if (n.isTextual()) return n.asText();
    if (n.isArray()) {
      List<String> names = new ArrayList<>();
      for (JsonNode x : n) names.add(x.asText());
      if (names.isEmpty()) throw ApiError.badRequest("'branches' is empty", "name at least one branch");
      return String.join(",", names);
    }
    throw ApiError.badRequest("'branches' must be a list of names", "e.g. [\"realism\", \"wonderland\"]");
  }
}
