package orphic.studio.web;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.io.IOException;
import java.util.Map;

/**
 * The local web studio: a Javalin server on virtual threads serving the page (from the jar) and
 * its JSON API (docs/studio-api.md), behind the {@link Guard}'s checks.
 *
 * <pre>{@code
 * try (StudioServer s = StudioServer.start(StudioConfig.local(workspace, model, 7860))) {
 *   System.out.println(s.address());
 *   s.join();
 * }
 * }</pre>
 */
public final class StudioServer implements AutoCloseable {
  static {
    // Jetty and Javalin log through slf4j-simple: warnings and errors only, unless the user set a level.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  private final StudioConfig config;
  private final Javalin app;
  private final GenerationService generations;
  private final ModelCatalog catalog;
  private final StudioApi api;
  private final WorkspaceStore store;
  private final TrainApi training;
  private final BoardApi boards;
  /** Package-private for tests (holding its flag shows the 429). */
  final FogApi fog;
  private final Object stopped = new Object();
  private boolean closed;

  private StudioServer(StudioConfig config, WorkspaceStore store) {
    this.config = config;
    this.store = store;
    DocumentStore documents = store;
    LoomStore loom = store;
    this.catalog = new ModelCatalog(config.workspace(), config.model());
    this.generations = new GenerationService(config.limits().generationWorkers());
    LexiconApi lexicon = new LexiconApi(config, store);
    InspectApi inspect = new InspectApi(config, catalog);
    HydraApi hydra = new HydraApi(config, catalog);
    this.fog = new FogApi(config, catalog);
    FogApi fogs = fog;
    this.training = new TrainApi(config, documents, catalog);
    this.boards = new BoardApi(config, store);
    BoardApi board = boards;
    StyleMapApi styleMap = new StyleMapApi(config, documents, loom, board);
    this.api = new StudioApi(config, catalog, documents, loom, generations, lexicon);
    Guard guard = new Guard(config);
    StaticAssets assets = new StaticAssets();
    this.app = Javalin.create(c -> {
      c.concurrency.useVirtualThreads = true;
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      c.http.compressionStrategy = CompressionStrategy.NONE;
      c.http.maxRequestSize = config.limits().maxBodyBytes();
      c.routes.before(guard::check);
      c.routes.get("/", assets::index);
      c.routes.get("/assets/{name}", assets::asset);
      c.routes.get("/api/health", api::health);
      c.routes.get("/api/models", api::models);
      c.routes.get("/api/models/{id}/adapters", api::adapters);
      c.routes.get("/api/samplers", api::samplers);
      c.routes.get("/api/documents", api::listDocuments);
      c.routes.post("/api/documents", api::createDocument);
      c.routes.get("/api/documents/{id}", api::getDocument);
      c.routes.put("/api/documents/{id}", api::updateDocument);
      c.routes.delete("/api/documents/{id}", api::deleteDocument);
      c.routes.get("/api/documents/{id}/loom", api::loomTree);
      c.routes.get("/api/documents/{id}/loom/{node}", api::loomNode);
      c.routes.post("/api/generate", api::generate);
      c.routes.get("/api/lexicon", lexicon::all);
      c.routes.post("/api/lexicon/terms", lexicon::createTerm);
      c.routes.put("/api/lexicon/terms/{name}", lexicon::updateTerm);
      c.routes.delete("/api/lexicon/terms/{name}", lexicon::deleteTerm);
      c.routes.post("/api/lexicon/relations", lexicon::relate);
      c.routes.delete("/api/lexicon/relations/{id}", lexicon::unrelate);
      c.routes.post("/api/lexicon/activate", lexicon::activate);
      c.routes.post("/api/inspect", inspect::inspect);
      c.routes.post("/api/hydra", hydra::hydra);
      c.routes.post("/api/fog", fogs::fog);
      c.routes.get("/api/stylemap", styleMap::map);
      c.routes.get("/api/boards", board::boards);
      c.routes.get("/api/boards/{name}", board::fragments);
      c.routes.post("/api/boards/{name}/fragments", board::add);
      c.routes.post("/api/boards/{name}/search", board::search);
      c.routes.get("/api/train", training::state);
      c.routes.post("/api/train", training::start);
      c.routes.post("/api/train/cancel", training::cancel);
      c.routes.get("/api/train/events", training::events);
      c.routes.exception(Guard.Redirected.class, (e, ctx) -> {});
      c.routes.exception(ApiError.class, (e, ctx) -> {
        guard.headers(ctx);
        if (e.status() == 429) ctx.header("Retry-After", "2");
        Json.send(ctx, e.status(), Map.of("error", e.getMessage(), "fix", e.fix()));
      });
      c.routes.exception(Exception.class, (e, ctx) -> {
        guard.headers(ctx);
        Json.send(ctx, 500, Map.of("error", "the studio failed: " + e, "fix", "see the terminal running the studio; report it if it persists"));
      });
      c.routes.error(404, ctx -> {
        if (!String.valueOf(ctx.res().getContentType()).startsWith("application/json")) {
          Json.send(ctx, 404, Map.of("error", "nothing here", "fix", "the page is at /, the API under /api (docs/studio-api.md)"));
        }
      });
      c.routes.error(405, ctx -> Json.send(ctx, 405, Map.of("error", "method not allowed here", "fix", "see docs/studio-api.md")));
    });
    app.start(config.host(), config.port());
    guard.port(app.port());
  }

  /**
   * Starts a studio on the SQLite workspace in {@code config.workspace()} (created if missing):
   * documents, loom and lexicon live in its {@code orphic.db}. The workspace is closed with the server.
   */
  public static StudioServer start(StudioConfig config) throws IOException {
    WorkspaceStore store = WorkspaceStore.init(config.workspace());
    try {
      return new StudioServer(config, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  public int port() {
    return app.port();
  }

  /** The address to open, with the token when one is required (show it once). */
  public String address() {
    String h = config.host();
    if (h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) h = "127.0.0.1";
    if (h.contains(":") && !h.startsWith("[")) h = "[" + h + "]";
    return "http://" + h + ":" + port() + "/" + (config.tokenRequired() ? "?token=" + config.token() : "");
  }

  /** Generations running or queued now. */
  public int activeGenerations() {
    return generations.active();
  }

  /** KV-cache decoders lent to running generations now (0 once every generation has ended). */
  public int lentDecoders() {
    return catalog.lentDecoders();
  }

  /** Client slots held by generation requests now. */
  public int heldClientSlots() {
    return api.gate().held();
  }

  /** Blocks until {@link #close} is called (e.g. from a shutdown hook). */
  public void join() throws InterruptedException {
    synchronized (stopped) {
      while (!closed) stopped.wait();
    }
  }

  @Override
  public void close() {
    synchronized (stopped) {
      if (closed) return;
      closed = true;
      stopped.notifyAll();
    }
    generations.close();
    training.close();
    try {
      app.stop();
    } catch (RuntimeException e) {
      // A graceful stop that timed out has still stopped the server; nothing is left to release.
    }
    boards.close();
    store.close();
  }
}
