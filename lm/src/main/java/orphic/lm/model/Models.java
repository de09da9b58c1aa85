package orphic.lm.model;

/** Builds a model family from its config: the one place that maps "arch" to a class. */
public final class Models {
  private Models() {}

  public static LanguageModel build(ModelConfig config) {
    return switch (config.arch()) {
      case "gpt" -> new GptModel(config);
      case "haze" -> new HazeModel(config);
      case "blanchot" -> new BlanchotModel(config);
      default -> throw new IllegalArgumentException("unknown architecture '" + config.arch() + "': use gpt, haze or blanchot");
    };
  }
}
