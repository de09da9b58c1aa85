package orphic.lm.sample;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Nanoseconds per token of the sampler chain (no model), every stage on, at V = 64 and V = 2000,
 * next to the default chain for scale. Reports thread CPU time (stable on a shared machine) and
 * wall time. Run from the test classpath, e.g.
 * <pre>
 * mvn -q -pl lm -am test-compile
 * mvn -q -pl lm dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp lm/target/classes:lm/target/test-classes:$(cat /tmp/cp.txt) orphic.lm.sample.SamplerChainBenchmark [tokens]
 * </pre>
 */
public final class SamplerChainBenchmark {
    private SamplerChainBenchmark() {}

    public static void main(String[] args) {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        for (int v : new int[] {64, 2000}) {
            report("all stages", BenchmarkSettings.allProcessors(), v, tokens);
            report("all stages, resonance T", BenchmarkSettings.allProcessors().toBuilder()
                    .temperatureMode(TemperatureMode.RESONANCE).build(), v, tokens);
            report("default chain", SamplerSettings.defaults(), v, tokens);
        }
    }

    private static void report(String name, SamplerSettings settings, int v, int tokens) {
        SamplerChain chain = settings.toChain();
        float[][] rows = rows(v, 64, new SplittableRandom(1));
        SamplingContext ctx = settings.newContext(vocabulary(v)).start(1, 2, 3);
        ctx.ensureCapacity(tokens + tokens / 2 + 10);
        int warmup = Math.max(1000, tokens / 2);
        for (int i = 0; i < warmup; i++) {
            ctx.accept(chain.next(rows[i % rows.length], ctx));
        }
        var threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < tokens; i++) {
            ctx.accept(chain.next(rows[i % rows.length], ctx));
        }
        double wall = (System.nanoTime() - t0) / (double) tokens;
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / (double) tokens;
        System.out.printf("V=%-5d %-26s %9.0f ns/token CPU %9.0f ns/token wall   (%s)%n", v, name, cpu, wall, chain);
    }

    /** V pseudo-word token texts (a few single letters, punctuation, and short syllables). */
    static List<String> vocabulary(int v) {
        String[] onsets = {"", "b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "th", "v", "w"};
        String[] nuclei = {"a", "e", "i", "o", "u", "ea", "ou"};
        List<String> out = new ArrayList<>();
        out.add(" ");
        out.add("\n");
        out.add(".");
        out.add(":");
        for (char ch = 'a'; ch <= 'z' && out.size() < v; ch++) {
            out.add(String.valueOf(ch));
        }
        for (int i = 0; out.size() < v; i++) {
            String syllable = onsets[i % onsets.length] + nuclei[(i / onsets.length) % nuclei.length]
                    + (i / (onsets.length * nuclei.length) > 0 ? onsets[(i / 7) % onsets.length] : "");
            out.add(i % 2 == 0 ? " " + syllable + i / 50 : syllable);
        }
        return out;
    }

    /** Logit rows with a Zipf-like shape and noise, like a trained model's. */
    static float[][] rows(int v, int count, SplittableRandom random) {
        float[][] rows = new float[count][v];
        for (float[] row : rows) {
            for (int i = 0; i < v; i++) {
                row[i] = (float) (-1.1 * Math.log(1 + ((i * 7919L + count) % v)) + random.nextGaussian());
            }
        }
        return rows;
    }
}
