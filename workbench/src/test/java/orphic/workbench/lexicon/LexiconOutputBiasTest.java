package orphic.workbench.lexicon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import orphic.lm.sample.Sampler;
import orphic.lm.sample.SamplerChain;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.sample.SamplingContext;
import org.junit.jupiter.api.Test;

class LexiconOutputBiasTest {
    // a character vocabulary; token "x" is the model's favourite (logit 1), everything else 0
    private static final List<String> VOCAB = List.of("x", " ", "d", "e", "b", "t");

    private static String generate(LexiconOutputBias bias, String prompt, int n) {
        SamplerChain chain = bias.prependTo(SamplerChain.builder().sampler(Sampler.GREEDY).build());
        SamplingContext ctx = SamplingContext.of(VOCAB, 1).start(ids(prompt));
        float[] logits = {1, 0, 0, 0, 0, 0};
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int id = chain.next(logits, ctx);
            ctx.accept(id);
            out.append(VOCAB.get(id));
        }
        return out.toString();
    }

    private static int[] ids(String s) {
        return s.chars().map(c -> VOCAB.indexOf(String.valueOf((char) c))).toArray();
    }

    @Test
    void aStrongBiasSpellsThePhraseAndKeepsSpellingItWithoutUnbias() {
        LexiconOutputBias bias = new LexiconOutputBias(List.of(new PhraseBias("debt", 2, false)), 0);
        assertThat(generate(bias, "x", 8)).isEqualTo("debtdebt");
    }

    @Test
    void unbiasStopsOnceThePhraseWasGenerated() {
        LexiconOutputBias bias = new LexiconOutputBias(List.of(new PhraseBias("debt", 2, true)), 0);
        assertThat(generate(bias, "x", 8)).isEqualTo("debtxxxx");
        // a phrase already in the prompt does not count as emitted
        assertThat(generate(bias, "debt", 5)).isEqualTo("debtx");
    }

    @Test
    void minPrefixOneOnlyContinuesAPhraseAlreadyBegun() {
        LexiconOutputBias bias = new LexiconOutputBias(List.of(new PhraseBias("debt", 2, false)), 1);
        assertThat(generate(bias, "x", 3)).isEqualTo("xxx");
        assertThat(generate(bias, "d", 3)).isEqualTo("ebt");
    }

    @Test
    void aWeakBiasLosesToTheModelAndUnspellablePhrasesAreSkipped() {
        LexiconOutputBias weak = new LexiconOutputBias(List.of(new PhraseBias("debt", 0.5, false)), 0);
        assertThat(generate(weak, "x", 3)).isEqualTo("xxx");
        LexiconOutputBias foreign = new LexiconOutputBias(List.of(new PhraseBias("zebra", 9, false)), 0);
        assertThat(generate(foreign, "x", 3)).isEqualTo("xxx");
    }

    @Test
    void phrasesWithoutUnbiasRideTheChainsOwnLexiconHook() {
        SamplerSettings base = SamplerSettings.builder().lexiconBias(Map.of("debt", 1.0)).build();
        LexiconOutputBias bias = new LexiconOutputBias(List.of(new PhraseBias("debt", 2, false), new PhraseBias("tide", 1, false),
                new PhraseBias("bone", 3, true)), 0);
        assertThat(bias.withSettings(base).lexiconBias()).containsExactly(Map.entry("debt", 3.0), Map.entry("tide", 1.0));
    }
}
