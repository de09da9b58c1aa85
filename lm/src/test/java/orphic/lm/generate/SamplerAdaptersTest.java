package orphic.lm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import orphic.lm.model.GptModel;
import orphic.lm.sample.GenerationLoop;
import orphic.lm.sample.SamplerPresets;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.sample.SamplingContext;
import org.junit.jupiter.api.Test;

/** The sampler chain's two ways in: CachedLogits for GenerationLoop, ChainPicker for Generator. */
class SamplerAdaptersTest {
  private static final int V = 13;

  private static List<String> vocabulary() {
    List<String> v = new ArrayList<>();
    for (int i = 0; i < V; i++) v.add(Character.toString('a' + i));
    return v;
  }

  @Test
  void cachedLogitsFollowAHistoryThatGrowsAndRollsBack() {
    GptModel model = TinyModels.gpt(V, 16, 32, 2, 2, false, true, 12);
    CachedLogits cached = new CachedLogits(model);
    WindowLogits window = new WindowLogits(model);
    SamplingContext ctx = new SamplingContext(1L).start(1, 2, 3);
    int[] tokens = TinyModels.randomTokens(12, V, 4);
    for (int i = 0; i < tokens.length; i++) {
      assertThat(TinyModels.maxAbsDiff(cached.apply(ctx), window.apply(ctx))).as("length %d", ctx.length()).isLessThan(1e-4f);
      ctx.accept(tokens[i]);
      if (i == 7) ctx.rollbackTo(6); // a phrase-ban backtrack
    }
    assertThat(TinyModels.maxAbsDiff(cached.apply(ctx), window.apply(ctx))).isLessThan(1e-4f);
    assertThat(CachedLogits.forModel(model)).isInstanceOf(CachedLogits.class);
  }

  @Test
  void generationLoopGivesTheSameTextWithCachedOrWindowLogits() {
    GptModel model = TinyModels.gpt(V, 40, 32, 2, 2, false, true, 13);
    for (String preset : new String[] {"balanced", "precise"}) {
      SamplerSettings s = SamplerPresets.get(preset).settings().toBuilder().seed(5).build();
      int[] a = GenerationLoop.builder(s.toChain(), new CachedLogits(model)).build()
          .generate(s.newContext(vocabulary()).start(1, 2), 35).tokens();
      int[] b = GenerationLoop.builder(s.toChain(), new WindowLogits(model)).build()
          .generate(s.newContext(vocabulary()).start(1, 2), 35).tokens();
      assertThat(a).as(preset).isEqualTo(b).hasSize(35);
    }
  }

  @Test
  void chainPickerDrivesTheGeneratorLikeTheGenerationLoop() {
    GptModel model = TinyModels.gpt(V, 40, 32, 2, 2, false, true, 14);
    SamplerSettings s = SamplerPresets.get("balanced").settings().toBuilder().seed(9).build();
    int[] prompt = {3, 4, 5};
    int[] viaGenerator = new Generator(model).generate(prompt, 30, ChainPicker.of(s, vocabulary()), null);
    int[] viaLoop = GenerationLoop.builder(s.toChain(), new WindowLogits(model)).build()
        .generate(s.newContext(vocabulary()).start(prompt), 30).tokens();
    assertThat(viaGenerator).isEqualTo(viaLoop);
    // Batched streams, each with its own picker, match their single runs.
    Generator g = new Generator(model);
    Generator.TokenPicker[] pickers = {ChainPicker.of(s, null), ChainPicker.of(s.toBuilder().seed(10).build(), null)};
    int[][] both = g.generateBatch(prompt, 50, pickers, null);
    assertThat(both[0]).isEqualTo(g.generate(prompt, 50, ChainPicker.of(s, null), null));
    assertThat(both[1]).isEqualTo(g.generate(prompt, 50, ChainPicker.of(s.toBuilder().seed(10).build(), null), null));
  }
}
