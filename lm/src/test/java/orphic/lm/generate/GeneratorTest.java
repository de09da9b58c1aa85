package orphic.lm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import orphic.lm.model.GptModel;
import org.junit.jupiter.api.Test;

class GeneratorTest {
  @Test
  void incrementalAndFullRecomputationAgreeWhileTheContextIsNotFull() {
    int t = 24;
    GptModel model = TinyModels.gpt(13, t, 32, 2, 4, false, true, 21);
    int[] prompt = {3, 1, 4};
    Generator kv = new Generator(model);
    Generator full = Generator.fullRecompute(model);
    assertThat(kv.mode()).isEqualTo(Generator.Mode.KV);
    assertThat(full.mode()).isEqualTo(Generator.Mode.FULL);
    for (long seed = 0; seed < 3; seed++) {
      int n = t - prompt.length;
      assertThat(kv.generate(prompt, n, Generator.temperature(1.0, 0, seed), null))
          .isEqualTo(full.generate(prompt, n, Generator.temperature(1.0, 0, seed), null));
    }
    assertThat(kv.generate(prompt, t - 3, Generator.temperature(0, 0, 0), null))
        .isEqualTo(full.generate(prompt, t - 3, Generator.temperature(0, 0, 0), null));
  }

  @Test
  void batchedStreamsGiveTheTokensOfSingleStreamsWithTheSameSeeds() {
    int t = 12, n = 4;
    GptModel model = TinyModels.gpt(13, t, 32, 2, 2, true, true, 5);
    int[] prompt = {1, 2, 3, 4, 5};
    Generator g = new Generator(model);
    Generator.TokenPicker[] pickers = new Generator.TokenPicker[n];
    for (int s = 0; s < n; s++) pickers[s] = Generator.temperature(1.2, s == 3 ? 5 : 0, 100 + s);
    List<int[]> streamed = new ArrayList<>();
    int[][] batch = g.generateBatch(prompt, 4 * t, pickers, (s, tok) -> streamed.add(new int[] {s, tok}));
    assertThat(streamed).hasSize(n * 4 * t);
    for (int s = 0; s < n; s++) {
      int[] alone = g.generate(prompt, 4 * t, Generator.temperature(1.2, s == 3 ? 5 : 0, 100 + s), null);
      assertThat(batch[s]).as("stream %d", s).isEqualTo(alone);
    }
    assertThat(batch[0]).isNotEqualTo(batch[1]);
    // The reference (full recomputation) runs the same streams one after the other.
    Generator full = Generator.fullRecompute(model);
    int[][] ref = full.generateBatch(prompt, 3, new Generator.TokenPicker[] {Generator.temperature(0, 0, 0), Generator.temperature(0, 0, 0)}, null);
    assertThat(ref[0]).isEqualTo(ref[1]).hasSize(3);
  }

  @Test
  void aListenerReturningFalseStopsAtOnce() {
    GptModel model = TinyModels.gpt(13, 16, 32, 1, 2, false, true, 5);
    for (Generator g : new Generator[] {new Generator(model), Generator.fullRecompute(model)}) {
      int[] picks = {0};
      Generator.TokenPicker counting = (logits, history, length) -> {
        picks[0]++;
        return picks[0] % 13;
      };
      List<Integer> seen = new ArrayList<>();
      int[] out = g.generate(new int[] {1}, 100, counting, tok -> {
        seen.add(tok);
        return seen.size() < 5;
      });
      assertThat(out).containsExactly(1, 2, 3, 4, 5);
      assertThat(seen).containsExactly(1, 2, 3, 4, 5);
      assertThat(picks[0]).as("no token is chosen after the stop").isEqualTo(5);
    }
  }

  @Test
  void stoppingOneStreamLeavesTheOthersRunning() {
    GptModel model = TinyModels.gpt(13, 16, 32, 1, 2, false, true, 5);
    Generator g = new Generator(model);
    Generator.TokenPicker[] pickers = {Generator.temperature(1, 0, 1), Generator.temperature(1, 0, 2), Generator.temperature(1, 0, 3)};
    int[] counts = new int[3];
    int[][] out = g.generateBatch(new int[] {2}, 30, pickers, (s, tok) -> ++counts[s] < (s == 1 ? 4 : 1000));
    assertThat(out[1]).hasSize(4);
    assertThat(out[0]).hasSize(30).isEqualTo(g.generate(new int[] {2}, 30, Generator.temperature(1, 0, 1), null));
    assertThat(out[2]).hasSize(30).isEqualTo(g.generate(new int[] {2}, 30, Generator.temperature(1, 0, 3), null));
    for (int[] o : g.generateBatch(new int[] {2}, 30, pickers, (s, tok) -> false)) assertThat(o).hasSize(1);
  }

  @Test
  void generationIsDeterministic() {
    GptModel model = TinyModels.gpt(13, 10, 32, 2, 2, false, true, 8);
    int[] a = new Generator(model).generate(new int[] {4}, 60, Generator.temperature(0.9, 7, 42), null);
    Generator g = new Generator(model);
    g.generate(new int[] {9, 9}, 17, Generator.temperature(1, 0, 1), null); // state left behind must not matter
    int[] b = g.generate(new int[] {4}, 60, Generator.temperature(0.9, 7, 42), null);
    assertThat(a).isEqualTo(b);
  }

  @Test
  void decodingAllocatesNothingPerTokenAfterWarmUp() {
    var bean = ManagementFactory.getThreadMXBean();
    assumeThat(bean instanceof com.sun.management.ThreadMXBean b && b.isThreadAllocatedMemorySupported())
        .as("per-thread allocation counters").isTrue();
    var mx = (com.sun.management.ThreadMXBean) bean;
    mx.setThreadAllocatedMemoryEnabled(true);
    GptModel model = TinyModels.gpt(13, 16, 32, 2, 2, false, true, 5);
    IncrementalDecoder dec = new IncrementalDecoder(model);
    Generator.TokenPicker picker = Generator.temperature(1.0, 5, 3);
    int[] history = new int[1];
    dec.start(new int[] {1});
    // Vector code allocates until the JIT has compiled it; after that a round of 2,000 tokens
    // (with 250 window slides) must allocate (almost) nothing. Rounds until one is clean: about a
    // second on a quiet machine; C2 can take much longer to get to everything on a busy one.
    long best = Long.MAX_VALUE;
    long deadline = System.nanoTime() + 15_000_000_000L;
    for (int round = 0; round < 100 && best > 4096 && System.nanoTime() < deadline; round++) {
      long before = mx.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 2000; i++) dec.step(picker.pick(dec.logits(0), history, 0));
      best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
    }
    assertThat(best).as("bytes allocated over 2,000 tokens").isLessThanOrEqualTo(4096);
  }
}
