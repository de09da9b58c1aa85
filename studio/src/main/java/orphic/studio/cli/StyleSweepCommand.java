package orphic.studio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.StyleConditioned;
import orphic.lm.tokenize.Tokenizer;
import orphic.workbench.embed.MiniLmEmbedder;
import orphic.workbench.style.DialSweep;
import orphic.workbench.style.StyleDetector;
import orphic.workbench.style.StyleSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic style sweep}: the style dial of a style-conditioned model, scored by a style detector (docs/poetic.md). */
@Command(name = "sweep", sortOptions = false,
    description = "Move a style-conditioned model's style vector from one learned style to another and score samples at each point with a style detector.")
final class StyleSweepCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model trained with --style-conditioning.")
  Path model;

  @Option(names = "--from", required = true, paramLabel = "STYLE", description = "The model's style at weight 0.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "STYLE", description = "The model's style at weight 1.")
  String to;

  @Option(names = "--styles", required = true, paramLabel = "DIR", description = "A detector directory written by 'orphic style train'.")
  Path styles;

  @Option(names = "--points", paramLabel = "N", description = "Dial positions, from and to included (default 5).")
  int points = 5;

  @Option(names = "--samples", paramLabel = "N", description = "Samples per position (default 8).")
  int samples = 8;

  @Option(names = "--tokens", paramLabel = "N", description = "Tokens per sample (default 400).")
  int tokens = 400;

  @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt of every sample (default a newline).")
  String prompt = "\n";

  @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature (default 0.8).")
  double temperature = 0.8;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the first sample; sample n uses SEED + n at every point (default 1).")
  long seed = 1;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write sweep.md, sweep.json and sweep.png (default MODEL/dial-sweep).")
  Path out;

  @Option(names = "--json", description = "Last stdout line: JSON with from, to, points (weight_from, weight_to, scores, samples), table, plot.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DialSweep.Settings settings;
    try {
      settings = new DialSweep.Settings(points, samples, tokens, prompt, temperature, seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    StyleSpace space = StyleSpace.load(styles);
    ModelDirectory dir = new ModelDirectory(model);
    LanguageModel m = dir.loadModel();
    StyleConditioned sc = StyleConditioned.of(m);
    if (sc == null) throw new CommandFailure(model + " has no styles: train it with --style-conditioning on several --corpus files");
    for (String s : new String[] {from, to}) {
      if (!sc.styleNames().contains(s)) throw new CommandFailure("unknown style '" + s + "': " + model + " knows " + sc.styleNames());
    }
    Tokenizer tokenizer = dir.loadTokenizer();
    PrintWriter err = spec.commandLine().getErr();
    DialSweep.Result r;
    try (MiniLmEmbedder embedder = new MiniLmEmbedder(256, 0, 1)) {
      StyleDetector detector = new StyleDetector(space, embedder);
      r = DialSweep.run(m, tokenizer, from, to, settings, detector::detect);
    }
    Path o = out != null ? out : model.resolve("dial-sweep");
    Files.createDirectories(o);
    ObjectMapper mapper = new ObjectMapper();
    Files.writeString(o.resolve("sweep.md"), r.table());
    Files.writeString(o.resolve("sweep.json"), mapper.writerWithDefaultPrettyPrinter().writeValueAsString(r.toJson()) + "\n");
    Path png = DialSweep.plot(r, o.resolve("sweep.png"));
    err.print(r.table());
    err.println("wrote " + o.resolve("sweep.md") + ", sweep.json and " + png);
    err.flush();
    if (json) {
      var j = JsonLine.object();
      j.setAll((com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(r.toJson()));
      j.put("table", r.table());
      j.put("plot", png.toString());
      JsonLine.print(spec.commandLine().getOut(), j);
    }
    return 0;
  }
}
