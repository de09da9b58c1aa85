package orphic.lm.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The mirostat family step by step on a fixed Zipf-like distribution (V = 40), with scripted
 * uniforms u = 0.3, 0.8, 0.05, 0.97. Expected (k, chosen id, μ after the step) were computed
 * independently (double precision, same definitions) and are listed per step.
 */
class MirostatTest {
    private static final float[] ZIPF = new float[40];
    private static final double[] U = {0.3, 0.8, 0.05, 0.97};

    static {
        for (int i = 0; i < ZIPF.length; i++) {
            ZIPF[i] = (float) (Math.round((-1.3 * Math.log(i + 1) + 0.1 * Math.sin(i)) * 1e4) / 1e4);
        }
    }

    /** Runs four steps and checks each (k, id, μ). */
    private static void check(Sampler sampler, java.util.function.Function<SamplingContext, MirostatState> state,
            int[] ks, int[] ids, double[] mus) {
        SamplerChain chain = SamplerChain.builder().sampler(sampler).build();
        SamplingContext ctx = new SamplingContext(RandomSource.cycling(U));
        for (int step = 0; step < 4; step++) {
            int id = chain.next(ZIPF, ctx);
            MirostatState s = state.apply(ctx);
            assertThat(s.lastK()).as("k at step %d", step).isEqualTo(ks[step]);
            assertThat(id).as("token at step %d", step).isEqualTo(ids[step]);
            assertThat(s.mu()).as("mu after step %d", step).isCloseTo(mus[step], within(1e-5));
            ctx.accept(id);
        }
    }

    @Test
    void zipfExponentEstimateMatchesThePaper() {
        // ŝ = Σ t_i b_i / Σ t_i² over the top m = 100 (here all 40) sorted probabilities
        double[] p = sortedDescending(SampleTestKit.softmaxAll(SampleTestKit.toDouble(ZIPF)));
        double num = 0;
        double den = 0;
        for (int i = 0; i < 39; i++) {
            double t = Math.log((i + 2.0) / (i + 1.0));
            num += t * Math.log(p[i] / p[i + 1]);
            den += t * t;
        }
        double sHat = num / den;
        assertThat(sHat).isCloseTo(1.26706, within(1e-4));
        // first step: μ = 2τ = 4 → k = ((ε·2^μ)/(1 − V^−ε))^(1/ŝ), ε = ŝ − 1
        double eps = sHat - 1;
        double k = Math.pow(eps * Math.pow(2, 4) / (1 - Math.pow(40, -eps)), 1 / sHat);
        assertThat((int) k).isEqualTo(4);
    }

    private static double[] sortedDescending(double[] p) {
        double[] s = p.clone();
        java.util.Arrays.sort(s);
        for (int i = 0; i < s.length / 2; i++) {
            double t = s[i];
            s[i] = s[s.length - 1 - i];
            s[s.length - 1 - i] = t;
        }
        return s;
    }

    @Test
    void mirostatV1WithOriginalSurprise() {
        Mirostat m = new Mirostat(2.0, 0.5);
        assertThat(m.state(new SamplingContext(1)).mu()).isEqualTo(4.0); // μ0 = 2τ
        check(m, m::state, new int[] {4, 5, 3, 3}, new int[] {0, 2, 0, 2},
                new double[] {4.23597548667622, 3.5072929342620354, 3.743268420938256, 3.0145858685240707});
    }

    @Test
    void mirostatV1WithTruncatedSurpriseAsLlamaCpp() {
        Mirostat m = new Mirostat(2.0, 0.5, 100, Mirostat.Surprise.TRUNCATED);
        check(m, m::state, new int[] {4, 6, 4, 6}, new int[] {0, 2, 0, 5},
                new double[] {4.547852211171749, 4.056809394513222, 4.604661605684971, 3.3288648215348924});
    }

    @Test
    void mirostatV2() {
        MirostatV2 m = new MirostatV2(2.0, 0.5);
        check(m, m::state, new int[] {3, 4, 3, 3}, new int[] {0, 2, 0, 2},
                new double[] {4.23597548667622, 3.5072929342620354, 3.743268420938256, 3.0145858685240707});
        MirostatV2 t = new MirostatV2(2.0, 0.5, Mirostat.Surprise.TRUNCATED);
        check(t, t::state, new int[] {3, 4, 4, 5}, new int[] {0, 2, 0, 4},
                new double[] {4.615388032851837, 4.198582204933181, 4.746434416104929, 3.687674860714357});
    }

    @Test
    void mirostatV2FirstStepByHand() {
        // μ = 4: surprises −log2 p of the sorted tokens; keep those ≤ 4
        double[] p = SampleTestKit.softmaxAll(SampleTestKit.toDouble(ZIPF));
        int k = 0;
        while (-Math.log(p[k]) / Math.log(2) <= 4) {
            k++;
        }
        assertThat(k).isEqualTo(3);
        // u = 0.3 falls in the first token's share of the renormalised top 3
        assertThat(p[0] / (p[0] + p[1] + p[2])).isGreaterThan(0.3);
        double mu = 4 - 0.5 * (-Math.log(p[0]) / Math.log(2) - 2.0);
        MirostatV2 m = new MirostatV2(2.0, 0.5);
        SamplingContext ctx = new SamplingContext(RandomSource.cycling(0.3));
        SamplerChain.builder().sampler(m).build().next(ZIPF, ctx);
        assertThat(m.state(ctx).mu()).isCloseTo(mu, within(1e-9));
    }

    @Test
    void hazeMirostat() {
        HazeMirostat m = new HazeMirostat(2.0, 0.5);
        check(m, m::state, new int[] {3, 4, 3, 3}, new int[] {0, 2, 0, 2},
                new double[] {4.235975486884254, 3.507292935262415, 3.743268422146669, 3.0145858705248307});
    }

    @Test
    void hazeMirostatV2ClipsMu() {
        HazeMirostatV2 m = new HazeMirostatV2(2.0, 0.5);
        check(m, m::state, new int[] {21, 21, 13, 17}, new int[] {0, 6, 0, 14},
                new double[] {4.235975486884254, 2.6270325579562996, 2.8630080448405533, 1.0});
    }

    @Test
    void hazeMirostatReportsMuOverTargetAsTemperature() {
        HazeMirostat m = new HazeMirostat(2.0, 0.5);
        SamplingContext ctx = new SamplingContext(RandomSource.cycling(0.3));
        TokenStats stats = SamplerChain.builder().sampler(m).build().nextWithStats(ZIPF, ctx);
        assertThat(stats.temperature()).isCloseTo(m.state(ctx).mu() / 2.0, within(1e-12));
        assertThat(stats.top()).hasSize(3); // the final distribution is the truncated one
    }
}
