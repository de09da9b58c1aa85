package orphic.lm.sample;

import static orphic.lm.sample.SampleTestKit.L;
import static orphic.lm.sample.SampleTestKit.assertDistribution;
import static orphic.lm.sample.SampleTestKit.distribution;
import static orphic.lm.sample.SampleTestKit.entropyNats;
import static orphic.lm.sample.SampleTestKit.scale;
import static orphic.lm.sample.SampleTestKit.softmax;
import static orphic.lm.sample.SampleTestKit.softmaxAll;
import static orphic.lm.sample.SampleTestKit.toDouble;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each processor alone on the logits L = (2, 1, 0.5, 0, −1): the final distribution must equal
 * the one worked out here. With p = softmax(L) ≈ (0.5630, 0.2071, 0.1256, 0.0762, 0.0280) and
 * H ≈ 1.2065 nats.
 */
class ProcessorDistributionTest {
    private static final double[] LD = toDouble(L);
    private static final double[] P = softmaxAll(LD);

    @Test
    void baselineProbabilitiesAreWhatTheCommentsSay() {
        assertThat(P[0]).isCloseTo(0.5630, within(1e-4));
        assertThat(P[2]).isCloseTo(0.1256, within(1e-4));
        assertThat(entropyNats(P)).isCloseTo(1.2065, within(1e-4));
    }

    @Test
    void temperatureDividesLogits() {
        assertDistribution(distribution(L, new Temperature(2.0)), softmaxAll(scale(LD, 0.5)));
        assertDistribution(distribution(L, new Temperature(0.5)), softmaxAll(scale(LD, 2.0)));
    }

    @Test
    void temperatureZeroKeepsOnlyTheArgmax() {
        assertDistribution(distribution(L, new Temperature(0)), new double[] {1, 0, 0, 0, 0});
        // ties go to the lower id
        assertDistribution(distribution(new float[] {0, 3, 3, 1}, new Temperature(0)), new double[] {0, 1, 0, 0});
    }

    @Test
    void dynamicTemperatureFollowsNormalisedEntropy() {
        // T0 = 1, range 0.5 → T = 0.5 + 1.0·(H / ln 5)^1
        double t = 0.5 + 1.0 * (entropyNats(P) / Math.log(5));
        assertDistribution(distribution(L, new DynamicTemperature(1.0, 0.5, 1.0)), softmaxAll(scale(LD, 1 / t)));
        // exponent 2
        double t2 = 0.5 + 1.0 * Math.pow(entropyNats(P) / Math.log(5), 2);
        assertDistribution(distribution(L, new DynamicTemperature(1.0, 0.5, 2.0)), softmaxAll(scale(LD, 1 / t2)));
        // range 0 is plain temperature
        assertDistribution(distribution(L, new DynamicTemperature(0.7, 0, 1)), softmaxAll(scale(LD, 1 / 0.7)));
    }

    @Test
    void topKKeepsTheKHighest() {
        assertDistribution(distribution(L, new TopK(2)), softmax(LD, 0, 1));
        assertDistribution(distribution(L, new TopK(10)), P);
    }

    @Test
    void topPKeepsTheShortestPrefixReachingP() {
        // cumulative 0.563, 0.770, 0.896: p = 0.8 is reached by the third token, which is kept
        assertDistribution(distribution(L, new TopP(0.8)), softmax(LD, 0, 1, 2));
        // exactly reaching the boundary keeps the crossing token only
        assertDistribution(distribution(L, new TopP(0.5)), softmax(LD, 0));
        assertDistribution(distribution(L, new TopP(1.0)), P);
    }

    @Test
    void minPKeepsTokensAboveAFractionOfTheMax() {
        // threshold 0.2 · 0.5630 = 0.1126: ids 0, 1, 2 (0.1256) stay, id 3 (0.0762) goes
        assertDistribution(distribution(L, new MinP(0.2)), softmax(LD, 0, 1, 2));
        assertDistribution(distribution(L, new MinP(0.9)), softmax(LD, 0));
        // min-keep 2 overrides the cut
        assertDistribution(distribution(L, new MinP(0.9, 2)), softmax(LD, 0, 1));
    }

