package orphic.lm.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hot path allocates nothing per token once warmed up (measured, with a generous bound). */
class ChainAllocationTest {
    private static final int CALLS = 10_000;
    /** Far below one small object per call (16 bytes × 10,000). */
    private static final long BOUND_BYTES = 64 * 1024;

    @Test
    void fullChainAllocatesNothingPerToken() {
        SamplerSettings all = BenchmarkSettings.allProcessors();
        assertAllocationFree(all);
        assertAllocationFree(all.toBuilder().temperatureMode(TemperatureMode.RESONANCE).sampler(SamplerKind.HAZE_MIROSTAT_V2).build());
        assertAllocationFree(all.toBuilder().temperatureMode(TemperatureMode.ENTROPY).sampler(SamplerKind.MIROSTAT).build());
    }

    private static void assertAllocationFree(SamplerSettings settings) {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "allocation counting unsupported on this JVM");
        var counter = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled(),
                "thread allocation counting is off");
        int v = 64;
        List<String> vocab = SamplerChainBenchmark.vocabulary(v);
        float[][] rows = SamplerChainBenchmark.rows(v, 32, new SplittableRandom(3));
        SamplerChain chain = settings.toChain();
        SamplingContext ctx = settings.newContext(vocab).start(1, 2, 3);
        ctx.ensureCapacity(3 * CALLS + 10);
        for (int i = 0; i < CALLS / 2; i++) { // warm-up: stage states, JIT
            ctx.accept(chain.next(rows[i % rows.length], ctx));
        }
        long tid = Thread.currentThread().threadId();
        long before = counter.getThreadAllocatedBytes(tid);
        for (int i = 0; i < CALLS; i++) {
            ctx.accept(chain.next(rows[i % rows.length], ctx));
        }
        long allocated = counter.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated by %d tokens of %s", CALLS, chain).isLessThan(BOUND_BYTES);
    }
}
