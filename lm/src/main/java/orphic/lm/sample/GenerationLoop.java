package orphic.lm.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Drives a generation without knowing the model: asks a next-logits callback for the logits of
 * the current history, samples with a {@link SamplerChain}, accepts the token, and enforces the
 * chain's {@link PhraseBan}s by backtracking.
 *
 * <p>When the accepted token completes a banned phrase, the loop rolls the history back to where
 * the phrase began and forbids the token that began it at that position; sampling resumes from
 * there. Tokens are reported to the {@link Listener} with a delay: a token is shown once enough
 * text follows it that no banned phrase ending later could have begun in it
 * ({@link PhraseBan#firstUncommitted}). Shown tokens are final: should a later backtrack reach
 * behind them (a resampled token can start a new phrase a little earlier), the loop breaks the
 * phrase at the first token after them instead. Either way a banned phrase is never shown, not
 * even briefly, and never ends up in the result. If the backtrack budget runs out, or bans
 * leave no candidate at some position, the generation stops early at that position (reason
 * {@link StopReason#BACKTRACK_LIMIT} / {@link StopReason#NO_CANDIDATE}) rather than emit a banned phrase.
 *
 * <p>The callback sees the whole history (prompt included) through the context and returns the
 * next-token logits (V); a model with a KV cache compares the history with its cache, since a
 * backtrack shortens it. State outside the history (mirostat's μ, resonance history, the random
 * stream) is not rolled back: a backtracked generation is still deterministic for its seed.
 */
public final class GenerationLoop {
    /** Default number of backtracks allowed in one generation. */
    public static final int DEFAULT_MAX_BACKTRACKS = 256;

    private final SamplerChain chain;
    private final Function<SamplingContext, float[]> nextLogits;
    private final List<PhraseBan> bans;
    private final int maxBacktracks;
    private final IntPredicate stopToken;
    private final boolean collectStats;

    /** Why a generation ended. */
    public enum StopReason {
        /** Generated the requested number of tokens. */
        LENGTH,
        /** Emitted a stop token (included in the output). */
        STOP_TOKEN,
        /** Ran out of backtracks while avoiding a banned phrase. */
        BACKTRACK_LIMIT,
        /** The processors removed every candidate (e.g. every token banned). */
        NO_CANDIDATE
    }

    /** Receives tokens once they are final, in order. stats is null unless statistics are collected. */
    @FunctionalInterface
    public interface Listener {
        void token(int id, TokenStats stats);
    }

    /**
     * @param tokens the generated tokens (prompt excluded)
     * @param stats per-token statistics, parallel to tokens, or an empty list when not collected
     * @param backtracks how many times a banned phrase was rolled back
     * @param reason why the generation ended
     */
    public record Result(int[] tokens, List<TokenStats> stats, int backtracks, StopReason reason) {}

    private GenerationLoop(Builder b) {
        this.chain = b.chain;
        this.nextLogits = b.nextLogits;
        this.maxBacktracks = b.maxBacktracks;
        this.stopToken = b.stopToken;
        this.collectStats = b.collectStats;
        List<PhraseBan> found = new ArrayList<>();
        for (LogitProcessor p : chain.processors()) {
            if (p instanceof PhraseBan ban) {
                found.add(ban);
            }
        }
        this.bans = List.copyOf(found);
    }

    /**
     * @param chain the sampler chain; its {@link PhraseBan} stages are enforced by backtracking
     * @param nextLogits the model: history → next-token logits (V)
     */
    public static Builder builder(SamplerChain chain, Function<SamplingContext, float[]> nextLogits) {
        return new Builder(chain, nextLogits);
    }

    /** Options; every one has a default. */
    public static final class Builder {
        private final SamplerChain chain;
        private final Function<SamplingContext, float[]> nextLogits;
        private int maxBacktracks = DEFAULT_MAX_BACKTRACKS;
        private IntPredicate stopToken = t -> false;
        private boolean collectStats;

        private Builder(SamplerChain chain, Function<SamplingContext, float[]> nextLogits) {
            this.chain = Objects.requireNonNull(chain, "chain");
            this.nextLogits = Objects.requireNonNull(nextLogits, "nextLogits");
        }

        /** Backtracks allowed per generation (default 256), ≥ 0. */
        public Builder maxBacktracks(int maxBacktracks) {
            this.maxBacktracks = Check.atLeast("max-backtracks", maxBacktracks, 0);
            return this;
        }

        /** Tokens that end the generation (default none). */
        public Builder stopToken(IntPredicate stopToken) {
            this.stopToken = Objects.requireNonNull(stopToken, "stopToken");
            return this;
        }

        /** Whether to compute {@link TokenStats} for every token (default false). */
        public Builder collectStats(boolean collectStats) {
            this.collectStats = collectStats;
            return this;
        }

        public GenerationLoop build() {
            return new GenerationLoop(this);
        }
    }

    /** Generates up to maxTokens after the context's current history; see {@link #generate(SamplingContext, int, Listener)}. */
    public Result generate(SamplingContext context, int maxTokens) {
        return generate(context, maxTokens, (id, stats) -> {});
    }

    /**
     * Generates up to {@code maxTokens} tokens after the context's history (call
     * {@link SamplingContext#start} first). The context's history ends as prompt + result tokens.
     */
    public Result generate(SamplingContext context, int maxTokens, Listener listener) {
        Check.atLeast("max tokens", maxTokens, 0);
        int base = context.length();
        int target = base + maxTokens;
        context.ensureCapacity(target + 1);
        List<TokenStats> stats = new ArrayList<>();
        int emitted = base;
        int backtracks = 0;
        StopReason reason = StopReason.LENGTH;
        while (context.length() < target) {
            float[] logits = nextLogits.apply(context);
            int token;
            TokenStats st = null;
            if (collectStats) {
                st = chain.nextWithStats(logits, context);
                token = st == null ? SamplerChain.NO_TOKEN : st.id();
            } else {
                token = chain.next(logits, context);
            }
            if (token == SamplerChain.NO_TOKEN) {
                reason = StopReason.NO_CANDIDATE;
                break;
            }
            int position = context.length();
            context.accept(token);
            if (collectStats) {
                while (stats.size() > position - base) {
                    stats.removeLast();
                }
                stats.add(st);
            }
            int rollback = violation(context);
            if (rollback >= 0) {
                // Shown tokens are final: a phrase that began before them is broken at the first token after them.
                rollback = Math.max(rollback, emitted);
                int banned = context.tokenAt(rollback);
                context.rollbackTo(rollback);
                if (backtracks == maxBacktracks) {
                    reason = StopReason.BACKTRACK_LIMIT;
                    break;
                }
                context.forbid(rollback, banned);
                backtracks++;
                continue;
            }
            if (stopToken.test(token)) {
                reason = StopReason.STOP_TOKEN;
                break;
            }
            int safe = firstUncommitted(context);
            emitted = emit(context, listener, stats, base, emitted, safe);
        }
        emit(context, listener, stats, base, emitted, context.length());
        int[] tokens = new int[context.length() - base];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = context.tokenAt(base + i);
        }
        List<TokenStats> kept = collectStats ? List.copyOf(stats.subList(0, tokens.length)) : List.of();
        return new Result(tokens, kept, backtracks, reason);
    }

    private int violation(SamplingContext context) {
        int earliest = -1;
        for (PhraseBan ban : bans) {
            int v = ban.violationStart(context);
            if (v >= 0 && (earliest < 0 || v < earliest)) {
                earliest = v;
            }
        }
        return earliest;
    }

    private int firstUncommitted(SamplingContext context) {
        int first = context.length();
        for (PhraseBan ban : bans) {
            first = Math.min(first, ban.firstUncommitted(context));
        }
        return first;
    }

    private int emit(SamplingContext context, Listener listener, List<TokenStats> stats, int base, int from, int to) {
        for (int i = from; i < to; i++) {
            listener.token(context.tokenAt(i), collectStats ? stats.get(i - base) : null);
        }
        return Math.max(from, to);
    }
}
