package orphic.lm.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SamplerPresets#hazeMode} against a step-by-step re-statement of haze's generate loop
 * (specs/haze.md §5–6, written here independently, in plain double arithmetic): with the same
 * uniform stream both must choose the same tokens and report the same temperatures.
 */
class HazeConformanceTest {
    private static final int V = 44;
    private static final int STEPS = 60;

    @ParameterizedTest
    @ValueSource(strings = {"basic", "top_k", "top_p", "entropy", "resonance", "mirostat", "mirostat_v2"})
    void sameTokensAsHaze(String mode) {
        SplittableRandom model = new SplittableRandom(mode.hashCode());
        SamplerChain chain = SamplerPresets.hazeMode(mode).toChain();
        SamplingContext ctx = new SamplingContext(new SplitMix64(2024)).start(0);
        Reference haze = new Reference(mode, new SplitMix64(2024));
        for (int step = 0; step < STEPS; step++) {
            float[] logits = new float[V];
            for (int i = 0; i < V; i++) {
                logits[i] = (float) (model.nextGaussian() * (1 + step % 3));
            }
            TokenStats ours = chain.nextWithStats(logits, ctx);
            int expected = haze.step(toDouble(logits));
            assertThat(ours.id()).as("%s step %d", mode, step).isEqualTo(expected);
            assertThat(ours.temperature()).as("%s temperature at step %d", mode, step).isCloseTo(haze.temperature, within(1e-9));
            ctx.accept(ours.id());
        }
    }

    @Test
    void temperatureZeroIsArgmaxWithoutADraw() {
        SamplerSettings basic = SamplerPresets.hazeMode("top_p").toBuilder().temperature(0).build();
        float[] logits = {0.1f, 2f, 1.9f};
        assertThat(basic.toChain().next(logits, new SamplingContext(SampleTestKit.noDraws()))).isEqualTo(1);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** haze's sampling step as specified, one mode at a time. */
    private static final class Reference {
        final String mode;
        final SplitMix64 rng;
        final Deque<double[]> history = new ArrayDeque<>();
        double mu = 2 * 3.0;
        double temperature;

        Reference(String mode, SplitMix64 rng) {
            this.mode = mode;
            this.rng = rng;
        }

        int step(double[] l) {
            switch (mode) {
                case "basic" -> {
                    temperature = 1.0;
                    return draw(softmax(l, 1.0));
                }
                case "top_k" -> {
                    temperature = 1.0;
                    Integer[] idx = sortedDesc(l);
                    double[] kept = new double[V];
                    Arrays.fill(kept, Double.NEGATIVE_INFINITY);
                    for (int i = 0; i < 40; i++) {
                        kept[idx[i]] = l[idx[i]];
                    }
                    return draw(softmax(kept, 1.0));
                }
                case "top_p" -> {
                    temperature = 1.0;
                    return draw(nucleus(l, 0.9, 1.0));
                }
                case "entropy" -> {
                    temperature = entropyTemperature(l);
                    return draw(nucleus(l, 0.9, temperature));
                }
                case "resonance" -> {
                    temperature = resonanceTemperature(l);
                    int t = draw(nucleus(l, 0.9, temperature));
                    history.addLast(l);
                    if (history.size() > 10) {
                        history.removeFirst();
                    }
                    return t;
                }
                case "mirostat", "mirostat_v2" -> {
                    return mirostat(l, mode.equals("mirostat_v2"));
                }
                default -> throw new IllegalArgumentException(mode);
            }
        }

        /** Inverse CDF in index order: cdf normalised by its last element, first index with cdf > u. */
        int draw(double[] p) {
            double u = rng.nextDouble();
            double[] cdf = new double[p.length];
            double c = 0;
            for (int i = 0; i < p.length; i++) {
                c += p[i];
                cdf[i] = c;
            }
            for (int i = 0; i < p.length; i++) {
                if (cdf[i] / cdf[p.length - 1] > u) {
                    return i;
                }
            }
            return p.length - 1;
        }

        static double[] softmax(double[] l, double t) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : l) {
                max = Math.max(max, x / t);
            }
            double[] p = new double[l.length];
            double sum = 0;
            for (int i = 0; i < l.length; i++) {
                p[i] = Math.exp(l[i] / t - max);
                sum += p[i];
            }
            for (int i = 0; i < l.length; i++) {
                p[i] /= sum;
            }
            return p;
        }

