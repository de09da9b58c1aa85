package orphic.studio.cli;

import java.io.IOException;
import java.nio.file.Path;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Models;
import orphic.lm.tokenize.Tokenizer;

/** Model directories for command tests: a one-layer, two-head gpt with random weights. */
final class TestModels {
  private TestModels() {}

  /** A char tokenizer trained on {@code alphabet} and a gpt of context T and width D, written to {@code root}. */
  static ModelDirectory charGpt(Path root, String alphabet, int context, int dim) throws IOException {
    Tokenizer tok = Tokenizer.train("char", alphabet);
    ModelConfig config = ModelConfig.gpt(tok.vocabSize(), context, dim, 1, 2);
    LanguageModel model = Models.build(config);
    ModelDirectory dir = new ModelDirectory(root).create();
    dir.writeConfig(config, null, null, "char");
    dir.writeWeights(model.module(), null);
    tok.save(dir.file(ModelDirectory.TOKENIZER));
    return dir;
  }
}
