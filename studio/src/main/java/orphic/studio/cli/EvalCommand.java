package orphic.studio.cli;

import java.io.PrintWriter;
import java.util.Locale;
import orphic.engine.tensor.Arena;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.text.Corpus;
import orphic.lm.tokenize.Tokenizer;
import orphic.lm.train.Evaluator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orphic eval}: validation loss of a model on a corpus. */
@Command(name = "eval", sortOptions = false,
    description = "Measure a model's loss on a corpus, in nats per character.")
final class EvalCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
  Path model;

  @Option(names = "--corpus", required = true, paramLabel = "F", description = "UTF-8 text to evaluate on.")
  Path corpus;

  @Option(names = "--json", description = "Last stdout line: JSON with val_loss, bits_per_char, chars.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ModelDirectory dir = new ModelDirectory(model);
    LanguageModel m = dir.loadModel();
    Tokenizer tokenizer = dir.loadTokenizer();
    String text = Corpus.read(corpus).text();
    int[] ids = tokenizer.encode(text);
    if (ids.length < m.config().context() + 1) {
      throw new CommandFailure(corpus + " is too short to evaluate: " + ids.length + " tokens, the model reads windows of "
          + (m.config().context() + 1));
    }
    Evaluator.Result r = Evaluator.evaluate(m, ids, Evaluator.charsPerToken(tokenizer), 32, 1, new Arena());
    PrintWriter out = spec.commandLine().getOut();
    double loss = r.natsPerChar();
    if (json) {
      var o = JsonLine.object();
      o.put("val_loss", loss);
      o.put("bits_per_char", loss / Math.log(2));
      o.put("chars", r.chars());
      o.put("tokens", r.tokens());
      JsonLine.print(out, o);
    } else {
      out.printf(Locale.ROOT, "%s on %s: %.4f nats/char (%.4f bits/char) over %,d characters%n", model, corpus, loss, loss / Math.log(2), r.chars());
      out.flush();
    }
    return 0;
  }
}
