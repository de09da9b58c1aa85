package orphic.studio.repl;

import java.io.IOException;
import java.nio.file.Path;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Models;
import orphic.lm.tokenize.Tokenizer;

/** A random-weight gpt over a small character vocabulary, saved as a model directory. */
final class TinyModel {
  static final String ALPHABET = "the quick brown fox jumps over a lazy dog.\n";

  private TinyModel() {}

  static Path write(Path dir) throws IOException {
    Tokenizer tok = Tokenizer.train("char", ALPHABET);
    ModelConfig config = ModelConfig.gpt(tok.vocabSize(), 32, 16, 1, 2);
    LanguageModel model = Models.build(config);
    ModelDirectory md = new ModelDirectory(dir).create();
    md.writeConfig(config, null, null, "char");
    md.writeWeights(model.module(), null);
    tok.save(md.file(ModelDirectory.TOKENIZER));
    return dir;
  }
}
