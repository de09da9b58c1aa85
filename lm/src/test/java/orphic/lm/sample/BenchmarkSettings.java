package orphic.lm.sample;

import java.util.List;
import java.util.Map;

/** Settings that switch every stage on, for tests and the benchmark. */
final class BenchmarkSettings {
    private BenchmarkSettings() {}

    static SamplerSettings allProcessors() {
        return SamplerSettings.builder()
                .logitBias(Map.of(1, 0.5, 2, -0.5))
                .bannedTokens(List.of(3))
                .bannedPhrases(List.of("zzz"))
                .lexiconBias(Map.of("abc", 1.0, "da", -0.5))
                .phoneticBias(0.3)
                .repeatPenalty(1.1).frequencyPenalty(0.05).presencePenalty(0.05)
                .dryMultiplier(0.8)
                .topNSigma(3.0)
                .topK(50)
                .typicalP(0.95)
                .topP(0.95)
                .minP(0.02)
                .etaCutoff(0.0009)
                .xtcProbability(0.5).xtcThreshold(0.1)
                .temperature(0.9).dynatempRange(0.3)
                .antiCoherence(0.01)
                .build();
    }
}
