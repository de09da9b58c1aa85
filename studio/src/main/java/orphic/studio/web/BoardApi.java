package orphic.studio.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orphic.workbench.board.Board;
import orphic.workbench.board.BoardKind;
import orphic.workbench.board.Fragment;
import orphic.workbench.board.FragmentInput;
import orphic.workbench.board.MoodBoard;
import orphic.workbench.board.SearchHit;
import orphic.workbench.board.SearchOptions;
import orphic.workbench.embed.MiniLmEmbedder;
import orphic.workbench.embed.SentenceEmbedder;
import orphic.workbench.store.WorkspaceException;

/**
 * The mood board's JSON API (docs/studio-api.md, "Mood board"): boards, fragments, hybrid search
 * with contrast picks, the failure garden. One {@link MoodBoard} over the studio's workspace,
 * opened on first use with one shared MiniLM embedder; it uses the workspace's connection, so
 * every call runs inside {@link WorkspaceStore#with} (the embedding of a fragment or a query is
 * done under that lock too: a few milliseconds for a paragraph).
 */
final class BoardApi implements AutoCloseable {
  static final int MAX_TEXT = 20_000;
  static final int MAX_K = 50;

  private final StudioConfig config;
  private final WorkspaceStore store;
  private MiniLmEmbedder embedder; // guarded by the store's lock
  private MoodBoard board; // guarded by the store's lock

  BoardApi(StudioConfig config, WorkspaceStore store) {
    this.config = config;
    this.store = store;
  }

  private MoodBoard board(orphic.workbench.store.Workspace ws) {
    if (board == null) {
      SentenceEmbedder e = embedder == null ? (embedder = new MiniLmEmbedder(256, 0, 1)) : embedder;
      board = MoodBoard.open(ws, e);
    }
    return board;
  }

  /** GET /api/boards: every board with its kind and fragment count. */
  void boards(Context ctx) {
    List<Board> boards = store.with(ws -> board(ws).boards());
    Json.send(ctx, 200, Map.of("boards", boards.stream().map(BoardApi::board).toList()));
  }

  /** GET /api/boards/{name}: the board's fragments, newest first, and its tag counts. */
  void fragments(Context ctx) {
    String name = ctx.pathParam("name");
    Map<String, Object> out = store.with(ws -> {
      MoodBoard mb = board(ws);
      Board b;
      try {
        b = mb.requireBoard(name);
      } catch (WorkspaceException e) {
        throw new ApiError(404, "no board '" + name + "'", "list the boards with GET /api/boards, or add a fragment to create it");
      }
      List<Fragment> fs = new ArrayList<>(mb.fragments(b.name()));
      java.util.Collections.reverse(fs);
      Map<String, Object> m = new LinkedHashMap<>(board(b));
      m.put("fragments", fs.stream().map(BoardApi::fragment).toList());
      m.put("tags", mb.tags(b.name()).stream().map(t -> Map.of("tag", t.tag(), "auto", t.auto(), "count", t.count())).toList());
      return m;
    });
    Json.send(ctx, 200, out);
  }

  /** POST /api/boards/{name}/fragments {text, tags?, source?, failure?}: 201 the fragment. */
  void add(Context ctx) {
    String name = ctx.pathParam("name").strip();
    JsonNode body = Json.body(ctx, config.limits());
    if (name.isEmpty() || name.length() > 100) throw ApiError.badRequest("a board name must be 1..100 characters", "use e.g. /api/boards/sea/fragments");
    String text = Json.text(body, "text", "").strip();
    if (text.isEmpty()) throw ApiError.badRequest("'text' is missing or blank", "send the fragment, e.g. {\"text\": \"grey waves on the harbour wall\"}");
    if (text.length() > MAX_TEXT) throw new ApiError(413, "the fragment is longer than " + MAX_TEXT + " characters", "split it into paragraphs");
    List<String> tags = tags(body.get("tags"));
    String source = Json.text(body, "source", "studio");
    JsonNode f = body.get("failure");
    if (f != null && !f.isNull() && !f.isBoolean()) throw ApiError.badRequest("'failure' must be true or false", "send \"failure\": true to keep it in a failure garden");
    BoardKind kind = f != null && f.asBoolean() ? BoardKind.FAILURE_GARDEN : BoardKind.BOARD;
    Fragment made = store.with(ws -> {
      try {
        return board(ws).add(name, kind, FragmentInput.text(text, tags, source));
      } catch (WorkspaceException | IllegalArgumentException e) {
        throw new ApiError(409, e.getMessage(), kind == BoardKind.FAILURE_GARDEN
            ? "failure-garden fragments go to a failure garden: choose another board name"
            : "this board is a failure garden: tick 'failure garden' or choose another board");
      }
    });
    Json.send(ctx, 201, fragment(made));
  }

