package orphic.studio.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orphic.workbench.lexicon.Activation;
import orphic.workbench.lexicon.ActivationResult;
import orphic.workbench.lexicon.Activator;
import orphic.workbench.lexicon.EntryTrace;
import orphic.workbench.lexicon.Lexicon;
import orphic.workbench.lexicon.PhraseBias;
import orphic.workbench.lexicon.Relation;
import orphic.workbench.lexicon.ScanSettings;
import orphic.workbench.lexicon.Term;
import orphic.workbench.store.WorkspaceException;

/**
 * The lexicon's JSON API (docs/studio-api.md, "Lexicon"): the workspace's terms and relations,
 * edited from the page, and the activation tester. Activation settings travel as the workspace
 * stores them (snake_case fields of {@link Activation}).
 */
final class LexiconApi {
  /** The lexicon's own JSON spelling (snake_case), for activation settings. */
  static final ObjectMapper SNAKE = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final StudioConfig config;
  private final WorkspaceStore store;

  LexiconApi(StudioConfig config, WorkspaceStore store) {
    this.config = config;
    this.store = store;
  }

  /** GET /api/lexicon: every term and every relation. */
  void all(Context ctx) {
    Map<String, Object> out = store.with(ws -> {
      Lexicon lex = new Lexicon(ws);
      List<Term> terms = lex.list();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("terms", terms.stream().map(LexiconApi::term).toList());
      m.put("relations", lex.relationsAmong(terms).stream().map(LexiconApi::relation).toList());
      return m;
    });
    Json.send(ctx, 200, out);
  }

  /** POST /api/lexicon/terms: a new term (409 when the name is taken). */
  void createTerm(Context ctx) {
    JsonNode body = Json.body(ctx, config.limits());
    String name = Json.text(body, "name", "").strip();
    if (name.isEmpty()) throw ApiError.badRequest("'name' is missing or blank", "send the term's name, e.g. {\"name\": \"debt\"}");
    if (name.length() > 200) throw ApiError.badRequest("'name' is longer than 200 characters", "use a shorter name; put the rest in the definition");
    Term made = store.with(ws -> {
      Lexicon lex = new Lexicon(ws);
      var existing = lex.find(name);
      if (existing.isPresent() && existing.get().name().equalsIgnoreCase(name)) {
        throw new ApiError(409, "the lexicon already has a term '" + existing.get().name() + "'", "edit it with PUT /api/lexicon/terms/NAME");
      }
      return lex.put(fromBody(name, body, null));
    });
    Json.send(ctx, 201, term(made));
  }

  /** PUT /api/lexicon/terms/{name}: definition, aliases and activation; only the fields sent change. */
  void updateTerm(Context ctx) {
    String name = ctx.pathParam("name");
    JsonNode body = Json.body(ctx, config.limits());
    Term updated = store.with(ws -> {
      Lexicon lex = new Lexicon(ws);
      Term old = lex.list().stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst()
          .orElseThrow(() -> new ApiError(404, "no lexicon term '" + name + "'", "list the terms with GET /api/lexicon"));
      String newName = Json.text(body, "name", old.name()).strip();
      if (!newName.equals(old.name())) {
        throw ApiError.badRequest("a term cannot be renamed here", "delete it and add the new name (its relations go with it), or add the new spelling as an alias");
      }
      return lex.put(fromBody(old.name(), body, old));
    });
    Json.send(ctx, 200, term(updated));
  }

  /** DELETE /api/lexicon/terms/{name}: the term and its relations. */
  void deleteTerm(Context ctx) {
    String name = ctx.pathParam("name");
    boolean gone = store.with(ws -> new Lexicon(ws).remove(name));
    if (!gone) throw new ApiError(404, "no lexicon term '" + name + "'", "list the terms with GET /api/lexicon");
    ctx.status(204);
  }

  /** POST /api/lexicon/relations {from, type, to}: idempotent. */
  void relate(Context ctx) {
    JsonNode body = Json.body(ctx, config.limits());
    String from = Json.text(body, "from", "");
    String to = Json.text(body, "to", "");
    String type = Json.text(body, "type", Relation.LINKED);
    if (from.isBlank() || to.isBlank()) throw ApiError.badRequest("'from' and 'to' must name terms", "send e.g. {\"from\": \"debt\", \"type\": \"EVOLVES_TO\", \"to\": \"tithe\"}");
    if (type.isBlank() || type.length() > 60) throw ApiError.badRequest("'type' must be 1..60 characters", "use EVOLVES_TO, APPEARS_IN, LINKED or a short name of yours");
    Relation r = store.with(ws -> {
      try {
        return new Lexicon(ws).relate(from, type, to);
      } catch (WorkspaceException e) {
        throw new ApiError(404, e.getMessage(), "add both terms first (POST /api/lexicon/terms)");
      }
    });
    Json.send(ctx, 201, relation(r));
  }

