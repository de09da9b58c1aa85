package orphic.studio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import orphic.lm.adapter.Adapter;
import orphic.lm.adapter.AdapterBake;
import orphic.lm.adapter.StyleDial;
import orphic.lm.adapter.StyleMix;
import orphic.lm.model.ModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic adapter bake}: a mix of adapters made permanent. */
@Command(name = "bake", sortOptions = false,
    description = {"Bake a weighted mix of adapters:",
        "  cat  the exact merged model W + sum of w*dW, written as an ordinary model directory;",
        "  svd  the summed update truncated to --rank R, written as a new adapter (exact when R >= the summed ranks)."})
final class AdapterBakeCommand implements Callable<Integer> {
  enum Method { cat, svd }

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Base model directory.")
  Path model;

  @Option(names = "--adapter", required = true, paramLabel = "DIR[=W]", description = "An adapter and its weight (default 1); repeatable.")
  List<String> adapters;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model directory (cat) or adapter directory (svd) to write.")
  Path out;

  @Option(names = "--method", defaultValue = "cat", paramLabel = "cat|svd", description = "cat (exact merged model) or svd (low-rank adapter); default ${DEFAULT-VALUE}.")
  Method method;

  @Option(names = "--rank", paramLabel = "R", description = "svd: the rank to keep (default: the summed ranks, i.e. exact).")
  Integer rank;

  @Option(names = "--style", paramLabel = "NAME", description = "svd: the new adapter's style name (default: the --out directory's name).")
  String style;

  @Option(names = "--json", description = "Last stdout line: JSON with method, mix, rank (svd), out.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (rank != null && rank < 1) throw new ParameterException(spec.commandLine(), "--rank must be >= 1, got " + rank);
    if (method == Method.cat && rank != null) throw new ParameterException(spec.commandLine(), "--rank applies to --method svd only");
    ModelDirectory base = new ModelDirectory(model);
    StyleDial dial = StyleDial.open(base);
    StyleMix mix = AdapterOptions.loadWeighted(dial, adapters);
    dial.set(mix);
    PrintWriter err = spec.commandLine().getErr();
    int r = 0;
    if (method == Method.cat) {
      AdapterBake.cat(dial, base, out);
      err.println("baked " + mix + " into the model directory " + out);
    } else {
      int total = 0;
      for (Adapter a : dial.adapters().values()) total += a.rank();
      r = rank != null ? rank : total;
      String name = style != null ? style : out.toAbsolutePath().normalize().getFileName().toString();
      AdapterBake.svd(dial, r, name).save(out);
      err.println("baked " + mix + " into the rank-" + r + " adapter '" + name + "' at " + out + (r >= total ? " (exact)" : " (summed ranks " + total + ": approximate)"));
    }
    err.flush();
    if (json) {
      var o = JsonLine.object();
      o.put("method", method.name());
      o.put("mix", mix.toString());
      if (method == Method.svd) o.put("rank", r);
      o.put("out", out.toString());
      JsonLine.print(spec.commandLine().getOut(), o);
    }
    return 0;
  }
}
