package orphic.lm.sample;

import static orphic.lm.sample.SampleTestKit.decode;
import static orphic.lm.sample.SampleTestKit.encode;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Phrase bans with backtracking, over a toy character "model" that loves one phrase. */
class PhraseBanTest {
    private static final List<String> VOCAB = SampleTestKit.charVocabulary();
    private static final int V = VOCAB.size();
    private static final String LOVED = "the end ";

    /**
     * A model that loves "the end ": it finds the longest suffix of the history that begins the
     * phrase and strongly predicts the phrase's next character (a fresh "t" after a full phrase or
     * none); a detour 'a' keeps a small chance.
     */
    private static final Function<SamplingContext, float[]> LOVES_THE_END = ctx -> {
        int matched = 0;
        for (int k = Math.min(LOVED.length() - 1, ctx.length()); k > 0; k--) {
            boolean ok = true;
            for (int j = 0; j < k && ok; j++) {
                ok = VOCAB.get(ctx.tokenAt(ctx.length() - k + j)).equals(String.valueOf(LOVED.charAt(j)));
            }
            if (ok) {
                matched = k;
                break;
            }
        }
        float[] logits = new float[V];
        logits[VOCAB.indexOf(String.valueOf(LOVED.charAt(matched)))] = 6f;
        logits[VOCAB.indexOf("a")] = 1f;
        return logits;
    };

    @Test
    void theBannedPhraseIsNeverEmitted() {
        SamplerChain chain = SamplerSettings.builder().temperature(1.0).topK(0).topP(1).minP(0)
                .bannedPhrases(List.of("the end")).build().toChain();
        for (long seed = 1; seed <= 5; seed++) {
            SamplingContext ctx = SamplingContext.of(VOCAB, seed).start(encode(VOCAB, "it was "));
            List<Integer> streamed = new ArrayList<>();
            GenerationLoop.Result r = GenerationLoop.builder(chain, LOVES_THE_END).build()
                    .generate(ctx, 200, (id, stats) -> streamed.add(id));
            String text = decode(VOCAB, r.tokens());
            assertThat(text).hasSize(200);
            assertThat(text).doesNotContain("the end");
            assertThat(("it was " + text)).doesNotContain("the end");
            assertThat(r.backtracks()).isPositive();
            assertThat(r.reason()).isEqualTo(GenerationLoop.StopReason.LENGTH);
            assertThat(streamed).containsExactlyElementsOf(toList(r.tokens()));
            assertThat(ctx.generated()).isEqualTo(r.tokens());
        }
    }

    @Test
    void withoutTheBanTheModelSaysIt() {
        SamplerChain chain = SamplerSettings.builder().temperature(1.0).topK(0).topP(1).minP(0).build().toChain();
        SamplingContext ctx = SamplingContext.of(VOCAB, 1).start(encode(VOCAB, "it was "));
        GenerationLoop.Result r = GenerationLoop.builder(chain, LOVES_THE_END).build().generate(ctx, 200);
        assertThat(decode(VOCAB, r.tokens())).contains("the end");
        assertThat(r.backtracks()).isZero();
    }

    @Test
    void streamedTokensAreFinalWhenShown() {
        // the listener must never see a token that is later rolled back: check the prefix property live
        SamplerChain chain = SamplerSettings.builder().temperature(1.0).topK(0).topP(1).minP(0)
                .bannedPhrases(List.of("the end")).build().toChain();
        SamplingContext ctx = SamplingContext.of(VOCAB, 3).start(encode(VOCAB, "x"));
        List<Integer> streamed = new ArrayList<>();
        GenerationLoop.builder(chain, LOVES_THE_END).build().generate(ctx, 120, (id, stats) -> {
            streamed.add(id);
            for (int i = 0; i < streamed.size(); i++) {
                assertThat(ctx.tokenAt(ctx.promptLength() + i)).isEqualTo(streamed.get(i));
            }
            String shown = decode(VOCAB, streamed.stream().mapToInt(Integer::intValue).toArray());
            assertThat(shown).doesNotContain("the end");
        });
        assertThat(streamed).hasSize(120);
    }

