package orphic.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import orphic.engine.optim.AdamW;
import orphic.engine.optim.GradClip;
import orphic.engine.tensor.Arena;
import orphic.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Modules, the parameter arena and AdamW together: gradients, learning, exact resume, allocation. */
class TrainingStepTest {
  private static final int B = 2, T = 8, V = 11;

  @Test
  void everyParameterGetsAGradientInTheFlatArray() {
    TinyLm m = new TinyLm(V, T, 8, 2, true);
    m.initialize(1);
    ParameterStore store = new ParameterStore(m);
    int[] ids = TinyLm.tokens(B * T, V, 2), targets = TinyLm.tokens(B * T, V, 3);
    Tensor loss = m.loss(ids, targets, B, T);
    assertThat((double) loss.item()).isCloseTo(Math.log(V), org.assertj.core.api.Assertions.within(0.1));
    loss.backward();
    for (ParameterStore.Segment s : store.segments()) {
      double sq = 0;
      for (int i = s.offset(); i < s.offset() + s.size(); i++) sq += (double) store.grad()[i] * store.grad()[i];
      assertThat(sq).as("gradient of %s", s.name()).isGreaterThan(0);
      assertThat(s.tensor().grad().toArray()).containsExactly(java.util.Arrays.copyOfRange(store.grad(), s.offset(), s.offset() + s.size()));
    }
  }

  private static float train(TinyLm m, ParameterStore store, AdamW opt, Arena arena, int from, int to) {
    float last = 0;
    for (int step = from; step < to; step++) {
      opt.zeroGrad();
      try (Arena.Scope s = arena.open()) {
        Tensor loss = m.loss(TinyLm.tokens(B * T, V, 100 + step % 4), TinyLm.tokens(B * T, V, 200 + step % 4), B, T);
        last = loss.item();
        loss.backward();
      }
      GradClip.clipGlobalNorm(store, 1.0);
      opt.step();
    }
    return last;
  }

  @Test
  void lossFallsAndAResumedRunContinuesBitForBit() {
    TinyLm a = new TinyLm(V, T, 8, 2, true);
    a.initialize(7);
    ParameterStore sa = new ParameterStore(a);
    AdamW oa = new AdamW(sa, 3e-2, 0.9, 0.99, 1e-8, 0.01);
    Arena arena = new Arena(1 << 14);
    float first = train(a, sa, oa, arena, 0, 1);
    train(a, sa, oa, arena, 1, 10);
    // Checkpoint: weights, optimizer state, dropout counters.
    Map<String, Tensor> weights = new HashMap<>();
    a.stateDict().forEach((k, t) -> weights.put(k, t.copy()));
    Map<String, Tensor> optState = oa.state();
    Map<String, Long> rng = a.randomState();
    float lossA = train(a, sa, oa, arena, 10, 40);
    assertThat(lossA).isLessThan(first);

    TinyLm b = new TinyLm(V, T, 8, 2, true);
    b.loadStateDict(weights);
    b.loadRandomState(rng);
    ParameterStore sb = new ParameterStore(b);
    AdamW ob = new AdamW(sb, 3e-2, 0.9, 0.99, 1e-8, 0.01);
    ob.load(optState);
    float lossB = train(b, sb, ob, new Arena(1 << 14), 10, 40);
    assertThat(lossB).isEqualTo(lossA);
    assertThat(sb.data()).containsExactly(sa.data());
  }

  @Test
  void aTrainingStepAllocatesAlmostNothingAfterWarmUp() {
    // An MLP language model with a few MB of activations per step (512 tokens, C 32, hidden 128).
    int b = 4, t = 128, v = 64;
    TinyLm m = new TinyLm(v, t, 32, 1, false);
    m.initialize(3);
    ParameterStore store = new ParameterStore(m);
    AdamW opt = new AdamW(store, 1e-3);
    Arena arena = new Arena();
    int[] ids = TinyLm.tokens(b * t, v, 1), targets = TinyLm.tokens(b * t, v, 2);
    Runnable trainingStep = () -> {
      opt.zeroGrad();
      try (Arena.Scope s = arena.open()) {
        m.loss(ids, targets, b, t).backward();
      }
      GradClip.clipGlobalNorm(store, 1.0);
      opt.step();
    };
    for (int i = 0; i < 3; i++) trainingStep.run();
    assertThat(arena.highWaterFloats() * 4).as("activation bytes per step").isGreaterThan(2L << 20);

    if (!(ManagementFactory.getThreadMXBean() instanceof ThreadMXBean mx) || !mx.isThreadAllocatedMemorySupported()) return;
    // Until the JIT has compiled the Vector API kernels they box every vector, so warm up until
    // three consecutive steps stay under the bound; a real per-step leak never does.
    long bound = 256 * 1024, id = Thread.currentThread().threadId();
    int window = 3, step = 0;
    long perStep;
    do {
      long before = mx.getThreadAllocatedBytes(id);
      for (int i = 0; i < window; i++) trainingStep.run();
      perStep = (mx.getThreadAllocatedBytes(id) - before) / window;
      step += window;
    } while (perStep >= bound && step < 2400); // a loaded machine compiles late: allow a long warm-up
    assertThat(perStep).as("bytes allocated per training step after %d steps", step).isLessThan(bound);
  }
}
