package orphic.studio.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import orphic.engine.io.AtomicFiles;
import orphic.lm.train.TrainConfig;
import orphic.lm.adapter.AdapterTrainJob;
import orphic.lm.train.TrainJob;
import orphic.lm.train.Trainer;

/**
 * Training from the page (docs/studio-api.md, "Train"): one job at a time, on its own platform
 * thread, into {@code WORKSPACE/training/NAME}; when it finishes the directory moves to
 * {@code WORKSPACE/models/NAME}, where the model list finds it. Cancelling stops at the next step
 * with a checkpoint, which stays in {@code training/NAME} ({@code ./orphic train … --resume} goes on).
 * Progress is a list of events (step, eval, message, end) that a Server-Sent Events stream replays
 * and then follows.
 */
final class TrainApi implements AutoCloseable {
  static final long MAX_STEPS = 100_000;
  static final double MAX_MINUTES = 120;

  /** One training run and everything it reported. */
  static final class Job implements Trainer.Listener {
    final String name;
    final Path dir;
    final long totalSteps;
    private final List<Map<String, Object>> events = new ArrayList<>();
    private volatile Trainer trainer;
    private volatile boolean cancelRequested;
    private String status = "preparing";
    private long step;
    private double loss = Double.NaN;

    Job(String name, Path dir, long totalSteps) {
      this.name = name;
      this.dir = dir;
      this.totalSteps = totalSteps;
    }

    synchronized void emit(String event, Map<String, Object> data) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("event", event);
      e.put("data", data);
      events.add(e);
      notifyAll();
    }

    /** Events from {@code from} on, waiting up to {@code millis} when there are none yet. */
    synchronized List<Map<String, Object>> since(int from, long millis) throws InterruptedException {
      if (events.size() <= from && !ended()) wait(millis);
      return List.copyOf(events.subList(Math.min(from, events.size()), events.size()));
    }

    synchronized boolean ended() {
      return status.equals("done") || status.equals("cancelled") || status.equals("failed");
    }

