package orphic.studio.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import orphic.studio.web.StudioLoad;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic bench studio}: a bounded load test of the web studio on 127.0.0.1 (docs/reliability.md). */
@Command(name = "studio", sortOptions = false,
    description = "Load-test the web studio on 127.0.0.1 with a tiny model: concurrent streaming generations "
        + "(some cancelled), document requests and mood-board adds and searches; errors, latency percentiles, memory, resources freed.")
final class BenchStudioCommand implements Callable<Integer> {
  @Option(names = "--clients", paramLabel = "N", description = "Concurrent clients (default ${DEFAULT-VALUE}).", defaultValue = "50")
  int clients;

  @Option(names = "--seconds", paramLabel = "S", description = "How long the clients keep sending (default ${DEFAULT-VALUE}).", defaultValue = "60")
  int seconds;

  @Option(names = "--max-tokens", paramLabel = "T", description = "Tokens per generation (default ${DEFAULT-VALUE}).", defaultValue = "40")
  int maxTokens;

  @Option(names = "--workers", paramLabel = "W", description = "Generations computed at once (default ${DEFAULT-VALUE}, the studio's default).", defaultValue = "2")
  int workers;

  @Option(names = "--cancel", paramLabel = "SHARE", description = "Share of generations abandoned after a few tokens (default ${DEFAULT-VALUE}).", defaultValue = "0.2")
  double cancel;

  @Option(names = "--documents", paramLabel = "SHARE", description = "Share of requests that are document requests (default ${DEFAULT-VALUE}).", defaultValue = "0.3")
  double documents;

  @Option(names = "--boards", paramLabel = "SHARE", description = "Share of requests that are mood-board requests: "
      + "a fragment added (embedded with MiniLM) or, twice as often, a search (default ${DEFAULT-VALUE}).", defaultValue = "0.2")
  double boards;

  @Option(names = "--seed", description = "Seed of the clients' choices (default ${DEFAULT-VALUE}).", defaultValue = "1")
  long seed;

  @Option(names = "--json", description = "Last stdout line: JSON with every figure.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    StudioLoad.Options o;
    try {
      o = new StudioLoad.Options(clients, seconds, maxTokens, cancel, documents, boards, workers, seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    var out = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
    out.printf("%d clients for %d s, %d tokens per generation, %d generation workers%n", clients, seconds, maxTokens, workers);
    out.flush();
    StudioLoad.Result r = StudioLoad.run(o, spec.commandLine().getErr());
    out.printf(Locale.ROOT, "generations %d (%d cancelled), tokens %d, document requests %d, fragments added %d, searches %d (%d results)%n",
        r.generations(), r.cancelled(), r.tokens(), r.documentRequests(), r.fragmentsAdded(), r.searches(), r.searchResults());
    out.printf(Locale.ROOT, "errors %d, deliberate 429s %d%n", r.errors(), r.tooMany());
    for (String e : r.firstErrors()) out.println("  " + e);
    line(out, "time to first token", r.timeToFirstToken());
    line(out, "whole generation", r.generation());
    line(out, "document request", r.document());
    line(out, "fragment add", r.fragmentAdd());
    line(out, "board search", r.search());
    out.printf(Locale.ROOT, "RSS %.1f MiB at start, %.1f MiB at end; heap in use after GC %.1f MiB at start, %.1f MiB at end%n",
        r.rssStartKb() / 1024.0, r.rssEndKb() / 1024.0, r.heapStartKb() / 1024.0, r.heapEndKb() / 1024.0);
    out.printf(Locale.ROOT, "resources freed after the run: %s (%.2f s)%n", r.resourcesFreed() ? "yes" : "NO", r.secondsToFree());
    out.flush();
    if (json) {
      var j = JsonLine.object();
      j.put("clients", clients);
      j.put("seconds", seconds);
      j.put("generations", r.generations());
      j.put("cancelled", r.cancelled());
      j.put("tokens", r.tokens());
      j.put("document_requests", r.documentRequests());
      j.put("fragments_added", r.fragmentsAdded());
      j.put("searches", r.searches());
      j.put("search_results", r.searchResults());
      j.put("errors", r.errors());
      j.put("too_many", r.tooMany());
      put(j, "ttft_ms", r.timeToFirstToken());
      put(j, "generation_ms", r.generation());
      put(j, "document_ms", r.document());
      put(j, "fragment_ms", r.fragmentAdd());
      put(j, "search_ms", r.search());
      j.put("rss_start_kb", r.rssStartKb());
      j.put("rss_end_kb", r.rssEndKb());
      j.put("heap_start_kb", r.heapStartKb());
      j.put("heap_end_kb", r.heapEndKb());
      j.put("resources_freed", r.resourcesFreed());
      JsonLine.print(spec.commandLine().getOut(), j);
    }
    return r.errors() == 0 && r.resourcesFreed() ? 0 : 1;
  }

  private static void line(java.io.PrintWriter out, String what, StudioLoad.Percentiles p) {
    out.printf(Locale.ROOT, "%-20s n=%d  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms%n", what, p.count(), p.p50(), p.p95(), p.p99(), p.max());
  }

  private static void put(com.fasterxml.jackson.databind.node.ObjectNode j, String key, StudioLoad.Percentiles p) {
    var o = j.putObject(key);
    o.put("count", p.count());
    o.put("p50", p.p50());
    o.put("p95", p.p95());
    o.put("p99", p.p99());
    o.put("max", p.max());
  }
}
