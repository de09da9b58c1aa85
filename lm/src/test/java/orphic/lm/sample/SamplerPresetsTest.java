package orphic.lm.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerPresetsTest {

    private static List<String> vocabulary(int v) {
        List<String> vocab = new ArrayList<>();
        for (int i = 0; i < v; i++) {
            vocab.add(i % 3 == 0 ? " " + (char) ('a' + i % 26) + "a" : String.valueOf((char) ('a' + i % 26)));
        }
        return vocab;
    }

    /** Runs 60 steps of random logits through the settings' chain; every token must be valid. */
    private static void runs(SamplerSettings settings) {
        int v = 64;
        SamplerChain chain = settings.toChain();
        SamplingContext ctx = settings.newContext(vocabulary(v)).start(1, 2, 3);
        SplittableRandom model = new SplittableRandom(5);
        float[] logits = new float[v];
        for (int step = 0; step < 60; step++) {
            for (int i = 0; i < v; i++) {
                logits[i] = (float) (model.nextGaussian() * 3);
            }
            TokenStats st = chain.nextWithStats(logits, ctx);
            assertThat(st).isNotNull();
            assertThat(st.id()).isBetween(0, v - 1);
            assertThat(st.p()).isBetween(0.0, 1.0);
            assertThat(st.entropyBits()).isBetween(0.0, Math.log(v) / Math.log(2) + 1e-9);
            ctx.accept(st.id());
        }
    }

    @Test
    void everyPresetBuildsAndProducesValidTokens() {
        assertThat(SamplerPresets.names()).contains("precise", "balanced", "creative", "haze", "liminal-drift", "fever", "mirostat");
        for (SamplerPreset p : SamplerPresets.all()) {
            assertThat(p.description()).isNotBlank();
            runs(p.settings());
        }
    }

    @Test
    void everyHazeModeBuildsAndProducesValidTokens() {
        for (String mode : SamplerPresets.HAZE_MODES) {
            runs(SamplerPresets.hazeMode(mode));
        }
    }

    @Test
    void everyStageOnAtOnceProducesValidTokens() {
        runs(BenchmarkSettings.allProcessors());
        runs(BenchmarkSettings.allProcessors().toBuilder().temperatureMode(TemperatureMode.RESONANCE).build());
        runs(BenchmarkSettings.allProcessors().toBuilder().sampler(SamplerKind.MIROSTAT).build());
    }

    @Test
    void hazePresetIsEntropyTemperatureThenNucleus() {
        SamplerChain chain = SamplerPresets.get("haze").chain();
        assertThat(chain.toString()).isEqualTo("entropy-temperature(target=3, 0.3..2) → top-p(0.9) → dist");
        assertThat(SamplerPresets.hazeMode("mirostat_v2").toChain().toString())
                .isEqualTo("temperature(1) → haze-mirostat-v2(target=3, rate=0.1)");
        assertThat(SamplerPresets.hazeMode("resonance").toChain().toString())
                .isEqualTo("resonance-temperature(target=0.7, 0.3..2, haze_code) → top-p(0.9) → dist");
    }

    @Test
    void lookupIgnoresCaseAndSeparators() {
        assertThat(SamplerPresets.get("Liminal Drift").name()).isEqualTo("liminal-drift");
        assertThat(SamplerPresets.get("LIMINAL_DRIFT").name()).isEqualTo("liminal-drift");
    }

    @Test
    void unknownNamesListTheValidOnes() {
        assertThatThrownBy(() -> SamplerPresets.get("spicy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown preset 'spicy'")
                .hasMessageContaining("precise, balanced, creative, haze, liminal-drift, fever, mirostat");
        assertThatThrownBy(() -> SamplerPresets.hazeMode("nucleus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("basic, top_k, top_p, entropy, resonance, mirostat, mirostat_v2");
    }
}
