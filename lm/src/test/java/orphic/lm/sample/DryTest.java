package orphic.lm.sample;

import static orphic.lm.sample.SampleTestKit.assertDistribution;
import static orphic.lm.sample.SampleTestKit.distribution;
import static orphic.lm.sample.SampleTestKit.encode;
import static orphic.lm.sample.SampleTestKit.softmaxAll;

import java.util.List;
import org.junit.jupiter.api.Test;

/** DRY: the token that would continue a repeated sequence is penalised, as in llama.cpp. */
class DryTest {
    private static final List<String> VOCAB = SampleTestKit.charVocabulary();
    private static final int V = VOCAB.size();

    private static double[] zeros() {
        return new double[V];
    }

    private static double[] run(String history, Dry dry) {
        SamplingContext ctx = SamplingContext.of(VOCAB, 1).start(encode(VOCAB, history));
        return distribution(new float[V], ctx, dry);
    }

    @Test
    void penalisesTheContinuationOfARepeat() {
        // "abcdabc": the suffix "abc" occurred before, followed by 'd' → L = 3, penalty 0.8·1.75^(3−2)
        double[] expected = zeros();
        expected[VOCAB.indexOf("d")] = -0.8 * 1.75;
        assertDistribution(run("abcdabc", new Dry(0.8, 1.75, 2, 64)), softmaxAll(expected));
    }

    @Test
    void repeatsUpToTheAllowedLengthAreFree() {
        // "abxab": suffix "ab" (L = 2) was followed by 'x' → 0.8·1.75^0; with allowed length 3 nothing
        double[] expected = zeros();
        expected[VOCAB.indexOf("x")] = -0.8;
        assertDistribution(run("abxab", new Dry(0.8, 1.75, 2, 64)), softmaxAll(expected));
        assertDistribution(run("abxab", new Dry(0.8, 1.75, 3, 64)), softmaxAll(zeros()));
    }

    @Test
    void eachTokenGetsItsLongestRepeat() {
        // "abcxbcyabc": 'x' follows "abc" (L = 3), 'y' follows "bc" (L = 2)
        double[] expected = zeros();
        expected[VOCAB.indexOf("x")] = -0.8 * 1.75;
        expected[VOCAB.indexOf("y")] = -0.8;
        assertDistribution(run("abcxbcyabc", new Dry(0.8, 1.75, 2, 64)), softmaxAll(expected));
    }

    @Test
    void aSequenceBreakerCapsTheRepeatLength() {
        // "x:abcdx:abc": the suffix "x:abc" (5) repeats, but ':' three tokens back caps L at 3
        double[] capped = zeros();
        capped[VOCAB.indexOf("d")] = -0.8 * 1.75;
        assertDistribution(run("x:abcdx:abc", new Dry(0.8, 1.75, 2, 64)), softmaxAll(capped));
        // without breakers the full length 5 counts: 0.8·1.75^3
        double[] full = zeros();
        full[VOCAB.indexOf("d")] = -0.8 * Math.pow(1.75, 3);
        assertDistribution(run("x:abcdx:abc", new Dry(0.8, 1.75, 2, 64, List.of())), softmaxAll(full));
    }

    @Test
    void breakersAreNeverPenalisedAndEndRepeats() {
        // "ab:ab": ':' would extend "ab" but is a single-token breaker
        assertDistribution(run("ab:ab", new Dry(0.8, 1.75, 2, 64)), softmaxAll(zeros()));
        // a breaker as the last token stops DRY altogether
        assertDistribution(run("abcabc\n", new Dry(0.8, 1.75, 1, 64)), softmaxAll(zeros()));
    }

    @Test
    void multiTokenBreakerMatchesItsTail() {
        // breaker "q." spans two tokens: head 'q' with tail '.'; "abcq.abc" caps at the breaker
        double[] expected = zeros();
        expected[VOCAB.indexOf("q")] = -0.8 * 1.75; // "abc" (3) followed by 'q'
        assertDistribution(run("abcq.abc", new Dry(0.8, 1.75, 2, 64, List.of("q."))), softmaxAll(expected));
        // "zq.abcdzq.abc": the repeat "zq.abc" is capped at "abc" by the two-token breaker
        double[] capped = zeros();
        capped[VOCAB.indexOf("d")] = -0.8 * 1.75;
        assertDistribution(run("zq.abcdzq.abc", new Dry(0.8, 1.75, 2, 64, List.of("q."))), softmaxAll(capped));
    }

    @Test
    void windowLimitsTheLookBack() {
        // the earlier "abc d" lies outside a window of 4 tokens
        assertDistribution(run("abcdabc", new Dry(0.8, 1.75, 2, 4)), softmaxAll(zeros()));
    }

    @Test
    void worksWithoutVocabularyTexts() {
        int[] h = encode(VOCAB, "abcdabc");
        SamplingContext ctx = new SamplingContext(1).start(h);
        double[] expected = zeros();
        expected[VOCAB.indexOf("d")] = -0.8 * 1.75;
        assertDistribution(distribution(new float[V], ctx, new Dry(0.8, 1.75, 2, 64)), softmaxAll(expected));
    }
}
