package orphic.studio.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import orphic.lm.model.ModelDirectory;
import orphic.workbench.transform.FogEngine;
import orphic.workbench.transform.FogSettings;

/**
 * The ambiguity toggle's API (docs/studio-api.md, "Fog"): {@link FogEngine} on one sentence with the
 * document's model, its hybrids ranked. One fog at a time (429 otherwise): it samples k variants and
 * tags them, seconds of CPU on the shared cores. The engine runs on its own copy of the model (kept
 * for the next call while the model stays the same), so generations are never disturbed.
 */
final class FogApi {
  /** A sentence, not a chapter: longer text is refused (413). */
  static final int MAX_TEXT = 1_000;
  static final int DEFAULT_K = 6;
  static final int MAX_K = 12;

  private final StudioConfig config;
  private final ModelCatalog catalog;
  /** Set while a fog runs; package-private so that a test can hold it to see the 429. */
  final AtomicBoolean running = new AtomicBoolean();
  private ModelCatalog.Loaded engineModel; // guarded by running
  private FogEngine engine; // guarded by running

  FogApi(StudioConfig config, ModelCatalog catalog) {
    this.config = config;
    this.catalog = catalog;
  }

  /** POST /api/fog {text, model?, level, k?, seed?}. */
  void fog(Context ctx) throws Exception {
    JsonNode body = Json.body(ctx, config.limits());
    JsonNode t = body.get("text");
    if (t == null || !t.isTextual() || t.asText().isBlank()) {
      throw ApiError.badRequest("'text' is missing or blank", "send the sentence to fog, e.g. {\"text\": \"The lamp burned all night.\", \"level\": \"medium\"}");
    }
    String text = t.asText();
    if (text.length() > MAX_TEXT) throw new ApiError(413, "the text is longer than " + MAX_TEXT + " characters", "fog one sentence at a time");
    FogSettings settings = level(body.get("level"));
    int k = Json.integer(body, "k", DEFAULT_K);
    if (k < 1 || k > MAX_K) throw ApiError.badRequest("'k' must be 1.." + MAX_K, "send e.g. \"k\": 6");
    JsonNode s = body.get("seed");
    if (s != null && !s.isNull() && !(s.isIntegralNumber() && s.canConvertToLong())) throw ApiError.badRequest("'seed' must be an integer", "send e.g. \"seed\": 7, or leave it out");
    long seed = s != null && !s.isNull() ? s.asLong() : ThreadLocalRandom.current().nextLong(1L << 48);
    ModelCatalog.Loaded m = catalog.load(Json.text(body, "model", null));
    if (!running.compareAndSet(false, true)) throw new ApiError(429, "a fog is already running", "wait for it to finish, then ask again");
    FogEngine.Result r;
    try {
      if (engineModel != m) {
        engine = new FogEngine(new ModelDirectory(m.dir).loadModel(), m.tokenizer);
        engineModel = m;
      }
      try {
        r = engine.fog(text, settings, k, seed);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(e.getMessage(), "send a sentence with some words in the model's alphabet");
      }
    } finally {
      running.set(false);
    }
    List<Map<String, Object>> hybrids = new ArrayList<>();
    for (FogEngine.Hybrid h : r.hybrids()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("text", h.text());
      one.put("score", finite(h.score()));
      one.put("ambiguity", finite(h.ambiguity()));
      one.put("novelty", finite(h.novelty()));
      one.put("distinct_2", finite(h.distinct2()));
      one.put("origin", h.origin());
      one.put("inserted", h.inserted());
      hybrids.add(one);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("model", m.id);
    answer.put("source", r.source());
    answer.put("level", settings.level());
    answer.put("temperature", settings.temperature());
    answer.put("k", k);
    answer.put("seed", seed);
    answer.put("variants", r.variants());
    answer.put("phrases", r.phrases());
    answer.put("hybrids", hybrids);
    Json.send(ctx, 200, answer);
  }

  /** "subtle" | "medium" | "radical" or a number in 0..1; "off" (or nothing) is an error: there is nothing to do. */
  static FogSettings level(JsonNode n) {
    String fix = "send \"level\": \"subtle\", \"medium\", \"radical\" or a number in 0..1";
    if (n == null || n.isNull()) throw ApiError.badRequest("'level' is missing", fix);
    if (n.isNumber()) {
      double v = n.asDouble();
      if (!(v >= 0 && v <= 1)) throw ApiError.badRequest("'level' must be in 0..1, got " + v, fix);
      return new FogSettings(v);
    }
    if (n.isTextual()) {
      switch (n.asText().strip().toLowerCase(java.util.Locale.ROOT)) {
        case "subtle": return FogSettings.SUBTLE;
        case "medium": return FogSettings.MEDIUM;
        case "radical": return FogSettings.RADICAL;
        case "off": throw ApiError.badRequest("the ambiguity toggle is off", "choose subtle, medium or radical to fog a sentence");
        default: throw ApiError.badRequest("unknown level '" + n.asText() + "'", fix);
      }
    }
    throw ApiError.badRequest("'level' must be a name or a number", fix);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