    @Test
    void caseInsensitiveAndAcrossThePromptBoundary() {
        // the prompt ends in "the e"; finishing "nd" would complete the phrase, which began in the prompt
        SamplerChain chain = SamplerChain.builder()
                .add(PhraseBan.ofText(List.of("THE END")))
                .add(new Temperature(1.0)).build();
        SamplingContext ctx = SamplingContext.of(VOCAB, 11).start(encode(VOCAB, "so the e"));
        GenerationLoop.Result r = GenerationLoop.builder(chain, LOVES_THE_END).build().generate(ctx, 60);
        assertThat(("so the e" + decode(VOCAB, r.tokens())).toLowerCase(Locale.ROOT)).doesNotContain("the end");
        assertThat(r.backtracks()).isPositive();
    }

    @Test
    void tokenSequencePhrases() {
        int[] phrase = encode(VOCAB, "end");
        SamplerChain chain = SamplerChain.builder().add(PhraseBan.ofTokens(List.of(phrase))).add(new Temperature(1)).build();
        SamplingContext ctx = new SamplingContext(4).start(encode(VOCAB, "a "));
        GenerationLoop.Result r = GenerationLoop.builder(chain, LOVES_THE_END).build().generate(ctx, 150);
        assertThat(decode(VOCAB, r.tokens())).doesNotContain("end");
        assertThat(r.backtracks()).isPositive();
    }

    @Test
    void violationStartPointsAtTheTokenThatBeganThePhrase() {
        List<String> vocab = List.of("the", " e", "nd", "x");
        PhraseBan ban = PhraseBan.ofText(List.of("e end"));
        SamplingContext ctx = SamplingContext.of(vocab, 1).start(3);
        ctx.accept(0); // "the"      position 1
        ctx.accept(1); // " e"       position 2
        assertThat(ban.violationStart(ctx)).isEqualTo(-1);
        ctx.accept(2); // "nd" completes "the end" → "e end" starts inside "the" at position 1
        assertThat(ban.violationStart(ctx)).isEqualTo(1);
        // "e end" has 5 characters: a token is final once ≥ 4 characters follow it
        assertThat(ban.firstUncommitted(ctx)).isEqualTo(2);
    }

    @Test
    void exhaustedBacktracksStopEarlyRatherThanEmit() {
        // a model that can only say "ab" banned as a phrase, with a budget of 2 backtracks
        List<String> vocab = List.of("a", "b");
        Function<SamplingContext, float[]> ab = ctx -> new float[] {0, 0};
        SamplerChain chain = SamplerChain.builder().add(PhraseBan.ofText(List.of("ab", "aa", "bb", "ba"))).build();
        SamplingContext ctx = SamplingContext.of(vocab, 1).start();
        GenerationLoop.Result r = GenerationLoop.builder(chain, ab).maxBacktracks(2).build().generate(ctx, 10);
        assertThat(r.tokens()).hasSizeLessThanOrEqualTo(1);
        assertThat(r.reason()).isIn(GenerationLoop.StopReason.BACKTRACK_LIMIT, GenerationLoop.StopReason.NO_CANDIDATE);
    }

    @Test
    void statsFollowTheKeptTokens() {
        SamplerChain chain = SamplerSettings.builder().temperature(1.0).topK(0).topP(1).minP(0)
                .bannedPhrases(List.of("the end")).build().toChain();
        SamplingContext ctx = SamplingContext.of(VOCAB, 2).start(encode(VOCAB, "it was "));
        GenerationLoop.Result r = GenerationLoop.builder(chain, LOVES_THE_END).collectStats(true).build().generate(ctx, 80);
        assertThat(r.stats()).hasSize(r.tokens().length);
        for (int i = 0; i < r.tokens().length; i++) {
            assertThat(r.stats().get(i).id()).isEqualTo(r.tokens()[i]);
        }
    }

    @Test
    void stopTokenEndsTheGeneration() {
        SamplerChain chain = SamplerChain.builder().add(new Temperature(0)).build();
        SamplingContext ctx = SamplingContext.of(VOCAB, 1).start(encode(VOCAB, "t"));
        int space = VOCAB.indexOf(" ");
        GenerationLoop.Result r = GenerationLoop.builder(chain, LOVES_THE_END).stopToken(t -> t == space).build().generate(ctx, 50);
        assertThat(decode(VOCAB, r.tokens())).isEqualTo("he ");
        assertThat(r.reason()).isEqualTo(GenerationLoop.StopReason.STOP_TOKEN);
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int x : a) {
            l.add(x);
        }
        return l;
    }
}
