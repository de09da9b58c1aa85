package orphic.studio.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import orphic.lm.adapter.StyleMix;
import orphic.lm.sample.SamplerChain;
import orphic.lm.sample.SamplerPreset;
import orphic.lm.sample.SamplerPresets;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.tokenize.Decoder;
import orphic.workbench.lexicon.LexiconOutputBias;
import orphic.workbench.lexicon.PhraseBias;

/**
 * The JSON API's handlers (docs/studio-api.md). They parse and validate, then call the catalog,
 * the stores and the generation service; answers are JSON, generation is a Server-Sent Events
 * stream.
 */
final class StudioApi {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  /** Sent when no token arrived for this long, so a vanished client is noticed even while a generation waits its turn. */
  private static final long KEEPALIVE_SECONDS = 10;

  private final StudioConfig config;
  private final ModelCatalog catalog;
  private final DocumentStore documents;
  private final LoomStore loom;
  private final GenerationService generations;
  private final ClientGate gate;
  private final LexiconApi lexicon;

  /** The settings key of lexical virality: how hard the lexicon's fired terms are pushed into the output (0 = off). */
  static final String VIRALITY = "lexical_virality";
  /** The settings key of the style dial: {adapter name: weight}. */
  static final String STYLE = "style";
  static final double MIN_STYLE = -1, MAX_STYLE = 2;
  static final double MAX_VIRALITY = 10;

  StudioApi(StudioConfig config, ModelCatalog catalog, DocumentStore documents, LoomStore loom, GenerationService generations, LexiconApi lexicon) {
    this.config = config;
    this.lexicon = lexicon;
    this.catalog = catalog;
    this.documents = documents;
    this.loom = loom;
    this.generations = generations;
    this.gate = new ClientGate(config.limits().maxGenerationsPerClient());
  }

  ClientGate gate() {
    return gate;
  }

  // ------------------------------------------------------------------ models and samplers

  void health(Context ctx) {
    Json.send(ctx, 200, Map.of("ok", true, "generations", generations.active()));
  }

  void models(Context ctx) throws IOException {
    List<Object> list = new ArrayList<>();
    for (ModelCatalog.Entry e : catalog.entries()) list.add(catalog.describe(e));
    Json.send(ctx, 200, Map.of("models", list));
  }

  void samplers(Context ctx) {
    List<Object> presets = new ArrayList<>();
    for (SamplerPreset p : SamplerPresets.all()) {
      presets.add(Map.of("name", p.name(), "description", p.description(), "settings", p.settings().toMap()));
    }
    SamplerSettings d = SamplerSettings.defaults();
    List<Object> sliders = List.of(
        slider("temperature", "Temperature", 0, 2, 0.05, d.temperature(), "Lower: likelier, safer words. Higher: more surprise, more mistakes."),
        slider("top_k", "Top-k", 0, 200, 1, d.topK(), "Keep only the k likeliest tokens (0 = off)."),
        slider("top_p", "Top-p", 0.05, 1, 0.01, d.topP(), "Keep the smallest set of tokens holding this much probability (1 = off)."),
        slider("min_p", "Min-p", 0, 0.5, 0.01, d.minP(), "Drop tokens less likely than this fraction of the likeliest (0 = off)."),
        slider("anti_coherence", "Anti-coherence", 0, 0.1, 0.005, d.antiCoherence(), "Pushes away from the likeliest continuation: the text drifts and breaks (0 = off)."),
        slider(VIRALITY, "Lexical virality", 0, 5, 0.1, 0,
            "Pushes the lexicon's terms that fire on the prompt into the continuation: 1 = each term's own bias (or +1), 0 = off."));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("default_preset", SamplerPresets.DEFAULT);
    out.put("presets", presets);
    out.put("sliders", sliders);
    out.put("defaults", d.toMap());
    out.put("max_tokens", Map.of("default", Math.min(80, config.limits().maxTokens()), "max", config.limits().maxTokens()));
    out.put("max_prompt_chars", config.limits().maxPromptChars());
    Json.send(ctx, 200, out);
  }

