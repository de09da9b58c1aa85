package orphic.lm.train;

import orphic.lm.model.ModelConfig;

/**
 * Default model sizes per architecture, chosen to learn well in minutes on two cores. Options
 * given on the command line override each field.
 */
public final class Presets {
  private Presets() {}

  /** The default model: 4 blocks of width 192, 6 heads, context 128 (about 1.8M parameters with 64 symbols). */
  public static ModelConfig model(String arch, int vocabSize, Integer layers, Integer heads, Integer dim, Integer context,
      Float dropout, Long seed) {
    int l = layers != null ? layers : 4;
    int h = heads != null ? heads : 6;
    int d = dim != null ? dim : 192;
    int t = context != null ? context : 128;
    ModelConfig base = switch (arch) {
      case "gpt" -> ModelConfig.gpt(vocabSize, t, d, l, h);
      case "haze" -> ModelConfig.haze(vocabSize, t, d, l, h);
      case "blanchot" -> ModelConfig.blanchot(vocabSize, t, d, l, h, null);
      default -> throw new IllegalArgumentException("unknown architecture '" + arch + "': use gpt, haze or blanchot");
    };
    return new ModelConfig(base.arch(), vocabSize, t, d, l, h, base.mlpHidden(), base.tieWeights(), base.bias(),
        dropout != null ? dropout : 0f, base.headKind(), base.alpha(), base.initStd(), seed != null ? seed : base.seed(), base.blanchot());
  }
}
