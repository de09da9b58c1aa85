package orphic.lm.sample;

import static orphic.lm.sample.SampleTestKit.L;
import static orphic.lm.sample.SampleTestKit.assertDistribution;
import static orphic.lm.sample.SampleTestKit.distribution;
import static orphic.lm.sample.SampleTestKit.scale;
import static orphic.lm.sample.SampleTestKit.softmax;
import static orphic.lm.sample.SampleTestKit.toDouble;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerChainTest {
    private static final double[] LD = toDouble(L);

    @Test
    void orderIsHonoured() {
        // top-p 0.8 then T = 3: the nucleus is chosen on the cool distribution (ids 0, 1, 2), then heated
        double[] truncateFirst = softmax(scale(LD, 1 / 3.0), 0, 1, 2);
        assertDistribution(distribution(L, new TopP(0.8), new Temperature(3)), truncateFirst);
        // T = 3 first flattens p to ≈ (0.317, 0.227, 0.192, 0.162, 0.116): the nucleus needs 4 tokens
        double[] heatFirst = softmax(scale(LD, 1 / 3.0), 0, 1, 2, 3);
        assertDistribution(distribution(L, new Temperature(3), new TopP(0.8)), heatFirst);
    }

    @Test
    void settingsOrderBuildsTheChainInThatOrder() {
        SamplerSettings s = SamplerSettings.builder().order(List.of("temperature", "top-p", "top-k")).build();
        SamplerChain chain = s.toChain();
        assertThat(chain.processors()).extracting(p -> p.getClass().getSimpleName())
                .containsExactly("Temperature", "TopP", "TopK");
        SamplerChain standard = SamplerSettings.defaults().toChain();
        assertThat(standard.processors()).extracting(p -> p.getClass().getSimpleName())
                .containsExactly("TopK", "TopP", "MinP", "Temperature");
        assertThat(standard.toString()).isEqualTo("top-k(40) → top-p(0.95) → min-p(0.05) → temperature(0.8) → dist");
    }

    @Test
    void greedyAtTemperatureZeroDrawsNothing() {
        SamplerChain chain = SamplerChain.builder().add(new Temperature(0)).build();
        SamplingContext ctx = new SamplingContext(SampleTestKit.noDraws());
        assertThat(chain.next(new float[] {0.1f, 3f, 2.9f, -1f}, ctx)).isEqualTo(1);
        assertThat(ctx.temperature()).isEqualTo(0.0);
        assertThat(SamplerChain.builder().sampler(Sampler.GREEDY).build().next(L, new SamplingContext(SampleTestKit.noDraws())))
                .isEqualTo(0);
        SamplerSettings greedy = SamplerSettings.builder().temperature(0).build();
        assertThat(greedy.toChain().next(new float[] {0.1f, 3f, 2.9f, -1f}, new SamplingContext(SampleTestKit.noDraws())))
                .isEqualTo(1);
    }

    @Test
    void sameSeedSameTokens() {
        SamplerChain chain = SamplerPresets.get("creative").chain();
        assertThat(generate(chain, 7)).isEqualTo(generate(chain, 7));
        assertThat(generate(chain, 7)).isNotEqualTo(generate(chain, 8));
    }

    private static List<Integer> generate(SamplerChain chain, long seed) {
        SplittableRandom model = new SplittableRandom(99);
        float[][] steps = new float[50][64];
        for (float[] row : steps) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (model.nextGaussian() * 2);
            }
        }
        SamplingContext ctx = new SamplingContext(seed).start(1, 2, 3);
        List<Integer> out = new ArrayList<>();
        for (float[] row : steps) {
            int t = chain.next(row, ctx);
            ctx.accept(t);
            out.add(t);
        }
        return out;
    }

    @Test
    void statsDescribeTheFinalDistribution() {
        SamplingContext ctx = SamplingContext.of(List.of("a", "b", "c", "d", "e"), 1).start();
        SamplerChain chain = SamplerChain.builder().add(new TopK(3)).add(new Temperature(0.5)).build();
        TokenStats st = chain.nextWithStats(L, ctx);
        double[] p = softmax(scale(LD, 2.0), 0, 1, 2);
        assertThat(st.p()).isCloseTo(p[st.id()], within(1e-9));
        double h = -(p[0] * Math.log(p[0]) + p[1] * Math.log(p[1]) + p[2] * Math.log(p[2])) / Math.log(2);
        assertThat(st.entropyBits()).isCloseTo(h, within(1e-9));
        assertThat(st.temperature()).isEqualTo(0.5);
        assertThat(st.text()).isEqualTo(List.of("a", "b", "c").get(st.id()));
        assertThat(st.top()).extracting(TokenStats.Alternative::id).containsExactly(0, 1, 2);
        assertThat(st.top().getFirst().p()).isCloseTo(p[0], within(1e-9));
        assertThat(st.top().getFirst().text()).isEqualTo("a");
    }

    @Test
    void statsListAtMostTenAlternatives() {
        float[] logits = new float[30];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = -i * 0.1f;
        }
        TokenStats st = SamplerChain.builder().build().nextWithStats(logits, new SamplingContext(3));
        assertThat(st.top()).hasSize(10);
        assertThat(st.top()).extracting(TokenStats.Alternative::id).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(st.text()).isNull();
    }

    @Test
    void allBannedGivesNoToken() {
        SamplerChain chain = SamplerChain.builder().add(new TokenBan(0, 1, 2)).build();
        assertThat(chain.next(new float[] {1, 2, 3}, new SamplingContext(1))).isEqualTo(SamplerChain.NO_TOKEN);
        assertThat(chain.nextWithStats(new float[] {1, 2, 3}, new SamplingContext(1))).isNull();
    }

    @Test
    void rejectsBadLogits() {
        SamplerChain chain = SamplerChain.builder().build();
        assertThatThrownBy(() -> chain.next(new float[] {1, Float.NaN}, new SamplingContext(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token 1");
        assertThatThrownBy(() -> chain.next(new float[] {1, 2}, SamplingContext.of(List.of("a", "b", "c"), 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vocabulary has 3");
    }

    @Test
    void negativeInfinityLogitsAreNeverChosen() {
        float[] logits = {Float.NEGATIVE_INFINITY, 0f, Float.NEGATIVE_INFINITY};
        SamplerChain chain = SamplerPresets.get("fever").settings().toBuilder().antiCoherence(0).build().toChain();
        SamplingContext ctx = new SamplingContext(5);
        for (int i = 0; i < 20; i++) {
            assertThat(chain.next(logits, ctx)).isEqualTo(1);
        }
    }

    @Test
    void sortIsDeterministicWithTies() {
        float[] logits = new float[100];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (i * 7) % 5; // many ties
        }
        SampleTestKit.Capture capture = new SampleTestKit.Capture();
        SamplerChain.builder().add(new TopK(30)).sampler(capture).build().next(logits, new SamplingContext(1));
        // the 20 logits equal to 4 come first in id order, then the ten lowest ids with logit 3
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if ((i * 7) % 5 == 4) {
                expected.add(i);
            }
        }
        for (int i = 0; i < 100 && expected.size() < 30; i++) {
            if ((i * 7) % 5 == 3) {
                expected.add(i);
            }
        }
        assertThat(capture.order).isEqualTo(expected);
    }

    @Test
    void splitMix64MatchesSplittableRandom() {
        SplitMix64 a = new SplitMix64(12345);
        SplittableRandom b = new SplittableRandom(12345);
        for (int i = 0; i < 100; i++) {
            assertThat(a.nextLong()).isEqualTo(b.nextLong());
        }
        SplitMix64 c = new SplitMix64(0);
        assertThat(c.nextLong()).isEqualTo(0xE220A8397B1DCDAFL);
        double u = new SplitMix64(7).nextDouble();
        assertThat(u).isBetween(0.0, 1.0);
        SplitMix64 d = new SplitMix64(99);
        d.nextLong();
        SplitMix64 resumed = new SplitMix64(d.state());
        assertThat(resumed.nextLong()).isEqualTo(d.nextLong());
    }

    @Test
    void contextRollbackDropsLaterBans() {
        SamplingContext ctx = new SamplingContext(1).start(5, 6);
        ctx.accept(1);
        ctx.accept(2);
        ctx.forbid(3, 9);
        ctx.forbid(2, 8);
        ctx.rollbackTo(2);
        assertThat(ctx.isForbidden(2, 8)).isTrue();
        assertThat(ctx.isForbidden(3, 9)).isFalse();
        assertThat(ctx.step()).isZero();
        assertThatThrownBy(() -> ctx.rollbackTo(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prompt length 2");
    }
}
