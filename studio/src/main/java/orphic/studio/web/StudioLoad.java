package orphic.studio.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Models;
import orphic.lm.tokenize.Tokenizer;

/**
 * A bounded load test of the studio on 127.0.0.1 ({@code orphic bench studio}): a studio with a
 * tiny random model in a temporary workspace, and N concurrent clients that for a fixed time do
 * streaming generations (some cancelled after a few tokens by closing the stream), document
 * requests (create, list, read, update) and mood-board requests (fragments added to a few shared
 * boards, embedded with MiniLM, and hybrid searches of them). It counts errors (429s, which the
 * studio answers on purpose when its limits are reached, are counted apart), latency percentiles
 * of time to first token and of whole requests of each kind, the process's resident memory and
 * heap before and after, and whether every generation's resources (generation slots, lent
 * decoders, client slots) are free afterwards.
 */
public final class StudioLoad {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz .,\n'ABCDEFGHIJKLMNOPQRSTUVWXYZ!?";
  /** Mood boards the clients share (client i uses board i mod this), so adds and searches meet on a board. */
  static final int BOARDS = 5;
  private static final String[] WORDS = ("lamp river harbour tide salt wind night window letter bread rain stone "
      + "garden bell winter lantern gull ferry mother kitchen smoke orchard chalk violin moth field").split(" ");

  private StudioLoad() {}

  /**
   * @param clients concurrent clients
   * @param seconds how long they keep sending
   * @param maxTokens tokens per generation
   * @param cancelShare share of generations the client abandons after a few tokens
   * @param documentShare share of requests that are document requests
   * @param boardShare share of requests that are mood-board requests (add a fragment, or search);
   *     the rest, {@code 1 - documentShare - boardShare}, are generations
   * @param workers generations computed at once (the studio's generation workers)
   * @param seed seeds every client's choices
   */
  public record Options(int clients, int seconds, int maxTokens, double cancelShare, double documentShare, double boardShare,
      int workers, long seed) {
    public Options {
      if (clients < 1 || seconds < 1 || maxTokens < 1 || workers < 1) throw new IllegalArgumentException("clients, seconds, max tokens and workers must be >= 1");
      if (cancelShare < 0 || cancelShare > 1 || documentShare < 0 || boardShare < 0 || documentShare + boardShare > 1) {
        throw new IllegalArgumentException("shares must be in [0, 1], and the document and board shares must add up to at most 1");
      }
    }
  }

  /** Latency percentiles in milliseconds. */
  public record Percentiles(long count, double p50, double p95, double p99, double max) {
    static Percentiles of(ConcurrentLinkedQueue<Long> nanos) {
      long[] v = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
      if (v.length == 0) return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      return new Percentiles(v.length, at(v, 0.50), at(v, 0.95), at(v, 0.99), v[v.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
      int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
      return sorted[Math.max(0, i)] / 1e6;
    }
  }

  /** What the run measured. */
  public record Result(Options options, long generations, long cancelled, long tokens, long documentRequests, long fragmentsAdded,
      long searches, long searchResults, long tooMany, long errors, List<String> firstErrors, Percentiles timeToFirstToken,
      Percentiles generation, Percentiles document, Percentiles fragmentAdd, Percentiles search, long rssStartKb, long rssEndKb,
      long heapStartKb, long heapEndKb, boolean resourcesFreed, double secondsToFree) {}

  /** Runs the load test; progress lines go to {@code progress}. */
  public static Result run(Options o, PrintWriter progress) throws IOException, InterruptedException {
    Path workspace = Files.createTempDirectory("orphic-bench-studio");
    try {
      tinyModel(workspace);
      StudioLimits limits = new StudioLimits(1 << 20, 20_000, Math.max(2_000, o.maxTokens()), o.clients(), o.workers());
      try (StudioServer server = StudioServer.start(new StudioConfig(workspace, null, "127.0.0.1", 0, null, limits))) {
        return drive(server, o, progress);
      }
    } finally {
      deleteTree(workspace);
    }
  }

  private static Result drive(StudioServer server, Options o, PrintWriter progress) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    String base = "http://127.0.0.1:" + server.port();
    // Warm-up: load the model once, and (when boards are part of the load) the board's embedder
    // and concept vectors, so the first clients do not all measure the loading.
    try {
      Counters warm = new Counters();
      generate(http, base, "Warm", o.maxTokens(), false, warm);
      if (o.boardShare() > 0) {
        for (int b = 0; b < Math.min(BOARDS, o.clients()); b++) boardRequest(http, base, new Random(b), "load-" + b, true, warm);
        boardRequest(http, base, new Random(0), "load-0", false, warm);
      }
      if (warm.errors.get() > 0) throw new IOException(String.join("; ", warm.firstErrors));
    } catch (IOException e) {
      throw new IllegalStateException("the studio did not answer a first generation or board request: " + e.getMessage(), e);
    }
    System.gc();
    long rssStart = rssKb();
    long heapStart = heapKb();
    Counters c = new Counters();
    long deadline = System.nanoTime() + o.seconds() * 1_000_000_000L;
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < o.clients(); i++) {
      Random r = new Random(o.seed() * 1_000_003L + i);
      String board = "load-" + (i % BOARDS);
      clients.add(Thread.ofVirtual().name("client-" + i).start(() -> client(http, base, o, r, board, deadline, c)));
    }
    long started = System.nanoTime();
    while (clients.stream().anyMatch(Thread::isAlive)) {
      Thread.sleep(1000);
      long s = (System.nanoTime() - started) / 1_000_000_000L;
      if (s % 5 == 0 && s <= o.seconds()) {
        progress.printf("%3d s: %d generations (%d cancelled), %d document requests, %d fragments added, %d searches, %d errors, %d × 429%n", s,
            c.generations.get(), c.cancelled.get(), c.documents.get(), c.fragments.get(), c.searches.get(), c.errors.get(), c.tooMany.get());
        progress.flush();
      }
    }
    // Cancelled streams must give back what they held: poll the server's counters for a while.
    long freeStart = System.nanoTime();
    boolean freed = false;
    while (System.nanoTime() - freeStart < 30_000_000_000L) {
      if (server.activeGenerations() == 0 && server.lentDecoders() == 0 && server.heldClientSlots() == 0) {
        freed = true;
        break;
      }
      Thread.sleep(20);
    }
    double toFree = (System.nanoTime() - freeStart) / 1e9;
    System.gc();
    long rssEnd = rssKb();
    long heapEnd = heapKb();
    return new Result(o, c.generations.get(), c.cancelled.get(), c.tokens.get(), c.documents.get(), c.fragments.get(), c.searches.get(),
        c.searchResults.get(), c.tooMany.get(), c.errors.get(), List.copyOf(c.firstErrors), Percentiles.of(c.ttft),
        Percentiles.of(c.generationNanos), Percentiles.of(c.documentNanos), Percentiles.of(c.fragmentNanos), Percentiles.of(c.searchNanos),
        rssStart, rssEnd, heapStart, heapEnd, freed, toFree);
  }