    @Test
    void typicalKeepsTheMostTypicalTokens() {
        // |−ln p − H| ≈ (0.632, 0.368, 0.868, 1.368, 2.368): id 1 first (0.207), then id 0 → 0.770 > 0.5
        double h = entropyNats(P);
        assertThat(Math.abs(-Math.log(P[1]) - h)).isLessThan(Math.abs(-Math.log(P[0]) - h));
        SampleTestKit.Capture capture = new SampleTestKit.Capture();
        SamplerChain.builder().add(new TypicalP(0.5)).sampler(capture).build().next(L, new SamplingContext(1));
        assertDistribution(capture.byId, softmax(LD, 0, 1));
        assertThat(capture.order).containsExactly(1, 0); // survivors stay in typicality order
        // 0.2 is exceeded by the first (most typical) token alone
        assertDistribution(distribution(L, new TypicalP(0.2)), softmax(LD, 1));
    }

    @Test
    void topNSigmaCutsBelowMaxMinusNSigma() {
        // mean 0.5, population σ = 1: n = 1 keeps logits ≥ 1, n = 2 keeps ≥ 0
        assertDistribution(distribution(L, new TopNSigma(1.0)), softmax(LD, 0, 1));
        assertDistribution(distribution(L, new TopNSigma(2.0)), softmax(LD, 0, 1, 2, 3));
    }

    @Test
    void etaCutoffUsesEntropyScaledThreshold() {
        // η = min(0.1, √0.1·e^−H) ≈ 0.0946: ids 0, 1, 2 stay
        double eta = Math.min(0.1, Math.sqrt(0.1) * Math.exp(-entropyNats(P)));
        assertThat(eta).isCloseTo(0.0946, within(1e-4));
        assertDistribution(distribution(L, new EtaCutoff(0.1)), softmax(LD, 0, 1, 2));
        // a huge ε would cut everything but the top token, which is always kept
        assertDistribution(distribution(L, new EtaCutoff(0.99)), softmax(LD, 0));
    }

    @Test
    void xtcRemovesTopChoicesExceptTheLeastProbable() {
        // u = 0.5 ≤ probability 1: ids 0, 1, 2 are ≥ 0.1; all but the least probable (2) go
        SamplingContext ctx = new SamplingContext(RandomSource.cycling(0.5));
        assertDistribution(distribution(L, ctx, new Xtc(1.0, 0.1)), softmax(LD, 2, 3, 4));
        // u = 0.5 > probability 0.3: nothing happens
        assertDistribution(distribution(L, new SamplingContext(RandomSource.cycling(0.5)), new Xtc(0.3, 0.1)), P);
        // only one token above 0.5: nothing to exclude
        assertDistribution(distribution(L, new SamplingContext(RandomSource.cycling(0.0)), new Xtc(1.0, 0.5)), P);
    }

    @Test
    void xtcAboveHalfDrawsNothing() {
        assertDistribution(distribution(L, new SamplingContext(SampleTestKit.noDraws()), new Xtc(1.0, 0.6)), P);
    }

    @Test
    void penaltiesFollowLlamaCpp() {
        // history 0 0 3 4: token 0 seen twice, 3 and 4 once; repeat 1.5, frequency 0.1, presence 0.2
        SamplingContext ctx = new SamplingContext(1).start(0, 0, 3, 4);
        double[] expected = {
            2.0 / 1.5 - (2 * 0.1 + 0.2),
            1.0,
            0.5,
            0.0 * 1.5 - (0.1 + 0.2),
            -1.0 * 1.5 - (0.1 + 0.2)};
        assertDistribution(distribution(L, ctx, new Penalties(64, 1.5, 0.1, 0.2)), softmaxAll(expected));
        // a window of 2 only sees 3 and 4
        SamplingContext ctx2 = new SamplingContext(1).start(0, 0, 3, 4);
        double[] expected2 = {2.0, 1.0, 0.5, -0.3, -1.8};
        assertDistribution(distribution(L, ctx2, new Penalties(2, 1.5, 0.1, 0.2)), softmaxAll(expected2));
    }

    @Test
    void logitBiasAddsAndBans() {
        double[] expected = {2.0, 2.5, 0.5, 0.0, -1.0};
        assertDistribution(distribution(L, new LogitBias(Map.of(1, 1.5, 4, Double.NEGATIVE_INFINITY))),
                softmax(expected, 0, 1, 2, 3));
    }

    @Test
    void tokenBanRemovesTokens() {
        assertDistribution(distribution(L, new TokenBan(0, 2)), softmax(LD, 1, 3, 4));
    }