        static Integer[] sortedDesc(double[] x) {
            Integer[] idx = new Integer[x.length];
            for (int i = 0; i < x.length; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> Double.compare(x[b], x[a]));
            return idx;
        }

        static double[] nucleus(double[] l, double topP, double t) {
            double[] p = softmax(l, t);
            Integer[] idx = sortedDesc(p);
            double c = 0;
            int n = V;
            for (int i = 0; i < V; i++) {
                c += p[idx[i]];
                if (c >= topP) {
                    n = i + 1;
                    break;
                }
            }
            double[] kept = new double[V];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                kept[idx[i]] = p[idx[i]];
                sum += p[idx[i]];
            }
            for (int i = 0; i < V; i++) {
                kept[i] /= sum + 1e-10;
            }
            return kept;
        }

        static double entropyBits(double[] p) {
            double h = 0;
            for (double x : p) {
                double c = Math.min(1, Math.max(1e-10, x));
                h -= c * Math.log(c) / Math.log(2);
            }
            return h;
        }

        static double entropyTemperature(double[] l) {
            double h = entropyBits(softmax(l, 1.0));
            if (h < 1e-6) {
                return 0.3;
            }
            return Math.min(2.0, Math.max(0.3, Math.pow(3.0 / h, 0.5)));
        }

        double resonanceTemperature(double[] l) {
            double mid = (0.3 + 2.0) / 2;
            if (history.isEmpty()) {
                return mid;
            }
            List<double[]> rows = new ArrayList<>(history);
            int n = rows.size();
            double[] w = new double[n];
            double ws = 0;
            for (int k = 0; k < n; k++) {
                w[k] = Math.exp(-(n - 1 - k) / 5.0);
                ws += w[k];
            }
            double r = 0;
            for (int k = 0; k < n; k++) {
                r += w[k] / ws * resonance(l, rows.get(k));
            }
            double t = r > 0.7 ? mid * Math.pow(r / 0.7, 0.5) : mid / Math.pow(0.7 / (r + 1e-6), 0.5);
            return Math.min(2.0, Math.max(0.3, t));
        }

        static double resonance(double[] a, double[] b) {
            double[] p = softmax(a, 1.0);
            double[] q = softmax(b, 1.0);
            double[] m = new double[V];
            for (int i = 0; i < V; i++) {
                m[i] = 0.5 * (p[i] + q[i]);
            }
            double js = 0.5 * kl(p, m) + 0.5 * kl(q, m);
            return 1 - Math.sqrt(js / Math.log(2));
        }

        static double kl(double[] p, double[] q) {
            double s = 0;
            for (int i = 0; i < p.length; i++) {
                double pc = Math.min(1, Math.max(1e-10, p[i]));
                double qc = Math.min(1, Math.max(1e-10, q[i]));
                s += pc * Math.log(pc / qc);
            }
            return s;
        }

        int mirostat(double[] l, boolean v2) {
            double target = 3.0;
            double rate = 0.1;
            double[] p = softmax(l, 1.0);
            Integer[] idx = sortedDesc(p);
            double[] ps = new double[V];
            double[] s = new double[V];
            for (int i = 0; i < V; i++) {
                ps[i] = p[idx[i]];
                s[i] = -Math.log(ps[i] + 1e-10) / Math.log(2);
            }
            int k = 0;
            if (!v2) {
                for (int i = 0; i < V; i++) {
                    if (s[i] <= mu) {
                        k++;
                    }
                }
                k = Math.max(1, k);
            } else {
                double total = 0;
                for (double x : ps) {
                    total += x;
                }
                double c = 0;
                for (int i = 0; i < V; i++) {
                    c += ps[i] * s[i];
                    if (c <= mu * total) {
                        k++;
                    }
                }
                k = Math.min(Math.max(1, k), V / 2 + 1);
            }
            double[] top = Arrays.copyOf(ps, k);
            int chosen = draw(top);
            mu = mu - rate * (s[chosen] - target);
            if (v2) {
                mu = Math.min(3 * target, Math.max(0.5 * target, mu));
            }
            temperature = mu / target;
            return idx[chosen];
        }
    }
}
