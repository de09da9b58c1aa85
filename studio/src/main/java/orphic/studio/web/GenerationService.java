package orphic.studio.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import orphic.lm.adapter.StyleMix;
import orphic.lm.sample.GenerationLoop;
import orphic.lm.sample.SamplerChain;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.sample.SamplingContext;
import orphic.lm.sample.TokenStats;
import orphic.lm.tokenize.Decoder;

/**
 * Runs generations on a few platform threads (the model is CPU-bound work that would otherwise
 * hold the virtual threads' carriers and stall every other request) and hands their tokens to the
 * request that asked, through a queue. A generation stops at its length, at a stop condition of
 * the sampler chain, or when cancelled ({@link Run#cancel}: the request's client went away), and
 * then gives its decoder back to the model's pool. Thread-safe.
 */
final class GenerationService implements AutoCloseable {
  /** What a running generation reports, in order: tokens, then one end. */
  sealed interface Event permits TokenEvent, End {}

  /** One token, final (never taken back). */
  record TokenEvent(int index, LoomNode.TokenRecord token) implements Event {}

  /**
   * The last event.
   *
   * @param reason length, stop_token, backtrack_limit, no_candidate, cancelled or error
   * @param tail text of bytes left incomplete at the end (usually empty)
   * @param error what went wrong when reason is error, else null
   */
  record End(String reason, String tail, String error) implements Event {}

  /** A generation in progress. */
  static final class Run {
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final List<LoomNode.TokenRecord> tokens = new ArrayList<>();
    final CompletableFuture<End> done = new CompletableFuture<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Stops the generation before its next token. */
    void cancel() {
      cancelled.set(true);
    }
  }

  private static final class Cancelled extends RuntimeException {
    Cancelled() {
      super(null, null, false, false);
    }
  }

  private final ExecutorService workers;
  private final AtomicInteger active = new AtomicInteger();

  GenerationService(int threads) {
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "orphic-generate-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Generations started and not yet ended (queued ones included). */
  int active() {
    return active.get();
  }

  /** Starts generating up to maxTokens tokens after promptIds (never empty). */
  Run start(ModelCatalog.Loaded m, int[] promptIds, SamplerSettings settings, int maxTokens) {
    return start(m, promptIds, settings, UnaryOperator.identity(), maxTokens);
  }

  /** As above, with the settings' chain changed by {@code chain} (e.g. a lexicon bias put in front). */
  Run start(ModelCatalog.Loaded m, int[] promptIds, SamplerSettings settings, UnaryOperator<SamplerChain> chain, int maxTokens) {
    return start(m, promptIds, settings, chain, null, maxTokens);
  }

  /** As above, computing with {@code style} (a mix of the model's adapters; null or all 0: the model as it is). */
  Run start(ModelCatalog.Loaded m, int[] promptIds, SamplerSettings settings, UnaryOperator<SamplerChain> chain, StyleMix style, int maxTokens) {
    Run run = new Run();
    active.incrementAndGet();
    try {
      workers.execute(() -> generate(m, promptIds, settings, chain, style, maxTokens, run));
    } catch (RuntimeException e) {
      active.decrementAndGet();
      throw new ApiError(503, "the studio is shutting down", "start it again");
    }
    return run;
  }

  private void generate(ModelCatalog.Loaded m, int[] promptIds, SamplerSettings settings, UnaryOperator<SamplerChain> chain, StyleMix style,
      int maxTokens, Run run) {
    End end;
    Function<SamplingContext, float[]> logits = null;
    try {
      if (run.cancelled.get()) throw new Cancelled();
      logits = m.borrow(style);
      Function<SamplingContext, float[]> model = logits;
      SamplingContext ctx = settings.newContext(m.vocabulary);
      ctx.start(promptIds);
      Decoder decoder = m.tokenizer.decoder();
      GenerationLoop loop = GenerationLoop.builder(chain.apply(settings.toChain()), c -> {
        if (run.cancelled.get()) throw new Cancelled();
        return model.apply(c);
      }).collectStats(true).build();
      GenerationLoop.Result r = loop.generate(ctx, maxTokens, (id, st) -> {
        LoomNode.TokenRecord t = record(m, id, decoder.push(id), st);
        run.tokens.add(t);
        run.events.add(new TokenEvent(run.tokens.size() - 1, t));
      });
      end = new End(r.reason().name().toLowerCase(Locale.ROOT), decoder.finish(), null);
    } catch (Cancelled c) {
      end = new End("cancelled", "", null);
    } catch (RuntimeException | Error e) {
      end = new End("error", "", String.valueOf(e.getMessage()));
    } finally {
      if (logits != null) m.release(logits);
    }
    active.decrementAndGet();
    run.events.add(end);
    run.done.complete(end);
  }

  static LoomNode.TokenRecord record(ModelCatalog.Loaded m, int id, String text, TokenStats st) {
    List<LoomNode.Alternative> top = new ArrayList<>(st.top().size());
    for (TokenStats.Alternative a : st.top()) top.add(new LoomNode.Alternative(a.id(), m.vocabulary.get(a.id()), a.p()));
    return new LoomNode.TokenRecord(id, text, st.p(), st.entropyBits(), top);
  }

  @Override
  public void close() {
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
