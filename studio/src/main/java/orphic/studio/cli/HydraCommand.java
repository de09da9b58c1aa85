package orphic.studio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import orphic.lm.adapter.StyleDial;
import orphic.lm.adapter.StyleMix;
import orphic.lm.model.ModelDirectory;
import orphic.workbench.hydra.Hydra;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic hydra}: one prompt, several branches side by side. */
@Command(name = "hydra", sortOptions = false,
    description = {"Grow several continuations of one prompt at once, each with its own style mix and sampler, with metrics.",
        "Branches: realism (cool, min-p), wonderland (hot, XTC, anti-coherence), philosophical (the 'philos…' adapter, dense),",
        "anti-muse (the adapter of the style farthest from the prompt's)."})
final class HydraCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Base model directory.")
  Path model;

  @Option(names = "--adapter", paramLabel = "[NAME=]DIR", description = "A style adapter (repeatable); NAME defaults to its style.")
  List<String> adapters = new ArrayList<>();

  @Option(names = "--mix", paramLabel = "NAME=W,...", description = "The dial's mix, used by realism and wonderland (default: the base alone).")
  String mix;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "Text to continue.")
  String prompt;

  @Option(names = "--branches", defaultValue = "realism,wonderland,philosophical,anti-muse", paramLabel = "LIST", description = "Branches to grow (default ${DEFAULT-VALUE}).")
  String branches;

  @Option(names = "--tokens", defaultValue = "200", paramLabel = "N", description = "Tokens per branch (default ${DEFAULT-VALUE}).")
  int tokens;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED", description = "Seed; the same seed grows the same branches.")
  long seed;

  @Option(names = "--threads", paramLabel = "N", description = "Branches grown at once (default: the number of processors).")
  Integer threads;

  @Option(names = "--styles", paramLabel = "DIR",
      description = "A trained style detector (./orphic style train) whose style names match the adapters' names: the Anti-Muse reads the"
          + " prompt's styles from it (default: each adapter's loss on the prompt).")
  java.nio.file.Path styles;

  @Option(names = "--json", description = "Last stdout line: JSON with prompt, prompt_styles and branches (name, mix, sampler, text, tokens, distinct_2, mean_entropy_bits, tokens_per_second).")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (tokens < 1) throw new ParameterException(spec.commandLine(), "--tokens must be >= 1, got " + tokens);
    ModelDirectory dir = new ModelDirectory(model);
    StyleDial dial = StyleDial.open(dir);
    AdapterOptions.loadNamed(dial, adapters);
    try {
      dial.set(StyleMix.parse(mix));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    orphic.workbench.embed.MiniLmEmbedder embedder = styles == null ? null : new orphic.workbench.embed.MiniLmEmbedder();
    Hydra.Result r;
    try {
      orphic.workbench.hydra.StyleScorer scorer = null;
      if (embedder != null) {
        var detector = orphic.workbench.style.StyleDetector.load(styles, embedder);
        scorer = detector::detect;
      }
      Hydra hydra = new Hydra(dial, dir.loadTokenizer(), scorer);
      var list = hydra.branches(branches);
      int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
      r = hydra.run(prompt, list, tokens, seed, n);
    } finally {
      if (embedder != null) embedder.close();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!json) {
      if (!r.promptStyles().isEmpty()) out.println("prompt styles: " + styles(r.promptStyles()));
      for (Hydra.BranchResult b : r.branches()) {
        out.printf(Locale.ROOT, "%n== %s  [%s]  %s%n", b.name(), b.mix(), b.description());
        out.println(prompt + b.text());
        out.printf(Locale.ROOT, "-- distinct-2 %.3f, mean entropy %.2f bits, %.0f tokens/s%n", b.metrics().distinct2(),
            b.metrics().meanEntropyBits(), b.metrics().tokensPerSecond());
      }
      out.flush();
      return 0;
    }
    var o = JsonLine.object();
    o.put("prompt", prompt);
    var ps = o.putObject("prompt_styles");
    r.promptStyles().forEach(ps::put);
    var arr = o.putArray("branches");
    for (Hydra.BranchResult b : r.branches()) {
      var j = arr.addObject();
      j.put("name", b.name());
      j.put("description", b.description());
      j.put("mix", b.mix());
      j.put("sampler", b.sampler());
      j.put("text", b.text());
      j.put("tokens", b.tokens());
      j.put("distinct_2", b.metrics().distinct2());
      j.put("mean_entropy_bits", b.metrics().meanEntropyBits());
      j.put("tokens_per_second", b.metrics().tokensPerSecond());
    }
    JsonLine.print(out, o);
    return 0;
  }

  private static String styles(Map<String, Double> s) {
    StringBuilder sb = new StringBuilder();
    s.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ').append(String.format(Locale.ROOT, "%.2f", v)));
    return sb.toString();
  }
}