  /** DELETE /api/lexicon/relations/{id}. */
  void unrelate(Context ctx) {
    long id = WorkspaceStore.rowId(ctx.pathParam("id"));
    boolean gone = store.with(ws -> {
      Lexicon lex = new Lexicon(ws);
      for (Relation r : lex.relationsAmong(lex.list())) {
        if (r.id() == id) return lex.unrelate(r.from(), r.type(), r.to());
      }
      return false;
    });
    if (!gone) throw new ApiError(404, "no relation " + ctx.pathParam("id"), "list the relations with GET /api/lexicon");
    ctx.status(204);
  }

  /** POST /api/lexicon/activate {text, seed?, scan_depth?, budget?}: which entries fire on the text, and why. */
  void activate(Context ctx) {
    JsonNode body = Json.body(ctx, config.limits());
    String text = Json.text(body, "text", "");
    if (text.length() > config.limits().maxPromptChars() * 10) {
      throw new ApiError(413, "the text is too long to test (" + text.length() + " characters)", "test a shorter passage");
    }
    long seed = body.path("seed").canConvertToLong() ? body.get("seed").asLong() : 42;
    int depth = Json.integer(body, "scan_depth", 0);
    int budget = Json.integer(body, "budget", 0);
    if (depth < 0 || budget < 0) throw ApiError.badRequest("'scan_depth' and 'budget' must be >= 0", "use 0 for no limit");
    ActivationResult r = store.with(ws -> Activator.activate(text, new Lexicon(ws).list(),
        ScanSettings.DEFAULT.withScanDepth(depth).withBudget(budget), seed));
    Json.send(ctx, 200, result(r, seed));
  }

  /** The activation pass on a prompt, for the generation's lexical virality (empty lexicon: nothing fires). */
  ActivationResult activateOn(String text, long seed) {
    return store.with(ws -> Activator.activate(text, new Lexicon(ws).list(), ScanSettings.DEFAULT, seed));
  }

  /**
   * The phrase biases of lexical virality v: every form of every fired term, pushed by v times the
   * term's own bias (or by v logits when it has none), with the term's un-bias choice.
   */
  private static Term fromBody(String name, JsonNode body, Term old) {
    String definition = Json.text(body, "definition", old == null ? "" : old.definition());
    List<String> aliases = old == null ? List.of() : old.aliases();
    JsonNode a = body.get("aliases");
    if (a != null && !a.isNull()) {
      if (!a.isArray()) throw ApiError.badRequest("'aliases' must be a list of strings", "send e.g. \"aliases\": [\"owing\"]");
      List<String> list = new ArrayList<>();
      for (JsonNode x : a) {
        if (!x.isTextual()) throw ApiError.badRequest("'aliases' must be a list of strings", "send e.g. \"aliases\": [\"owing\"]");
        list.add(x.asText());
      }
      aliases = list;
    }
    Activation activation = old == null ? Activation.DEFAULT : old.activation();
    JsonNode act = body.get("activation");
    if (act != null && !act.isNull()) {
      if (!act.isObject()) throw ApiError.badRequest("'activation' must be a JSON object", "send e.g. \"activation\": {\"bias\": 2.5}");
      try {
        // Fields sent replace those of the stored activation; the rest stay.
        JsonNode merged = SNAKE.valueToTree(activation);
        ((com.fasterxml.jackson.databind.node.ObjectNode) merged).setAll((com.fasterxml.jackson.databind.node.ObjectNode) act);
        activation = SNAKE.treeToValue(merged, Activation.class);
      } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        throw ApiError.badRequest("bad activation settings: " + root.getMessage(), "see docs/lexicon.md, \"Activation\", for the fields and their ranges");
      }
    }
    try {
      return Term.of(name, definition, aliases, activation);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage(), "see docs/lexicon.md");
    }
  }

  static Map<String, Object> term(Term t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("definition", t.definition());
    m.put("aliases", t.aliases());
    m.put("activation", SNAKE.convertValue(t.activation(), Map.class));
    return m;
  }

  static Map<String, Object> relation(Relation r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("from", r.from());
    m.put("type", r.type());
    m.put("to", r.to());
    return m;
  }

  private static Map<String, Object> result(ActivationResult r, long seed) {
    List<Object> traces = new ArrayList<>();
    for (EntryTrace t : r.traces()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("term", t.term());
      m.put("outcome", t.outcome().name());
      m.put("fired", t.fired());
      m.put("key", t.key());
      m.put("position", t.position());
      m.put("matched", t.matched());
      m.put("roll", t.roll());
      m.put("cost", t.cost());
      m.put("notes", t.notes());
      m.put("line", t.describe());
      traces.add(m);
    }
    List<Object> biases = new ArrayList<>();
    for (PhraseBias p : r.phraseBiases()) biases.add(Map.of("phrase", p.phrase(), "strength", p.strength(), "unbias", p.unbiasOnceEmitted()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seed", seed);
    out.put("scan_start", r.scanStart());
    out.put("fired", r.firedNames());
    out.put("traces", traces);
    out.put("priming", r.priming());
    out.put("budget_used", r.budgetUsed());
    out.put("phrase_biases", biases);
    return out;
  }
}
