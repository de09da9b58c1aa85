package orphic.lm.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerSettingsTest {

    @Test
    void defaultsAreLlamaCpps() {
        SamplerSettings d = SamplerSettings.defaults();
        assertThat(d.sampler()).isEqualTo(SamplerKind.DIST);
        assertThat(d.topK()).isEqualTo(40);
        assertThat(d.topP()).isEqualTo(0.95);
        assertThat(d.minP()).isEqualTo(0.05);
        assertThat(d.typicalP()).isEqualTo(1.0);
        assertThat(d.temperature()).isEqualTo(0.8);
        assertThat(d.penaltyLastN()).isEqualTo(64);
        assertThat(d.repeatPenalty()).isEqualTo(1.0);
        assertThat(d.dryBase()).isEqualTo(1.75);
        assertThat(d.dryAllowedLength()).isEqualTo(2);
        assertThat(d.drySequenceBreakers()).containsExactly("\n", ":", "\"", "*");
        assertThat(d.xtcThreshold()).isEqualTo(0.1);
        assertThat(d.mirostatTau()).isEqualTo(5.0);
        assertThat(d.mirostatEta()).isEqualTo(0.1);
        assertThat(d.order()).isEqualTo(SamplerSettings.DEFAULT_ORDER);
    }

    @Test
    void parsesStringMapsInAnySpelling() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("top_k", "10");
        m.put("top-p", "0.9");
        m.put("minP", "0.1");
        m.put("temp", "1.2");
        m.put("sampler", "Mirostat V2");
        m.put("banned_phrases", "shivers down,her spine\\, again");
        m.put("logit_bias", "5=-inf,7=1.5");
        m.put("dry_sequence_breakers", "\\n,:");
        m.put("lexicon_bias", "{\"silence\": 2, \"void\": 1.5}");
        m.put("samplers", "penalties;top_k;typ_p;temperature");
        m.put("phrase_ban_ignore_case", "false");
        SamplerSettings s = SamplerSettings.fromMap(m);
        assertThat(s.topK()).isEqualTo(10);
        assertThat(s.topP()).isEqualTo(0.9);
        assertThat(s.minP()).isEqualTo(0.1);
        assertThat(s.temperature()).isEqualTo(1.2);
        assertThat(s.sampler()).isEqualTo(SamplerKind.MIROSTAT_V2);
        assertThat(s.bannedPhrases()).containsExactly("shivers down", "her spine, again");
        assertThat(s.logitBias()).containsEntry(5, Double.NEGATIVE_INFINITY).containsEntry(7, 1.5);
        assertThat(s.drySequenceBreakers()).containsExactly("\n", ":");
        assertThat(s.lexiconBias()).containsEntry("silence", 2.0).containsEntry("void", 1.5);
        assertThat(s.order()).containsExactly("penalties", "top-k", "typical", "temperature");
        assertThat(s.phraseBanIgnoreCase()).isFalse();
    }

    @Test
    void presetKeyIsTheBase() {
        SamplerSettings s = SamplerSettings.fromMap(Map.of("preset", "creative", "temperature", "1.3"));
        assertThat(s.temperature()).isEqualTo(1.3);
        assertThat(s.xtcProbability()).isEqualTo(SamplerPresets.get("creative").settings().xtcProbability());
    }

    @Test
    void parsesCliOptions() {
        SamplerSettings s = SamplerSettings.parseArgs(List.of(
                "--top-k", "5", "--temperature=0.7", "--banned-phrases", "a, b", "--ban-phrase", "c",
                "--logit-bias", "3=2", "--logit-bias", "4=-1", "--seed", "9", "--preset", "precise"));
        assertThat(s.topK()).isEqualTo(5);
        assertThat(s.temperature()).isEqualTo(0.7);
        assertThat(s.bannedPhrases()).containsExactly("a, b", "c");
        assertThat(s.logitBias()).containsEntry(3, 2.0).containsEntry(4, -1.0);
        assertThat(s.seed()).isEqualTo(9);
        assertThat(s.minP()).isEqualTo(0.1); // from the preset
        assertThatThrownBy(() -> SamplerSettings.parseArgs(List.of("--top-k")))
                .hasMessageContaining("--top-k needs a value");
    }

    @Test
    void jsonRoundTrip() throws Exception {
        SamplerSettings s = BenchmarkSettings.allProcessors().toBuilder()
                .sampler(SamplerKind.HAZE_MIROSTAT_V2).temperatureMode(TemperatureMode.RESONANCE)
                .resonanceDirection(ResonanceTemperature.Direction.HAZE_CODE).build();
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(s);
        assertThat(text).contains("\"top_k\":50", "\"sampler\":\"haze-mirostat-v2\"", "\"resonance_direction\":\"haze-code\"");
        assertThat(json.readValue(text, SamplerSettings.class)).isEqualTo(s);
        assertThat(SamplerSettings.fromJson(s.toJson())).isEqualTo(s);
        assertThat(SamplerSettings.fromJson("{\"top_p\": 0.5}").topP()).isEqualTo(0.5);
        SamplerSettings banned = SamplerSettings.builder().logitBias(Map.of(7, Double.NEGATIVE_INFINITY)).build();
        assertThat(SamplerSettings.fromJson(banned.toJson())).isEqualTo(banned);
    }

    @Test
    void invalidValuesAreRejectedWithTheValidRange() {
        assertThatThrownBy(() -> SamplerSettings.builder().topK(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("top-k must be ≥ 1, or 0");
        assertThatThrownBy(() -> SamplerSettings.builder().topP(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("top-p must be in (0, 1], got 0");
        assertThatThrownBy(() -> SamplerSettings.builder().topP(1.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> SamplerSettings.builder().temperature(-0.1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature must be a finite number ≥ 0");
        assertThatThrownBy(() -> SamplerSettings.builder().minP(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min-p must be in [0, 1]");
        assertThatThrownBy(() -> SamplerSettings.builder().dryBase(0.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dry-base");
        assertThatThrownBy(() -> SamplerSettings.builder().order(List.of("top-k", "nucleus")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown stage 'nucleus'")
                .hasMessageContaining("top-k, typical, top-p");
        assertThatThrownBy(() -> SamplerSettings.fromMap(Map.of("sampler", "beam")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown sampler 'beam'; valid: dist, greedy, mirostat, mirostat-v2, haze-mirostat, haze-mirostat-v2");
        assertThatThrownBy(() -> SamplerSettings.fromMap(Map.of("preset", "spicy")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("valid presets");
        assertThatThrownBy(() -> SamplerSettings.fromMap(Map.of("top_q", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown sampler setting 'top_q'")
                .hasMessageContaining("top_k");
        assertThatThrownBy(() -> SamplerSettings.fromMap(Map.of("top_k", "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("top_k: expected an integer, got 'many'");
        assertThatThrownBy(() -> SamplerSettings.builder().logitBias(Map.of(1, Double.POSITIVE_INFINITY)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite or -inf");
    }

    @Test
    void processorsValidateToo() {
        assertThatThrownBy(() -> new TopK(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("top-k must be ≥ 1");
        assertThatThrownBy(() -> new TopP(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new Temperature(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Xtc(1.5, 0.1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new Mirostat(0, 0.1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mirostat-tau");
        assertThatThrownBy(() -> new EntropyTemperature(3, 2, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-temperature");
        assertThatThrownBy(() -> RandomSource.cycling(1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neutralStagesAreLeftOut() {
        SamplerSettings s = SamplerSettings.builder().topK(0).topP(1).minP(0).temperature(1).build();
        assertThat(s.toChain().toString()).isEqualTo("temperature(1) → dist");
        SamplerSettings m = SamplerSettings.builder().sampler(SamplerKind.MIROSTAT).dryMultiplier(0.8).build();
        assertThat(m.toChain().toString()).isEqualTo("dry(mult=0.8, base=1.75, allowed=2, last-n=64) → temperature(0.8) → mirostat(tau=5, eta=0.1)");
    }
}