    synchronized Map<String, Object> state() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("status", status);
      m.put("step", step);
      m.put("total_steps", totalSteps);
      m.put("loss", Double.isNaN(loss) ? null : loss);
      m.put("events", events.size());
      return m;
    }

    synchronized void status(String s) {
      status = s;
      notifyAll();
    }

    @Override
    public void onStep(Trainer.Progress p) {
      synchronized (this) {
        step = p.step();
        loss = p.loss();
      }
      // At most about 2,000 step events are kept for replay: a long run's chart needs no more.
      long every = Math.max(1, p.totalSteps() / 2000);
      if (p.step() % every != 0 && p.step() != p.totalSteps()) return;
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("step", p.step());
      d.put("total_steps", p.totalSteps());
      d.put("loss", p.loss());
      d.put("learning_rate", p.learningRate());
      d.put("tokens_per_second", p.tokensPerSecond());
      d.put("elapsed_seconds", p.elapsedSeconds());
      emit("step", d);
    }

    @Override
    public void onEval(long step, double trainLoss, double valLoss, List<String> samples) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("step", step);
      d.put("train_loss", Double.isNaN(trainLoss) ? null : trainLoss);
      d.put("val_loss", Double.isNaN(valLoss) ? null : valLoss);
      d.put("samples", samples);
      emit("eval", d);
    }

    @Override
    public void onMessage(String message) {
      emit("message", Map.of("text", message));
    }

    void cancel() {
      cancelRequested = true;
      Trainer t = trainer;
      if (t != null) t.requestStop();
    }
  }

  private final StudioConfig config;
  private final DocumentStore documents;
  private final ModelCatalog catalog;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "orphic-train");
    t.setDaemon(true);
    return t;
  });
  private Job current;

  TrainApi(StudioConfig config, DocumentStore documents, ModelCatalog catalog) {
    this.catalog = catalog;
    this.config = config;
    this.documents = documents;
  }

  /** POST /api/train: starts a job; 409 while one runs. */
  void start(Context ctx) throws IOException {
    JsonNode body = Json.body(ctx, config.limits());
    String name = Json.text(body, "name", "");
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,39}")) {
      throw ApiError.badRequest("'name' must be 1..40 letters, digits, '-' or '_' (starting with a letter or digit), got '" + name + "'",
          "name the model e.g. \"my-voice\"");
    }
    long steps = Json.integer(body, "steps", 300);
    if (steps < 1 || steps > MAX_STEPS) throw ApiError.badRequest("'steps' must be in 1.." + MAX_STEPS, "e.g. 300 for a first try");
    double minutes = body.path("minutes").isNumber() ? body.get("minutes").asDouble() : 2;
    if (!(minutes > 0 && minutes <= MAX_MINUTES)) throw ApiError.badRequest("'minutes' must be in (0, " + (int) MAX_MINUTES + "]", "e.g. 2");
    int layers = size(body, "layers", 2, 1, 12);
    int heads = size(body, "heads", 4, 1, 16);
    int dim = size(body, "dim", 64, 8, 512);
    int context = size(body, "context", 64, 8, 512);
    int batch = size(body, "batch", 16, 1, 256);
    int evalEvery = size(body, "eval_every", (int) Math.max(1, Math.min(100, steps / 5)), 1, 100_000);
    if (dim % heads != 0) throw ApiError.badRequest("'dim' (" + dim + ") must be a multiple of 'heads' (" + heads + ")", "e.g. dim 64 with 4 heads");

    String kind = Json.text(body, "kind", "model");
    if (!kind.equals("model") && !kind.equals("adapter")) {
      throw ApiError.badRequest("'kind' must be model or adapter, got '" + kind + "'", "model trains a new model; adapter a style adapter on 'base'");
    }
    Path base = null;
    int rank = size(body, "rank", 8, 1, 64);
    if (kind.equals("adapter")) {
      String baseId = Json.text(body, "base", "");
      for (ModelCatalog.Entry e : catalog.entries()) if (e.id().equals(baseId)) base = e.dir();
      if (base == null) throw ApiError.notFound("base model '" + baseId + "' (an adapter trains on top of a model: pick one of GET /api/models)");
    }
    Path workspace = config.workspace().toAbsolutePath().normalize();
    Path target = workspace.resolve(kind.equals("adapter") ? ModelCatalog.ADAPTERS : "models").resolve(name);
    Path dir = workspace.resolve("training").resolve(name);
    if (Files.exists(target)) throw new ApiError(409, "the workspace already has a " + kind + " named '" + name + "'", "choose another name");
    if (Files.exists(dir)) {
      throw new ApiError(409, "training/" + name + " already exists in the workspace (an earlier run, maybe cancelled)",
          "choose another name, or go on with ./orphic train --resume --out " + dir);
    }
    List<Path> corpus = corpus(body, workspace, name);

    synchronized (this) {
      if (current != null && !current.ended()) {
        throw new ApiError(409, "a training is already running (" + current.name + ")", "wait for it to finish, or cancel it with POST /api/train/cancel");
      }
      TrainConfig train = new TrainConfig(steps, minutes, batch, 2e-3, 2e-4, "cosine", Math.min(50, Math.max(1, steps / 10)), 1.0, 0.1, false,
          0.9, 0.99, 1337, evalEvery, 1, 120, 60);
      Job job = new Job(name, dir, steps);
      current = job;
      Path baseDir = base;
      if (baseDir != null) {
        // a style adapter: the base model's sizes and tokenizer; the adapter's usual learning rate
        TrainConfig adapterTrain = new TrainConfig(steps, minutes, batch, 3e-3, 3e-4, "cosine", Math.min(50, Math.max(1, steps / 10)), 1.0,
            0.0, false, 0.9, 0.99, 1337, evalEvery, 1, 120, 60);
        var spec = new AdapterTrainJob.Spec(baseDir, corpus, dir, rank, 2f * rank, "attn,mlp", name, 1337L, adapterTrain, false);
        worker.execute(() -> run(job, () -> {
          AdapterTrainJob.Prepared p = AdapterTrainJob.prepare(spec, job);
          return new Started(p.trainer(), String.format(java.util.Locale.ROOT, "style adapter '%s' on %s: rank %d, %,d trainable parameters",
              name, baseDir.getFileName(), rank, p.trainer().parameters().size()), () -> p.run(0).summary());
        }, target));
      } else {
        TrainJob.Spec spec = new TrainJob.Spec(corpus, "gpt", "char", layers, heads, dim, context, null, 1337L, train, dir, false);
        worker.execute(() -> run(job, () -> {
          TrainJob.Prepared p = TrainJob.prepare(spec, job);
          return new Started(p.trainer(), String.format(java.util.Locale.ROOT, "gpt model, %,d parameters, %d symbols, %,d training characters",
              p.trainer().parameters().size(), p.tokenizer().vocabSize(), p.trainTokens()), () -> p.run(0));
        }, target));
      }
      Json.send(ctx, 202, job.state());
    }
  }

  /** A prepared training: its trainer, a line describing it, and the run itself. */
  private record Started(Trainer trainer, String description, Run run) {}

  private interface Run {
    Trainer.Summary run() throws IOException;
  }

  private interface Preparation {
    Started prepare() throws IOException;
  }

  private void run(Job job, Preparation preparation, Path target) {
    try {
      Started p = preparation.prepare();
      job.trainer = p.trainer();
      job.status("running");
      if (job.cancelRequested) p.trainer().requestStop();
      job.emit("message", Map.of("text", p.description()));
      Trainer.Summary s = p.run().run();
      Map<String, Object> end = new LinkedHashMap<>();
      end.put("steps", s.steps());
      end.put("val_loss", Double.isNaN(s.bestValLoss()) ? null : s.bestValLoss());
      if (s.stoppedEarly()) {
        end.put("status", "cancelled");
        end.put("checkpoint", job.dir.toString());
        job.emit("end", end);
        job.status("cancelled");
      } else {
        Files.createDirectories(target.getParent());
        Files.move(job.dir, target, StandardCopyOption.ATOMIC_MOVE);
        end.put("status", "done");
        end.put("model", job.name);
        job.emit("end", end);
        job.status("done");
      }
    } catch (Exception | Error e) {
      Map<String, Object> end = new LinkedHashMap<>();
      end.put("status", "failed");
      end.put("error", String.valueOf(e.getMessage()));
      job.emit("end", end);
      job.status("failed");
    }
  }

  /** The corpus: a server path (file or folder, checked), or the workspace's documents written to one file. */
  private List<Path> corpus(JsonNode body, Path workspace, String name) throws IOException {
    String path = Json.text(body, "corpus", null);
    boolean docs = body.path("documents").asBoolean(false);
    if ((path == null || path.isBlank()) == !docs) {
      throw ApiError.badRequest("send either 'corpus' (a file or folder on this machine) or \"documents\": true", "pick one source of text");
    }
    if (docs) {
      StringBuilder text = new StringBuilder();
      for (Document d : documents.list()) {
        if (d.text().isBlank()) continue;
        text.append(d.text()).append("\n\n");
      }
      if (text.length() < 200) {
        throw ApiError.badRequest("the documents hold only " + text.length() + " characters; a model needs more to learn from",
            "write more, or train on a corpus file");
      }
      Path file = workspace.resolve("training").resolve(name + "-documents.txt");
      Files.createDirectories(file.getParent());
      AtomicFiles.writeBytes(file, text.toString().getBytes(StandardCharsets.UTF_8));
      return List.of(file);
    }
    Path p;
    try {
      p = Path.of(path);
    } catch (InvalidPathException e) {
      throw ApiError.badRequest("'corpus' is not a valid path: " + e.getMessage(), "give the path of a text file or folder on this machine");
    }
    if (!p.isAbsolute()) p = workspace.resolve(p);
    p = p.normalize();
    if (!Files.isReadable(p) || !(Files.isRegularFile(p) || Files.isDirectory(p))) {
      throw ApiError.badRequest("'corpus' " + path + " is not a readable file or folder on this machine",
          "give the path of a UTF-8 text file, or of a folder of them (relative paths start at the workspace)");
    }
    if (Files.isRegularFile(p) && Files.size(p) < 200) {
      throw ApiError.badRequest("'corpus' " + path + " holds only " + Files.size(p) + " bytes; a model needs more to learn from", "use a longer text");
    }
    return List.of(p);
  }

  private static int size(JsonNode body, String field, int otherwise, int min, int max) {
    int v = Json.integer(body, field, otherwise);
    if (v < min || v > max) throw ApiError.badRequest("'" + field + "' must be in " + min + ".." + max + ", got " + v, "leave it out for the default");
    return v;
  }

  /** GET /api/train: the current (or last) job, or null. */
  void state(Context ctx) {
    Job j;
    synchronized (this) {
      j = current;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("job", j == null ? null : j.state());
    Json.send(ctx, 200, out);
  }

  /** POST /api/train/cancel: stops the running job at its next step (checkpoint kept). */
  void cancel(Context ctx) {
    Job j;
    synchronized (this) {
      j = current;
    }
    if (j == null || j.ended()) throw new ApiError(409, "no training is running", "start one with POST /api/train");
    j.cancel();
    Json.send(ctx, 202, j.state());
  }

  /** GET /api/train/events: every event of the current job so far, then each new one, until its end. */
  void events(Context ctx) throws IOException {
    Job j;
    synchronized (this) {
      j = current;
    }
    if (j == null) throw new ApiError(404, "no training has been started", "start one with POST /api/train");
    ctx.status(200);
    ctx.res().setContentType("text/event-stream; charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-store");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    OutputStream out = ctx.res().getOutputStream();
    int sent = 0;
    try {
      while (true) {
        List<Map<String, Object>> batch = j.since(sent, TimeUnit.SECONDS.toMillis(10));
        if (batch.isEmpty()) {
          if (j.ended()) return;
          out.write(": waiting\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          continue;
        }
        for (Map<String, Object> e : batch) {
          out.write(("event: " + e.get("event") + "\ndata: ").getBytes(StandardCharsets.UTF_8));
          out.write(Json.MAPPER.writeValueAsBytes(e.get("data")));
          out.write("\n\n".getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        sent += batch.size();
        if ("end".equals(batch.getLast().get("event"))) return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException gone) {
      // The page went away; the training goes on.
    }
  }

  @Override
  public void close() {
    Job j;
    synchronized (this) {
      j = current;
    }
    if (j != null) j.cancel();
    worker.shutdown();
    try {
      worker.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
