package orphic.lm.adapter;

import java.util.List;
import orphic.engine.nn.LoraPatch;
import orphic.engine.nn.LoraWeights;
import orphic.engine.nn.Module;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;

/**
 * A base model run through one adapter being trained: each forward pass first writes
 * W₀ + (α/r)·B·A into the target matrices ({@link LoraPatch}) and puts the step that turns their
 * gradients into A's and B's on the tape. Every other base parameter is frozen. {@link #module()}
 * is the base model's module (its mode, random streams and, for decoding, its current weights);
 * the trainable parameters are {@link #adapter()}'s.
 */
public final class AdaptedModel implements LanguageModel {
  private static final float[] ONE = {1f};

  private final LanguageModel base;
  private final LoraWeights adapter;
  private final LoraPatch patch;

  public AdaptedModel(LanguageModel base, LoraWeights adapter) {
    this.base = base;
    this.adapter = adapter;
    this.patch = new LoraPatch(base.module());
    patch.freezeFor(adapter);
    patch.apply(List.of(adapter), ONE);
  }

  public LoraWeights adapter() {
    return adapter;
  }

  @Override
  public ModelConfig config() {
    return base.config();
  }

  @Override
  public Tensor forward(int[] ids, int batch, int time) {
    patch.apply(List.of(adapter), ONE);
    patch.recordGradients(adapter, 1f);
    return base.forward(ids, batch, time);
  }

  @Override
  public Module module() {
    return base.module();
  }
}
