package orphic.lm.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The named presets, looked up by name ({@link #get}); {@link #hazeMode} reproduces each sampling
 * mode of haze's {@code generate} with haze's defaults.
 *
 * <p>The presets avoid the repetition penalties on purpose: on a character vocabulary they punish
 * the commonest letters rather than repeated phrases.
 */
public final class SamplerPresets {
    private SamplerPresets() {}

    /** Default preset name. */
    public static final String DEFAULT = "balanced";

    /**
     * haze's stage order: temperature before the truncations (haze picks the nucleus after
     * heating), constraints and biases first as usual.
     */
    public static final List<String> HAZE_ORDER = List.of(
            "logit-bias", "token-ban", "phrase-ban", "lexicon-bias", "phonetic-bias", "penalties", "dry",
            "temperature", "top-k", "top-p", "min-p", "anti-coherence");

    private static final Map<String, SamplerPreset> PRESETS = new LinkedHashMap<>();

    private static void put(String name, String description, SamplerSettings.Builder settings) {
        PRESETS.put(name, new SamplerPreset(name, description, settings.build()));
    }

    static {
        put("greedy", "Always the single most likely token: deterministic, and quick to loop.",
                SamplerSettings.builder().sampler(SamplerKind.GREEDY).temperature(0).topK(0).topP(1).minP(0));
        put("precise", "Stays close to the corpus: cool and narrow, the most likely phrasing usually wins.",
                SamplerSettings.builder().temperature(0.5).topK(40).topP(0.9).minP(0.1));
        put("balanced", "llama.cpp's defaults: fluent, with some room to wander.",
                SamplerSettings.builder());
        put("creative", "Warmer, with min-p keeping it legible and XTC refusing the most obvious turn now and then.",
                SamplerSettings.builder().temperature(1.1).topK(0).topP(1).minP(0.05).xtcProbability(0.5).xtcThreshold(0.1));
        put("haze", "haze's default: the temperature adapts to hold the entropy near 3 bits, then a 0.9 nucleus.",
                hazeBase().temperatureMode(TemperatureMode.ENTROPY).topP(0.9));
        put("liminal-drift", "Drifts between the familiar and the strange; temperature rises with uncertainty, and sometimes a word arrives from nowhere.",
                SamplerSettings.builder().temperature(1.0).dynatempRange(0.4).topK(0).topP(1).minP(0.05)
                        .xtcProbability(0.25).xtcThreshold(0.15).antiCoherence(0.005));
        put("fever", "Hot and loose, half-delirious: expect broken words and startling joins.",
                SamplerSettings.builder().temperature(1.4).topK(0).topP(1).minP(0.02)
                        .xtcProbability(0.6).xtcThreshold(0.1).antiCoherence(0.02));
        put("mirostat", "Mirostat v2 holds the surprise near 3 bits per token, neither dull nor lost.",
                SamplerSettings.builder().sampler(SamplerKind.MIROSTAT_V2).temperature(1.0).mirostatTau(3.0).mirostatEta(0.1));
    }

    /** Every preset, in menu order. */
    public static List<SamplerPreset> all() {
        return List.copyOf(PRESETS.values());
    }

    /** The preset names, in menu order. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /**
     * The preset with this name (case and separators are ignored: "Liminal Drift" works).
     *
     * @throws IllegalArgumentException listing the valid names
     */
    public static SamplerPreset get(String name) {
        SamplerPreset p = name == null ? null : PRESETS.get(normalise(name));
        if (p == null) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; valid presets: " + String.join(", ", PRESETS.keySet()));
        }
        return p;
    }

    private static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    }

    /** The haze sampling modes {@link #hazeMode} accepts. */
    public static final List<String> HAZE_MODES = List.of("basic", "top_k", "top_p", "entropy", "resonance", "mirostat", "mirostat_v2");

    /**
     * Settings that reproduce one sampling mode of haze's {@code generate} (specs/haze.md §5) with
     * its defaults (temperature 1.0, top-k 40, top-p 0.9, target entropy 3.0, target resonance 0.7,
     * temperatures 0.3..2.0, mirostat rate 0.1); override them through {@code toBuilder()}.
     * "resonance" uses haze's code direction ({@link ResonanceTemperature.Direction#HAZE_CODE}) so
     * the numbers match haze; our own default direction is the documented one. With a scripted
     * uniform source, draws match haze's (inverse CDF in id order; descending order for mirostat).
     *
     * @param mode one of {@link #HAZE_MODES} (hyphens accepted)
     */
    public static SamplerSettings hazeMode(String mode) {
        String m = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        SamplerSettings.Builder b = hazeBase();
        return switch (m) {
            case "basic" -> b.build();
            case "top_k" -> b.topK(40).build();
            case "top_p" -> b.topP(0.9).build();
            case "entropy" -> b.temperatureMode(TemperatureMode.ENTROPY).topP(0.9).build();
            case "resonance" -> b.temperatureMode(TemperatureMode.RESONANCE).topP(0.9)
                    .resonanceDirection(ResonanceTemperature.Direction.HAZE_CODE).build();
            case "mirostat" -> b.sampler(SamplerKind.HAZE_MIROSTAT).build();
            case "mirostat_v2" -> b.sampler(SamplerKind.HAZE_MIROSTAT_V2).build();
            default -> throw new IllegalArgumentException("unknown haze sampling mode '" + mode + "'; valid modes: "
                    + String.join(", ", HAZE_MODES));
        };
    }

    /** haze's defaults with every truncation off. */
    private static SamplerSettings.Builder hazeBase() {
        return SamplerSettings.builder().order(HAZE_ORDER).temperature(1.0).topK(0).topP(1).minP(0)
                .targetEntropy(3.0).targetResonance(0.7).minTemperature(0.3).maxTemperature(2.0).mirostatEta(0.1);
    }
}