  private static Map<String, Object> slider(String key, String label, double min, double max, double step, double value, String help) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("label", label);
    m.put("min", min);
    m.put("max", max);
    m.put("step", step);
    m.put("default", value);
    m.put("help", help);
    return m;
  }

  // ------------------------------------------------------------------ documents

  void listDocuments(Context ctx) throws IOException {
    List<Object> list = new ArrayList<>();
    for (Document d : documents.list()) {
      list.add(Map.of("id", d.id(), "title", d.title(), "updated", d.updated(), "chars", d.text().length()));
    }
    Json.send(ctx, 200, Map.of("documents", list));
  }

  void createDocument(Context ctx) throws IOException {
    JsonNode body = Json.body(ctx, config.limits());
    String title = Json.text(body, "title", "Untitled");
    String text = Json.text(body, "text", "");
    checkLength("text", text);
    Json.send(ctx, 201, documents.create(clipTitle(title), text, settings(body)));
  }

  void getDocument(Context ctx) throws IOException {
    Json.send(ctx, 200, document(ctx.pathParam("id")));
  }

  /** Partial update: only the fields sent change. */
  void updateDocument(Context ctx) throws IOException {
    Document d = document(ctx.pathParam("id"));
    JsonNode body = Json.body(ctx, config.limits());
    String title = Json.text(body, "title", d.title());
    String text = Json.text(body, "text", d.text());
    checkLength("text", text);
    String head = body.has("head") ? Json.text(body, "head", null) : d.head();
    if (head != null && loom.node(d.id(), head).isEmpty()) throw ApiError.notFound("loom node " + head);
    Map<String, Object> settings = body.has("settings") ? settings(body) : d.settings();
    Json.send(ctx, 200, documents.put(new Document(d.id(), clipTitle(title), text, settings, head, d.created(), d.updated())));
  }

  void deleteDocument(Context ctx) throws IOException {
    if (!documents.delete(ctx.pathParam("id"))) throw ApiError.notFound("document " + ctx.pathParam("id"));
    ctx.status(204);
  }

  void loomTree(Context ctx) throws IOException {
    Document d = document(ctx.pathParam("id"));
    List<Object> nodes = new ArrayList<>();
    for (LoomNode n : loom.nodes(d.id())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", n.id());
      m.put("parent", n.parent());
      m.put("kind", n.kind());
      m.put("text", n.text());
      m.put("tokens", n.tokens().size());
      m.put("created", n.created());
      nodes.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("head", d.head());
    out.put("nodes", nodes);
    Json.send(ctx, 200, out);
  }

  void loomNode(Context ctx) throws IOException {
    Document d = document(ctx.pathParam("id"));
    LoomNode n = loom.node(d.id(), ctx.pathParam("node")).orElseThrow(() -> ApiError.notFound("loom node " + ctx.pathParam("node")));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", n);
    out.put("text_before", n.parent() == null ? "" : loom.text(d.id(), n.parent()));
    Json.send(ctx, 200, out);
  }

  private Document document(String id) throws IOException {
    return documents.get(id).orElseThrow(() -> ApiError.notFound("document " + id));
  }

  private Map<String, Object> settings(JsonNode body) {
    JsonNode s = body.get("settings");
    if (s == null || s.isNull()) return Map.of();
    if (!s.isObject()) throw ApiError.badRequest("'settings' must be a JSON object", "send e.g. \"settings\": {\"preset\": \"balanced\"}");
    return Json.MAPPER.convertValue(s, MAP);
  }

  private void checkLength(String field, String text) {
    int limit = config.limits().maxPromptChars() * 10;
    if (text.length() > limit) {
      throw new ApiError(413, "'" + field + "' is too long (" + text.length() + " characters, limit " + limit + ")", "split the text into several documents");
    }
  }

  private static String clipTitle(String title) {
    String t = title.strip();
    return t.length() > 200 ? t.substring(0, 200) : t;
  }

  // ------------------------------------------------------------------ generation

  /** What the request asks for, validated. */
  private record Plan(String documentId, String attachTo, String writerText, int[] promptIds, List<LoomNode.TokenRecord> forced, int keep) {}

  /**
   * POST /api/generate: streams {@code start}, then one {@code token} event per token, then
   * {@code done} (or {@code error}). Disconnecting cancels the generation; what was generated by
   * then is still saved in the loom.
   */
  void generate(Context ctx) throws IOException {
    JsonNode body = Json.body(ctx, config.limits());
    int maxTokens = Json.integer(body, "max_tokens", Math.min(80, config.limits().maxTokens()));
    if (maxTokens < 1 || maxTokens > config.limits().maxTokens()) {
      throw ApiError.badRequest("'max_tokens' must be in 1.." + config.limits().maxTokens() + ", got " + maxTokens, "ask for fewer tokens");
    }
    Map<String, Object> given = new LinkedHashMap<>(settings(body));
    if (!given.containsKey("seed")) given.put("seed", ThreadLocalRandom.current().nextLong(1L << 48));
    double virality = virality(given.remove(VIRALITY));
    Map<String, Float> style = style(given.remove(STYLE));
    SamplerSettings settings;
    try {
      settings = SamplerSettings.fromMap(given);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("bad sampler settings: " + e.getMessage(), "see GET /api/samplers for the parameters and their ranges");
    }
    String client = ctx.ip();
    gate.enter(client);
    try {
      ModelCatalog.Loaded m = catalog.load(modelFor(body));
      StyleMix mix = null;
      if (!style.isEmpty()) {
        Map<String, ?> offered = m.styles().adapters();
        for (String name : style.keySet()) {
          if (!offered.containsKey(name)) {
            throw ApiError.badRequest("model '" + m.id + "' has no style adapter '" + name + "'",
                "see GET /api/models/" + m.id + "/adapters (adapters live in WORKSPACE/adapters/NAME/ and must be made for this model)");
          }
        }
        mix = new StyleMix(style);
      }
      Plan plan = plan(body, m);
      List<PhraseBias> biases = List.of();
      if (virality > 0 && lexicon != null) {
        // The text the model continues from (the prompt, or a taken alternative's text up to it).
        String context = m.tokenizer.decode(plan.promptIds());
        biases = lexicon.activateOn(context, settings.seed()).viralBiases(virality);
      }
      stream(ctx, m, plan, settings, biases, virality, mix, maxTokens);
    } finally {
      gate.leave(client);
    }
  }

  /** settings.style: {adapter name: weight in -1..2}; empty when absent. */
  private static Map<String, Float> style(Object v) {
    if (v == null) return Map.of();
    String fix = "send e.g. \"style\": {\"liturgical\": 0.7}: adapter names from GET /api/models/ID/adapters, weights in -1..2";
    if (!(v instanceof Map<?, ?> given)) throw ApiError.badRequest("'style' must be an object of adapter weights", fix);
    Map<String, Float> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : given.entrySet()) {
      if (!(e.getValue() instanceof Number n) || !(n.doubleValue() >= MIN_STYLE && n.doubleValue() <= MAX_STYLE)) {
        throw ApiError.badRequest("the weight of style '" + e.getKey() + "' must be a number in -1..2, got " + e.getValue(), fix);
      }
      out.put(String.valueOf(e.getKey()), n.floatValue());
    }
    return out;
  }

  /** GET /api/models/{id}/adapters: the style adapters offered with a model (its style dial), and the ones skipped. */
  void adapters(Context ctx) throws IOException {
    ModelCatalog.Loaded m = catalog.load(ctx.pathParam("id"));
    ModelCatalog.Loaded.Styles styles = m.styles();
    List<Map<String, Object>> list = new ArrayList<>();
    for (String name : new java.util.TreeSet<>(styles.adapters().keySet())) {
      var a = styles.adapters().get(name);
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", name);
      one.put("style", a.style());
      one.put("rank", a.rank());
      one.put("method", a.method());
      one.put("min", MIN_STYLE);
      one.put("max", MAX_STYLE);
      one.put("default", 0);
      list.add(one);
    }
    List<Map<String, Object>> skipped = new ArrayList<>();
    for (String name : new java.util.TreeSet<>(styles.skipped().keySet())) skipped.add(Map.of("name", name, "problem", styles.skipped().get(name)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", m.id);
    out.put("adapters", list);
    out.put("skipped", skipped);
    Json.send(ctx, 200, out);
  }

  private static double virality(Object v) {
    if (v == null) return 0;
    if (!(v instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= MAX_VIRALITY)) {
      throw ApiError.badRequest("'lexical_virality' must be a number in 0.." + (int) MAX_VIRALITY + ", got " + v, "0 turns it off; 1 applies the terms' own biases");
    }
    return n.doubleValue();
  }

  /** The model asked for; taking an alternative continues with the model that made the node. */
  private String modelFor(JsonNode body) throws IOException {
    JsonNode take = body.get("take");
    String docId = Json.text(body, "document", null);
    if (take != null && take.isObject() && docId != null && take.path("node").isTextual()) {
      var node = loom.node(docId, take.get("node").asText());
      if (node.isPresent() && node.get().meta().get("model") instanceof String made) return made;
    }
    return Json.text(body, "model", null);
  }

  private Plan plan(JsonNode body, ModelCatalog.Loaded m) throws IOException {
    String docId = Json.text(body, "document", null);
    if (docId != null) document(docId);
    JsonNode take = body.get("take");
    if (take != null && !take.isNull()) {
      if (docId == null) throw ApiError.badRequest("'take' needs 'document'", "send the document the token belongs to");
      String nodeId = Json.text(take, "node", null);
      LoomNode n = loom.node(docId, nodeId).orElseThrow(() -> ApiError.notFound("loom node " + nodeId));
      int index = Json.integer(take, "index", -1);
      int id = Json.integer(take, "id", -1);
      if (!n.kind().equals("model") || index < 0 || index >= n.tokens().size()) {
        throw ApiError.badRequest("'take.index' must name a generated token of node " + n.id() + " (0.." + (n.tokens().size() - 1) + ")",
            "click a token of a generated passage");
      }
      if (id < 0 || id >= m.vocabulary.size()) throw ApiError.badRequest("'take.id' is not a token of this model", "pick an alternative listed for the token");
      LoomNode.TokenRecord was = n.tokens().get(index);
      double p = 0;
      for (LoomNode.Alternative a : was.top()) if (a.id() == id) p = a.p();
      List<LoomNode.TokenRecord> forced = new ArrayList<>(n.tokens().subList(0, index));
      forced.add(new LoomNode.TokenRecord(id, m.vocabulary.get(id), p, was.entropy(), was.top()));
      String before = n.parent() == null ? "" : loom.text(docId, n.parent());
      int[] base = encode(m, before);
      int[] ids = new int[base.length + forced.size()];
      System.arraycopy(base, 0, ids, 0, base.length);
      for (int i = 0; i < forced.size(); i++) ids[base.length + i] = forced.get(i).id();
      if (ids.length == 0) throw ApiError.badRequest("nothing to continue from", "write some text first");
      return new Plan(docId, n.parent(), null, ids, forced, index);
    }
    String prompt = Json.text(body, "prompt", null);
    if (prompt == null || prompt.isEmpty()) throw ApiError.badRequest("'prompt' is missing or empty", "send the text to continue as \"prompt\"");
    if (prompt.length() > config.limits().maxPromptChars()) {
      throw new ApiError(413, "the prompt is too long (" + prompt.length() + " characters, limit " + config.limits().maxPromptChars() + ")",
          "continue from a shorter passage: only the last part of a long text matters to a small model anyway");
    }
    int[] ids = encode(m, prompt);
    if (ids.length == 0) throw ApiError.badRequest("the prompt encodes to no tokens with this model", "write some text the model knows");
    String attach = null;
    String writerText = prompt;
    if (docId != null) {
      String parent = Json.text(body, "parent", null);
      if (parent != null) {
        if (loom.node(docId, parent).isEmpty()) throw ApiError.notFound("loom node " + parent);
        String at = loom.text(docId, parent);
        if (prompt.startsWith(at)) {
          attach = parent;
          writerText = prompt.substring(at.length());
        }
      }
    }
    return new Plan(docId, attach, writerText, ids, List.of(), 0);
  }

  private static int[] encode(ModelCatalog.Loaded m, String text) {
    try {
      return m.tokenizer.encode(text);
    } catch (RuntimeException e) {
      throw ApiError.badRequest("the model's tokenizer cannot read this text: " + e.getMessage(), "remove the characters it does not know");
    }
  }

  private void stream(Context ctx, ModelCatalog.Loaded m, Plan plan, SamplerSettings settings, List<PhraseBias> biases, double virality,
      StyleMix style, int maxTokens) throws IOException {
    UnaryOperator<SamplerChain> chain = UnaryOperator.identity();
    if (!biases.isEmpty()) chain = new LexiconOutputBias(biases, 0)::prependTo;
    GenerationService.Run run = generations.start(m, plan.promptIds(), settings, chain, style, maxTokens);
    ctx.status(200);
    ctx.res().setContentType("text/event-stream; charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-store");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    OutputStream out = ctx.res().getOutputStream();
    boolean connected = true;
    GenerationService.End end;
    try {
      Map<String, Object> start = new LinkedHashMap<>();
      start.put("model", m.id);
      start.put("seed", settings.seed());
      start.put("prompt_tokens", plan.promptIds().length);
      start.put("keep", plan.keep());
      start.put("forced", plan.forced());
      start.put("lexical_virality", virality);
      start.put("lexicon_phrases", biases.stream().map(PhraseBias::phrase).toList());
      start.put(STYLE, style == null ? Map.of() : style.weights());
      event(out, "start", start);
      while (true) {
        GenerationService.Event e = run.events.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
        if (e == null) {
          out.write(": waiting\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
        } else if (e instanceof GenerationService.TokenEvent t) {
          Map<String, Object> ev = new LinkedHashMap<>();
          ev.put("index", t.index());
          ev.put("id", t.token().id());
          ev.put("text", t.token().text());
          ev.put("p", t.token().p());
          ev.put("entropy", t.token().entropy());
          ev.put("top", t.token().top());
          event(out, "token", ev);
        } else {
          break;
        }
      }
    } catch (IOException | InterruptedException gone) {
      // The client went away (or the server is stopping): stop computing for nobody.
      connected = false;
      run.cancel();
      if (gone instanceof InterruptedException) Thread.currentThread().interrupt();
    }
    end = run.done.join();
    LoomNode saved = save(plan, m, settings, virality, style, run, end);
    if (!connected) return;
    Map<String, Object> done = new LinkedHashMap<>();
    done.put("reason", end.reason());
    done.put("tail", end.tail());
    done.put("tokens", run.tokens.size());
    if (end.error() != null) done.put("error", end.error());
    if (saved != null) {
      done.put("node", saved.id());
      done.put("parent", saved.parent());
    }
    try {
      event(out, end.error() == null ? "done" : "error", done);
    } catch (IOException ignored) {
      // Gone at the last moment; the node is saved.
    }
  }

  /** Saves the continuation (even a cancelled one: nothing generated is lost) and moves the document's head to it. */
  private LoomNode save(Plan plan, ModelCatalog.Loaded m, SamplerSettings settings, double virality, StyleMix style, GenerationService.Run run,
      GenerationService.End end) throws IOException {
    if (plan.documentId() == null || (run.tokens.isEmpty() && plan.forced().isEmpty())) return null;
    synchronized (loom) {
      String parent = plan.attachTo();
      if (plan.writerText() != null && !plan.writerText().isEmpty()) {
        parent = loom.add(plan.documentId(), parent, "writer", plan.writerText(), List.of(), Map.of()).id();
      }
      List<LoomNode.TokenRecord> tokens = new ArrayList<>(plan.forced());
      tokens.addAll(run.tokens);
      StringBuilder text = new StringBuilder();
      if (!plan.forced().isEmpty()) {
        Decoder d = m.tokenizer.decoder();
        for (LoomNode.TokenRecord t : plan.forced()) text.append(d.push(t.id()));
        for (LoomNode.TokenRecord t : run.tokens) text.append(d.push(t.id()));
        text.append(d.finish());
      } else {
        for (LoomNode.TokenRecord t : run.tokens) text.append(t.text());
        text.append(end.tail());
      }
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("model", m.id);
      meta.put("seed", settings.seed());
      meta.put("reason", end.reason());
      meta.put("settings", settings.toMap());
      if (virality > 0) meta.put(VIRALITY, virality);
      if (style != null) meta.put(STYLE, style.weights());
      LoomNode node = loom.add(plan.documentId(), parent, "model", text.toString(), tokens, meta);
      documents.get(plan.documentId()).ifPresent(d -> {
        try {
          documents.put(new Document(d.id(), d.title(), d.text(), d.settings(), node.id(), d.created(), d.updated()));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      return node;
    }
  }

  private static void event(OutputStream out, String name, Object data) throws IOException {
    byte[] json = Json.MAPPER.writeValueAsBytes(data);
    out.write(("event: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8));
    out.write(json); // JSON never contains a raw newline, so one data line holds it
    out.write("\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
