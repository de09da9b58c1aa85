package orphic.lm.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

/** Helpers for sampler tests: an independent softmax, a capturing sampler, scripted randomness. */
final class SampleTestKit {
    private SampleTestKit() {}

    static final double TOL = 1e-6;

    /** The five logits most tests use: ids 0..4. */
    static final float[] L = {2.0f, 1.0f, 0.5f, 0.0f, -1.0f};

    /** Softmax of the given logits over the ids in keep (others 0); plain double arithmetic. */
    static double[] softmax(double[] logits, int... keep) {
        double max = Double.NEGATIVE_INFINITY;
        for (int id : keep) {
            max = Math.max(max, logits[id]);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int id : keep) {
            p[id] = Math.exp(logits[id] - max);
            sum += p[id];
        }
        for (int id : keep) {
            p[id] /= sum;
        }
        return p;
    }

    static double[] softmaxAll(double[] logits) {
        int[] all = new int[logits.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return softmax(logits, all);
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    static double[] scale(double[] x, double factor) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] *= factor;
        }
        return y;
    }

    static double entropyNats(double[] p) {
        double h = 0;
        for (double x : p) {
            if (x > 0) {
                h -= x * Math.log(x);
            }
        }
        return h;
    }

    /** A sampler that records the final distribution by token id and picks candidate 0. */
    static final class Capture implements Sampler {
        double[] byId;
        List<Integer> order = new ArrayList<>();

        @Override
        public int select(Candidates c, SamplingContext context) {
            byId = new double[c.vocabularySize()];
            order.clear();
            for (int i = 0; i < c.size(); i++) {
                byId[c.id(i)] = c.prob(i);
                order.add(c.id(i));
            }
            return 0;
        }
    }

    /** Runs the processors on the logits and returns the final distribution by id. */
    static double[] distribution(float[] logits, SamplingContext ctx, LogitProcessor... processors) {
        Capture capture = new Capture();
        SamplerChain.Builder b = SamplerChain.builder();
        for (LogitProcessor p : processors) {
            b.add(p);
        }
        b.sampler(capture).build().next(logits, ctx);
        return capture.byId;
    }

    static double[] distribution(float[] logits, LogitProcessor... processors) {
        return distribution(logits, new SamplingContext(RandomSource.cycling(0.5)), processors);
    }

    static void assertDistribution(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("p[%d] of %s", i, java.util.Arrays.toString(actual)).isCloseTo(expected[i], within(TOL));
        }
    }

    /** A source that fails the test if anything draws from it. */
    static RandomSource noDraws() {
        return () -> {
            throw new AssertionError("no random draw expected");
        };
    }

    /** Letters a..z, space and a few marks, one token each. */
    static List<String> charVocabulary() {
        List<String> v = new ArrayList<>();
        for (char ch = 'a'; ch <= 'z'; ch++) {
            v.add(String.valueOf(ch));
        }
        v.add(" ");
        v.add(".");
        v.add("\n");
        v.add(":");
        return v;
    }

    static int[] encode(List<String> vocab, String text) {
        int[] ids = new int[text.length()];
        for (int i = 0; i < text.length(); i++) {
            ids[i] = vocab.indexOf(String.valueOf(text.charAt(i)));
            if (ids[i] < 0) {
                throw new IllegalArgumentException("no token for " + text.charAt(i));
            }
        }
        return ids;
    }

    static String decode(List<String> vocab, int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            sb.append(vocab.get(id));
        }
        return sb.toString();
    }
}