    @Test
    void antiCoherenceMixesWithUniformOverTheVocabulary() {
        // after top-k 2 the distribution is q over {0, 1}; γ = 0.5 gives 0.5·q + 0.5/5 everywhere
        double[] q = softmax(LD, 0, 1);
        double[] expected = new double[5];
        for (int i = 0; i < 5; i++) {
            expected[i] = 0.5 * q[i] + 0.1;
        }
        assertDistribution(distribution(L, new TopK(2), new AntiCoherence(0.5)), expected);
        double[] uniform = {0.2, 0.2, 0.2, 0.2, 0.2};
        assertDistribution(distribution(L, new AntiCoherence(1.0)), uniform);
    }

    @Test
    void entropyTemperatureFollowsHaze() {
        // H ≈ 1.7403 bits; T = √(3/H) ≈ 1.3129 lies inside [0.3, 2]
        double hBits = entropyNats(P) / Math.log(2);
        double t = Math.sqrt(3.0 / hBits);
        assertThat(t).isCloseTo(1.3129, within(1e-4));
        SamplingContext ctx = new SamplingContext(1);
        assertDistribution(distribution(L, ctx, new EntropyTemperature(3.0, 0.3, 2.0)), softmaxAll(scale(LD, 1 / t)));
        assertThat(ctx.temperature()).isCloseTo(t, within(1e-12));
        // target 0.1 → √(0.1/1.74) ≈ 0.24, clipped to 0.3
        assertDistribution(distribution(L, new EntropyTemperature(0.1, 0.3, 2.0)), softmaxAll(scale(LD, 1 / 0.3)));
        // a one-hot distribution has H < 1e-6 → min temperature
        float[] peaked = {100f, 0f, 0f};
        SamplingContext ctx2 = new SamplingContext(1);
        distribution(peaked, ctx2, new EntropyTemperature(3.0, 0.3, 2.0));
        assertThat(ctx2.temperature()).isEqualTo(0.3);
    }

    @Test
    void resonanceTemperatureInBothDirections() {
        float[] second = {1.0f, 2.0f, 0.5f, 0.0f, -1.0f};
        double r = jsResonance(softmaxAll(toDouble(second)), P);
        assertThat(r).isBetween(0.0, 1.0);
        for (ResonanceTemperature.Direction d : ResonanceTemperature.Direction.values()) {
            ResonanceTemperature rt = new ResonanceTemperature(0.7, 0.3, 2.0, d);
            SamplingContext ctx = new SamplingContext(1);
            // step 0: no history → mid = 1.15
            assertDistribution(distribution(L, ctx, rt), softmaxAll(scale(LD, 1 / 1.15)));
            assertThat(ctx.temperature()).isCloseTo(1.15, within(1e-12));
            double ratio = d == ResonanceTemperature.Direction.HAZE_CODE
                    ? (r > 0.7 ? r / 0.7 : (r + 1e-6) / 0.7)
                    : (r > 0.7 ? 0.7 / r : 0.7 / (r + 1e-6));
            double t = Math.min(2.0, Math.max(0.3, 1.15 * Math.sqrt(ratio)));
            assertDistribution(distribution(second, ctx, rt), softmaxAll(scale(toDouble(second), 1 / t)));
            assertThat(ctx.temperature()).isCloseTo(t, within(1e-12));
        }
        // the same distribution twice: R = 1 > target → documented cools below mid, haze's code heats
        SamplingContext a = new SamplingContext(1);
        ResonanceTemperature documented = new ResonanceTemperature(0.7, 0.3, 2.0, ResonanceTemperature.Direction.DOCUMENTED);
        distribution(L, a, documented);
        distribution(L, a, documented);
        assertThat(a.temperature()).isCloseTo(1.15 * Math.sqrt(0.7), within(1e-9));
        SamplingContext b = new SamplingContext(1);
        ResonanceTemperature haze = new ResonanceTemperature(0.7, 0.3, 2.0, ResonanceTemperature.Direction.HAZE_CODE);
        distribution(L, b, haze);
        distribution(L, b, haze);
        assertThat(b.temperature()).isCloseTo(1.15 * Math.sqrt(1 / 0.7), within(1e-9));
    }

