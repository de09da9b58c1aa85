package orphic.lm.sample;

/**
 * The only source of randomness the sampler chain uses: uniform doubles in [0, 1).
 *
 * <p>Every random decision of a generation (XTC's coin, the final draw) takes exactly one
 * {@link #nextDouble()} in chain order, so a test can inject a scripted source and know which
 * value each stage sees. Implementations need not be thread-safe; a {@link SamplingContext} owns one.
 */
@FunctionalInterface
public interface RandomSource {

    /** A uniform double in [0, 1). */
    double nextDouble();

    /** The default seeded source (SplitMix64). */
    static RandomSource seeded(long seed) {
        return new SplitMix64(seed);
    }

    /**
     * A scripted source for tests: returns the given values in order, then starts again.
     *
     * @throws IllegalArgumentException if no value is given or one lies outside [0, 1)
     */
    static RandomSource cycling(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("cycling() needs at least one value in [0, 1)");
        }
        for (double v : values) {
            if (!(v >= 0 && v < 1)) {
                throw new IllegalArgumentException("uniform values must lie in [0, 1), got " + v);
            }
        }
        double[] copy = values.clone();
        return new RandomSource() {
            private int next;

            @Override
            public double nextDouble() {
                double v = copy[next];
                next = (next + 1) % copy.length;
                return v;
            }
        };
    }
}