  private static final class Counters {
    final AtomicLong generations = new AtomicLong(), cancelled = new AtomicLong(), tokens = new AtomicLong();
    final AtomicLong documents = new AtomicLong(), tooMany = new AtomicLong(), errors = new AtomicLong();
    final AtomicLong fragments = new AtomicLong(), searches = new AtomicLong(), searchResults = new AtomicLong();
    final ConcurrentLinkedQueue<Long> ttft = new ConcurrentLinkedQueue<>(), generationNanos = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> documentNanos = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> fragmentNanos = new ConcurrentLinkedQueue<>(), searchNanos = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();

    void error(String what) {
      if (errors.incrementAndGet() <= 10) firstErrors.add(what);
    }
  }

  private static void client(HttpClient http, String base, Options o, Random r, String board, long deadline, Counters c) {
    String documentId = null;
    boolean added = false; // searched only once this client has added to its board, so the board exists
    while (System.nanoTime() < deadline) {
      try {
        double kind = r.nextDouble();
        if (kind < o.documentShare()) {
          documentId = documentRequest(http, base, r, documentId, c);
        } else if (kind < o.documentShare() + o.boardShare()) {
          // Two searches for every fragment added: a writer looks things up more often than she pins them.
          boolean add = !added || r.nextInt(3) == 0;
          if (boardRequest(http, base, r, board, add, c) && add) added = true;
        } else {
          String prompt = ALPHABET.charAt(26 + r.nextInt(26)) + "he " + ALPHABET.charAt(r.nextInt(26));
          generate(http, base, prompt, o.maxTokens(), r.nextDouble() < o.cancelShare(), c);
        }
      } catch (IOException e) {
        c.error(e.getClass().getSimpleName() + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String documentRequest(HttpClient http, String base, Random r, String id, Counters c) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    HttpResponse<String> resp;
    String next = id;
    int op = id == null ? 0 : r.nextInt(4);
    String text = "draft " + r.nextInt(1_000_000) + " " + "the lamp and the river ".repeat(1 + r.nextInt(40));
    switch (op) {
      case 0 -> resp = http.send(json(base + "/api/documents", "POST", Map.of("title", "load", "text", text)), HttpResponse.BodyHandlers.ofString());
      case 1 -> resp = http.send(HttpRequest.newBuilder(URI.create(base + "/api/documents")).GET().build(), HttpResponse.BodyHandlers.ofString());
      case 2 -> resp = http.send(HttpRequest.newBuilder(URI.create(base + "/api/documents/" + id)).GET().build(), HttpResponse.BodyHandlers.ofString());
      default -> resp = http.send(json(base + "/api/documents/" + id, "PUT", Map.of("text", text)), HttpResponse.BodyHandlers.ofString());
    }
    long dt = System.nanoTime() - t0;
    c.documents.incrementAndGet();
    if (resp.statusCode() == 429) {
      c.tooMany.incrementAndGet();
    } else if (resp.statusCode() / 100 != 2) {
      c.error("document " + op + ": HTTP " + resp.statusCode() + " " + clip(resp.body()));
    } else {
      c.documentNanos.add(dt);
      if (op == 0) next = JSON.readTree(resp.body()).path("id").asText(null);
    }
    return next;
  }

  /**
   * Adds a fragment to {@code board} or searches it; true when the studio answered 2xx. Fragments
   * are a few words of a small vocabulary, so BM25 and the vectors both have something to find; a
   * search of a board that has fragments must return some.
   */
  private static boolean boardRequest(HttpClient http, String base, Random r, String board, boolean add, Counters c)
      throws IOException, InterruptedException {
    StringBuilder text = new StringBuilder("the");
    for (int i = 0, n = add ? 6 + r.nextInt(20) : 1 + r.nextInt(3); i < n; i++) text.append(' ').append(WORDS[r.nextInt(WORDS.length)]);
    long t0 = System.nanoTime();
    HttpResponse<String> resp = add
        ? http.send(json(base + "/api/boards/" + board + "/fragments", "POST", Map.of("text", text.toString(), "tags", List.of("load"))),
            HttpResponse.BodyHandlers.ofString())
        : http.send(json(base + "/api/boards/" + board + "/search", "POST", Map.of("query", text.toString(), "k", 8)),
            HttpResponse.BodyHandlers.ofString());
    long dt = System.nanoTime() - t0;
    (add ? c.fragments : c.searches).incrementAndGet();
    String what = add ? "board add" : "board search";
    if (resp.statusCode() == 429) {
      c.tooMany.incrementAndGet();
      return false;
    }
    if (resp.statusCode() / 100 != 2) {
      c.error(what + ": HTTP " + resp.statusCode() + " " + clip(resp.body()));
      return false;
    }
    if (add) {
      c.fragmentNanos.add(dt);
    } else {
      int results = JSON.readTree(resp.body()).path("results").size();
      if (results == 0) {
        c.error(what + ": no results for '" + text + "' on " + board + ", which has fragments");
        return false;
      }
      c.searchResults.addAndGet(results);
      c.searchNanos.add(dt);
    }
    return true;
  }

  private static void generate(HttpClient http, String base, String prompt, int maxTokens, boolean cancel, Counters c)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    HttpResponse<InputStream> resp = http.send(json(base + "/api/generate", "POST",
        Map.of("prompt", prompt, "max_tokens", maxTokens, "model", "tiny")), HttpResponse.BodyHandlers.ofInputStream());
    if (resp.statusCode() != 200) {
      String body;
      try (InputStream in = resp.body()) {
        body = new String(in.readNBytes(300), StandardCharsets.UTF_8);
      }
      if (resp.statusCode() == 429) c.tooMany.incrementAndGet();
      else c.error("generate: HTTP " + resp.statusCode() + " " + clip(body));
      return;
    }
    int tokens = 0;
    boolean done = false;
    // A cancelling client hangs up after 1..4 tokens, as a closed browser tab would.
    int cancelAfter = cancel ? 1 + (int) ((t0 >>> 8) & 3) : Integer.MAX_VALUE;
    try (InputStream in = resp.body(); BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String event = null;
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.startsWith("event: ")) {
          event = line.substring(7).trim();
        } else if (line.startsWith("data: ") && event != null) {
          switch (event) {
            case "token" -> {
              if (tokens++ == 0) c.ttft.add(System.nanoTime() - t0);
              c.tokens.incrementAndGet();
            }
            case "done" -> done = true;
            case "error" -> {
              c.error("generate: error event " + clip(line.substring(6)));
              return;
            }
            default -> { }
          }
          event = null;
          if (done || tokens >= cancelAfter) break;
        }
      }
    }
    c.generations.incrementAndGet();
    if (done) {
      c.generationNanos.add(System.nanoTime() - t0);
    } else if (tokens >= cancelAfter) {
      c.cancelled.incrementAndGet();
    } else {
      c.error("generate: the stream ended without a done event after " + tokens + " tokens");
    }
  }

  private static HttpRequest json(String url, String method, Map<String, Object> body) throws IOException {
    return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
  }

  private static String clip(String s) {
    String t = s.replaceAll("\\s+", " ");
    return t.length() > 160 ? t.substring(0, 160) + "…" : t;
  }

  /** A 2-layer character model with random weights: what matters here is the server, not the text. */
  private static void tinyModel(Path workspace) throws IOException {
    Tokenizer tok = Tokenizer.train("char", ALPHABET);
    ModelConfig config = ModelConfig.gpt(tok.vocabSize(), 64, 32, 2, 2);
    LanguageModel model = Models.build(config);
    ModelDirectory dir = new ModelDirectory(workspace.resolve("models").resolve("tiny")).create();
    dir.writeConfig(config, null, null, "char");
    dir.writeWeights(model.module(), null);
    tok.save(dir.file(ModelDirectory.TOKENIZER));
  }

  /** Heap in use (after the caller's GC) in KiB: what the server holds on to, unlike RSS, which only grows with the heap. */
  static long heapKb() {
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) / 1024;
  }

  /** Resident set size of this process in KiB (Linux /proc), or -1 where unknown. */
  static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