  /** POST /api/boards/{name}/search {query, k?, contrast?, lambda?, seed?}: aligned picks, then contrast picks. */
  void search(Context ctx) {
    String name = ctx.pathParam("name");
    JsonNode body = Json.body(ctx, config.limits());
    String query = Json.text(body, "query", "").strip();
    if (query.isEmpty()) throw ApiError.badRequest("'query' is missing or blank", "send e.g. {\"query\": \"the tide at night\", \"k\": 8}");
    if (query.length() > MAX_TEXT) throw new ApiError(413, "the query is longer than " + MAX_TEXT + " characters", "search with a shorter text");
    int k = Json.integer(body, "k", SearchOptions.DEFAULT_K);
    if (k < 1 || k > MAX_K) throw ApiError.badRequest("'k' must be 1.." + MAX_K, "send e.g. \"k\": 8");
    double contrast = number(body, "contrast", SearchOptions.DEFAULT_CONTRAST);
    if (contrast < 0 || contrast > 1) throw ApiError.badRequest("'contrast' must be 0..1", "send the share of contrasting picks, e.g. \"contrast\": 0.3");
    double lambda = number(body, "lambda", SearchOptions.DEFAULT_LAMBDA);
    if (lambda < 0 || lambda > 1) throw ApiError.badRequest("'lambda' must be 0..1", "1 ranks by relevance only; 0.7 is the default");
    long seed = body.hasNonNull("seed") ? body.get("seed").asLong() : 42;
    SearchOptions options = SearchOptions.defaults().withK(k).withContrast(contrast).withLambda(lambda).withSeed(seed);
    List<SearchHit> hits = store.with(ws -> {
      MoodBoard mb = board(ws);
      try {
        mb.requireBoard(name);
      } catch (WorkspaceException e) {
        throw new ApiError(404, "no board '" + name + "'", "list the boards with GET /api/boards");
      }
      return mb.search(name, query, options);
    });
    List<Map<String, Object>> out = new ArrayList<>();
    for (SearchHit h : hits) {
      Map<String, Object> m = fragment(h.fragment());
      m.put("role", h.pick().role().name().toLowerCase(java.util.Locale.ROOT));
      m.put("reason", h.pick().reason());
      m.put("cosine", h.pick().cosine());
      m.put("bm25_rank", h.pick().bm25Rank());
      m.put("vector_rank", h.pick().vectorRank());
      out.add(m);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("board", name);
    answer.put("query", query);
    answer.put("k", k);
    answer.put("contrast", contrast);
    answer.put("seed", seed);
    answer.put("results", out);
    Json.send(ctx, 200, answer);
  }

  private static double number(JsonNode body, String field, double otherwise) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return otherwise;
    if (!n.isNumber()) throw ApiError.badRequest("'" + field + "' must be a number", "send e.g. \"" + field + "\": 0.3");
    return n.asDouble();
  }

  private static List<String> tags(JsonNode n) {
    if (n == null || n.isNull()) return List.of();
    List<String> out = new ArrayList<>();
    if (n.isTextual()) {
      for (String t : n.asText().split(",")) if (!t.isBlank()) out.add(t.strip());
    } else if (n.isArray()) {
      for (JsonNode t : n) {
        if (!t.isTextual()) throw ApiError.badRequest("'tags' must be strings", "send e.g. \"tags\": [\"sea\", \"night\"]");
        if (!t.asText().isBlank()) out.add(t.asText().strip());
      }
    } else {
      throw ApiError.badRequest("'tags' must be a list of strings", "send e.g. \"tags\": [\"sea\", \"night\"]");
    }
    if (out.size() > 50 || out.stream().anyMatch(t -> t.length() > 100)) throw ApiError.badRequest("too many or too long tags", "at most 50 tags of 100 characters");
    return out;
  }

  private static Map<String, Object> board(Board b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", b.name());
    m.put("kind", b.kind().sqlName());
    m.put("fragments", b.fragments());
    m.put("created", b.created());
    return m;
  }

  static Map<String, Object> fragment(Fragment f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", f.id());
    m.put("board", f.board());
    m.put("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT));
    m.put("text", f.text());
    m.put("tags", f.tags());
    m.put("auto_tags", f.autoTags());
    m.put("source", f.source());
    m.put("created", f.created());
    return m;
  }

  /** The shared embedder (loaded on first use) and up to {@code max} text fragments of every board, newest first (the style map). */
  record Snapshot(SentenceEmbedder embedder, List<Fragment> fragments) {}

  Snapshot snapshot(int max) {
    return store.with(ws -> {
      MoodBoard mb = board(ws);
      List<Fragment> all = new ArrayList<>();
      for (Board b : mb.boards()) for (Fragment f : mb.fragments(b.name())) if (f.kind() == orphic.workbench.board.FragmentKind.TEXT && !f.text().isBlank()) all.add(f);
      all.sort(java.util.Comparator.comparingLong(Fragment::id).reversed());
      return new Snapshot(embedder, List.copyOf(all.subList(0, Math.min(max, all.size()))));
    });
  }

  /** Closes the board's index and the embedder (before the workspace closes). */
  @Override
  public void close() {
    store.with(ws -> {
      if (board != null) board.close();
      if (embedder != null) embedder.close();
      board = null;
      embedder = null;
      return null;
    });
  }
}
