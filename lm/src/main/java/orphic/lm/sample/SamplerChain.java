package orphic.lm.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns one logits vector (V floats) into a token id: a fixed sequence of {@link LogitProcessor}s
 * followed by one {@link Sampler}, built by {@link #builder()}.
 *
 * <pre>{@code
 * SamplerChain chain = SamplerChain.builder()
 *         .add(new TopK(40)).add(new TopP(0.95)).add(new MinP(0.05)).add(new Temperature(0.8))
 *         .sampler(Sampler.DIST)
 *         .build();
 * SamplingContext ctx = SamplingContext.of(vocabulary, 42).start(promptIds);
 * int next = chain.next(logits, ctx);
 * ctx.accept(next);
 * }</pre>
 *
 * <p>Immutable and thread-safe: everything that changes during a generation (history, μ, scratch)
 * lives in the {@link SamplingContext}, one per generation. {@link #next} allocates nothing once the
 * context has warmed up; {@link #nextWithStats} additionally builds a {@link TokenStats}.
 * {@link SamplerSettings} builds chains from named parameters in llama.cpp's default order.
 */
public final class SamplerChain {
    /** Returned by {@link #next} when the processors removed every candidate (e.g. all tokens banned). */
    public static final int NO_TOKEN = -1;
    /** Number of alternatives reported in {@link TokenStats#top()}. */
    public static final int TOP_ALTERNATIVES = 10;

    private final LogitProcessor[] processors;
    private final Sampler sampler;

    private SamplerChain(List<LogitProcessor> processors, Sampler sampler) {
        this.processors = processors.toArray(new LogitProcessor[0]);
        this.sampler = sampler;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this chain's stages, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (LogitProcessor p : processors) {
            b.add(p);
        }
        return b.sampler(sampler);
    }

    /** The processors in application order. */
    public List<LogitProcessor> processors() {
        return List.of(processors);
    }

    /** The final sampler. */
    public Sampler sampler() {
        return sampler;
    }

    /**
     * Chooses the next token. Does not change the history: call {@link SamplingContext#accept}.
     *
     * @param logits the model's next-token logits (V); read, never modified
     * @return the chosen token id, or {@link #NO_TOKEN} if the processors left no candidate
     */
    public int next(float[] logits, SamplingContext context) {
        Candidates c = run(logits, context);
        if (c == null) {
            return NO_TOKEN;
        }
        int index = sampler.select(c, context);
        return c.id(index);
    }

    /** As {@link #next} but also reports what the step did; null when no candidate was left. */
    public TokenStats nextWithStats(float[] logits, SamplingContext context) {
        Candidates c = run(logits, context);
        if (c == null) {
            return null;
        }
        int index = sampler.select(c, context);
        return stats(c, index, context);
    }

    private Candidates run(float[] logits, SamplingContext context) {
        Objects.requireNonNull(logits, "logits");
        Candidates c = context.beginStep(logits);
        for (LogitProcessor p : processors) {
            p.apply(c, context);
            if (c.size() == 0) {
                return null;
            }
        }
        return c;
    }

    private static TokenStats stats(Candidates c, int chosen, SamplingContext context) {
        int n = c.size();
        double entropy = 0;
        for (int i = 0; i < n; i++) {
            double p = c.prob(i);
            if (p > 0) {
                entropy -= p * Math.log(p);
            }
        }
        // indices of the most probable candidates, descending by p, ties by lower id
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int cmp = Double.compare(c.prob(b), c.prob(a));
            return cmp != 0 ? cmp : Integer.compare(c.id(a), c.id(b));
        });
        List<TokenStats.Alternative> top = new ArrayList<>();
        for (int i = 0; i < Math.min(TOP_ALTERNATIVES, n); i++) {
            int k = order[i];
            top.add(new TokenStats.Alternative(c.id(k), text(context, c.id(k)), c.prob(k)));
        }
        int id = c.id(chosen);
        return new TokenStats(id, text(context, id), c.prob(chosen), entropy / Math.log(2),
                context.temperature(), List.copyOf(top));
    }

    private static String text(SamplingContext context, int id) {
        return context.hasVocabulary() ? context.tokenText(id) : null;
    }

    /** One line per stage, in order, e.g. {@code top-k(k=40) → top-p(p=0.95) → dist}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (LogitProcessor p : processors) {
            sb.append(p).append(" → ");
        }
        return sb.append(sampler).toString();
    }

    /** Collects stages in order; {@link #build()} freezes them. The default sampler is {@link Sampler#DIST}. */
    public static final class Builder {
        private final List<LogitProcessor> processors = new ArrayList<>();
        private Sampler sampler = Sampler.DIST;

        private Builder() {}

        /** Appends a processor; processors run in the order added. */
        public Builder add(LogitProcessor processor) {
            processors.add(Objects.requireNonNull(processor, "processor"));
            return this;
        }

        /** Sets the final sampler (default {@link Sampler#DIST}). */
        public Builder sampler(Sampler sampler) {
            this.sampler = Objects.requireNonNull(sampler, "sampler");
            return this;
        }

        public SamplerChain build() {
            return new SamplerChain(processors, sampler);
        }
    }
}