    /** 1 − √(JS/ln 2) with haze's clipping, written out independently. */
    private static double jsResonance(double[] p, double[] q) {
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = Math.max(1e-10, (p[i] + q[i]) / 2);
            js += 0.5 * Math.max(1e-10, p[i]) * Math.log(Math.max(1e-10, p[i]) / m);
            js += 0.5 * Math.max(1e-10, q[i]) * Math.log(Math.max(1e-10, q[i]) / m);
        }
        return 1 - Math.sqrt(js / Math.log(2));
    }

    @Test
    void lexiconBiasBoostsTheNextTokenOfAStartedSequence() {
        List<String> vocab = List.of("a", "b", "c", "d", "e");
        // history "a": prefix "a" of "abc" matched → 'b' boosted; k = 0 → 'a' boosted too
        SamplingContext ctx = SamplingContext.of(vocab, 1).start(0);
        double[] expected = {4.0, 3.0, 0.5, 0.0, -1.0};
        assertDistribution(distribution(L, ctx, LexiconBias.ofText(Map.of("abc", 2.0), 0)), softmaxAll(expected));
        // min-prefix 1: only the continuation
        SamplingContext ctx1 = SamplingContext.of(vocab, 1).start(0);
        double[] expected1 = {2.0, 3.0, 0.5, 0.0, -1.0};
        assertDistribution(distribution(L, ctx1, LexiconBias.ofText(Map.of("abc", 2.0), 1)), softmaxAll(expected1));
        // token sequences and suppression: after "a b", 'c' of (0 1 2) gets −1
        SamplingContext ctx2 = new SamplingContext(1).start(0, 1);
        LexiconBias tokens = LexiconBias.builder().tokens(new int[] {0, 1, 2}, -1.0).minPrefix(1).build();
        double[] expected2 = {2.0, 1.0, -0.5, 0.0, -1.0};
        assertDistribution(distribution(L, ctx2, tokens), softmaxAll(expected2));
    }

    @Test
    void phoneticBiasBoostsTokensThatSoundLikeRecentOnes() {
        // Double Metaphone: cat = kat = KT, dog = TK, bat = PT, sea = see = S
        List<String> vocab = List.of(" cat", " kat", " dog", " bat", " sea", " see");
        float[] logits = {0, 0, 0, 0, 0, 0};
        SamplingContext ctx = SamplingContext.of(vocab, 1).start(0); // just said "cat"
        double[] expected = {0, 1.5, 0, 0, 0, 0}; // "cat" itself is not boosted
        assertDistribution(distribution(logits, ctx, new PhoneticBias(1.5, 4, PhoneticBias.Mode.SAME_CODE, false)),
                softmaxAll(expected));
        SamplingContext ctx2 = SamplingContext.of(vocab, 1).start(4, 2); // "sea dog"
        double[] expected2 = {0, 0, 1.5, 0, 1.5, 1.5};
        assertDistribution(distribution(logits, ctx2, new PhoneticBias(1.5, 4, PhoneticBias.Mode.SAME_CODE, true)),
                softmaxAll(expected2));
        // onset: "bat" (P) boosts nothing else; "cat" (K) boosts "kat"
        SamplingContext ctx3 = SamplingContext.of(vocab, 1).start(0, 3);
        double[] expected3 = {0, 1.5, 0, 0, 0, 0};
        assertDistribution(distribution(logits, ctx3, new PhoneticBias(1.5, 4, PhoneticBias.Mode.SAME_ONSET, false)),
                softmaxAll(expected3));
    }

    @Test
    void distDrawsByInverseCdfInIdOrder() {
        // p ≈ (0.563, 0.207, 0.126, 0.076, 0.028): u = 0.7 falls in id 1's interval (0.563, 0.770]
        SamplerChain dist = SamplerChain.builder().build();
        assertThat(dist.next(L, new SamplingContext(RandomSource.cycling(0.7)))).isEqualTo(1);
        assertThat(dist.next(L, new SamplingContext(RandomSource.cycling(0.0)))).isEqualTo(0);
        assertThat(dist.next(L, new SamplingContext(RandomSource.cycling(0.99)))).isEqualTo(4);
        // after a sort (top-k) the walk is still in id order: id 0 (p = 0.23) owns u = 0.1
        float[] logits = {0.5f, 2.0f, 1.0f};
        SamplerChain sorted = SamplerChain.builder().add(new TopK(3)).build();
        double p0 = softmaxAll(toDouble(logits))[0];
        assertThat(sorted.next(logits, new SamplingContext(RandomSource.cycling(0.1)))).isEqualTo(0);
        assertThat(sorted.next(logits, new SamplingContext(RandomSource.cycling(p0 + 1e-9)))).isEqualTo(1);
    }
}
