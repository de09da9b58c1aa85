package orphic.lm.generate;

import java.util.function.Function;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Arena;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.LanguageModel;
import orphic.lm.sample.SamplingContext;

/**
 * Next-token logits for a sampling context by full recomputation over the last {@code context}
 * tokens of its history. Stateless between calls, so it follows the history wherever it goes —
 * including backtracking by phrase bans. Returns a reused buffer: copy it to keep it.
 */
public final class WindowLogits implements Function<SamplingContext, float[]> {
  private final LanguageModel model;
  private final Arena arena = new Arena();
  private final float[] logits;
  private int[] window;

  public WindowLogits(LanguageModel model) {
    this.model = model;
    this.logits = new float[model.config().vocabSize()];
    this.window = new int[model.config().context()];
  }

  @Override
  public float[] apply(SamplingContext ctx) {
    int length = ctx.length();
    if (length == 0) throw new IllegalArgumentException("generation needs a prompt of at least one token");
    int t = Math.min(length, model.config().context());
    if (window.length != t) window = new int[t];
    for (int i = 0; i < t; i++) window[i] = ctx.tokenAt(length - t + i);
    boolean wasTraining = model.module().isTraining();
    model.module().train(false);
    try (var ng = Autograd.noGrad(); var scope = arena.open()) {
      Tensor out = model.forward(window, 1, t); // [1, t, V]
      System.arraycopy(out.data(), out.offset() + (t - 1) * logits.length, logits, 0, logits.length);
    } finally {
      model.module().train(wasTraining);
    }
    return logits;
  }
}
