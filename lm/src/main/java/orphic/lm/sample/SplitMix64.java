package orphic.lm.sample;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014):
 * a 64-bit counter advanced by the golden-ratio gamma and passed through a mixing function.
 * Same stream as {@code new java.util.SplittableRandom(seed).nextLong()}; the state is one long, so a
 * generation can be resumed exactly from {@link #state()}.
 */
public final class SplitMix64 implements RandomSource {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The top 53 bits of {@link #nextLong()} scaled to [0, 1). */
    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** The current state; {@code new SplitMix64(state())} continues the same stream. */
    public long state() {
        return state;
    }
}
