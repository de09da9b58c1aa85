package orphic.studio.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import orphic.workbench.transform.AnachronismEngine;
import orphic.workbench.transform.Change;
import orphic.workbench.transform.FogEngine;
import orphic.workbench.transform.FogSettings;
import orphic.workbench.transform.ParadoxEngine;
import orphic.workbench.transform.ParadoxSettings;
import orphic.workbench.transform.TransformResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code orphic transform paradox|fog|anachronism}: the transforms of docs/transforms.md. The
 * logic lives in orphic.workbench.transform; this class parses options and prints.
 */
@Command(name = "transform", sortOptions = false,
    description = "Transforms: paradox (antonyms, synesthesia, term injection), fog (ambiguity amplifier), anachronism (archaic/modern diction).",
    commandListHeading = "%nCommands:%n",
    subcommands = {TransformCommand.Paradox.class, TransformCommand.Fog.class, TransformCommand.Anachronism.class})
final class TransformCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: choose paradox, fog or anachronism");
  }

  /** Runs body, turning the engines' input errors (IllegalArgumentException) into usage errors. */
  static <T> T checked(CommandSpec spec, Supplier<T> body) {
    try {
      return body.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  static void print(PrintWriter out, TransformResult r, boolean json, String name) {
    if (json) {
      ObjectNode o = JsonLine.object();
      o.put("transform", name);
      o.put("source", r.source());
      o.put("text", r.text());
      ArrayNode a = o.putArray("changes");
      for (Change c : r.changes()) {
        a.addObject().put("start", c.start()).put("end", c.end()).put("before", c.before()).put("after", c.after())
            .put("rule", c.rule()).put("why", c.why());
      }
      JsonLine.print(out, o);
      return;
    }
    out.println(r.text());
    if (r.changes().isEmpty()) out.println("  (no changes)");
    for (Change c : r.changes()) {
      out.printf("  [%d,%d) %s → %s  %s: %s%n", c.start(), c.end(), c.before().isEmpty() ? "∅" : "'" + c.before() + "'",
          "'" + c.after() + "'", c.rule(), c.why());
    }
    out.flush();
  }

  @Command(name = "paradox", sortOptions = false,
      description = "Destabilise a text: WordNet antonyms of nouns and adjectives, synesthetic sense swaps, lexicon term injection. Every change is reported.")
  static final class Paradox implements Callable<Integer> {
    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "The text to transform.")
    String text;

    @Option(names = "--rate", defaultValue = "0.3", paramLabel = "R", description = "Chance in [0, 1] that each eligible word changes (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed for every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--terms", split = ",", paramLabel = "A,B", description = "Lexicon terms the term-injection rule may insert.")
    List<String> terms = new ArrayList<>();

    @Option(names = "--rules", split = ",", paramLabel = "R,R", description = "Rules allowed: antonym, synesthesia, term-injection (default: all).")
    List<String> rules = new ArrayList<>();

    @Option(names = "--json", description = "Last stdout line: JSON with source, text and changes (start, end, before, after, rule, why).")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      TransformResult r = checked(spec, () -> {
        var allowed = java.util.EnumSet.noneOf(ParadoxEngine.Rule.class);
        for (String s : rules) allowed.add(ParadoxEngine.Rule.parse(s));
        return ParadoxEngine.apply(text, new ParadoxSettings(rate, seed, terms, allowed));
      });
      print(spec.commandLine().getOut(), r, json, "paradox");
      return 0;
    }
  }

  @Command(name = "anachronism", sortOptions = false,
      description = "Move a text into an archaic voice (you → thou, knows → knoweth, often → oft) or back; or drop a phrase into a host text.")
  static final class Anachronism implements Callable<Integer> {
    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "The text (with --into: the phrase to drop in).")
    String text;

    @Option(names = "--direction", defaultValue = "archaic", paramLabel = "D", description = "archaic or modern (default: ${DEFAULT-VALUE}).")
    String direction;

    @Option(names = "--into", paramLabel = "HOST", description = "Drop --text into this host text (archaic: the phrase is archaized first; modern: it goes in as written).")
    String into;

    @Option(names = "--at", defaultValue = "-1", paramLabel = "N", description = "With --into: character offset, snapped to the nearest word boundary (default: the middle).")
    int at;

    @Option(names = "--json", description = "Last stdout line: JSON with source, text and changes.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      TransformResult r = checked(spec, () -> {
        AnachronismEngine.Direction d = AnachronismEngine.Direction.parse(direction);
        if (into == null) return AnachronismEngine.apply(text, d);
        return AnachronismEngine.drop(into, text, at < 0 ? into.length() / 2 : at, d);
      });
      print(spec.commandLine().getOut(), r, json, "anachronism");
      return 0;
    }
  }

  @Command(name = "fog", sortOptions = false,
      description = "Ambiguity amplifier: k high-temperature variants of a sentence from your model, salient phrases recombined into hybrids, ranked.")
  static final class Fog implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "The sentence.")
    String text;

    @Option(names = "--level", defaultValue = "medium", paramLabel = "L", description = "subtle, medium, radical, or a number in [0, 1] (default: ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--k", defaultValue = "6", paramLabel = "K", description = "Variants to generate and hybrids to return (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Last stdout line: JSON with source, level, variants, phrases and hybrids (text, score, ambiguity, novelty, distinct_2, origin, inserted).")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      FogSettings settings = checked(spec, () -> FogSettings.parse(level));
      if (!Files.isDirectory(model)) throw new ParameterException(spec.commandLine(), "--model " + model + " is not a directory; give a model directory made by 'orphic train'");
      FogEngine engine = FogEngine.open(model);
      FogEngine.Result r = checked(spec, () -> engine.fog(text, settings, k, seed));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode o = JsonLine.object();
        o.put("transform", "fog");
        o.put("source", r.source());
        o.put("level", settings.level());
        o.put("temperature", settings.temperature());
        o.put("seed", seed);
        ArrayNode v = o.putArray("variants");
        r.variants().forEach(v::add);
        ArrayNode p = o.putArray("phrases");
        r.phrases().forEach(p::add);
        ArrayNode h = o.putArray("hybrids");
        for (FogEngine.Hybrid x : r.hybrids()) {
          ObjectNode e = h.addObject().put("text", x.text()).put("score", x.score()).put("ambiguity", x.ambiguity())
              .put("novelty", x.novelty()).put("distinct_2", x.distinct2()).put("origin", x.origin());
          ArrayNode ins = e.putArray("inserted");
          x.inserted().forEach(ins::add);
        }
        JsonLine.print(out, o);
        return 0;
      }
      out.printf("source: %s%nlevel %.2f, temperature %.2f, k %d, seed %d%n", r.source(), settings.level(), settings.temperature(), k, seed);
      out.println("variants:");
      for (String v : r.variants()) out.println("  " + v);
      out.println("phrases: " + String.join(" | ", r.phrases()));
      out.println("hybrids (best first: score, ambiguity, novelty, distinct-2):");
      for (FogEngine.Hybrid x : r.hybrids()) {
        out.printf("  %.3f  %.2f  %.2f  %.2f  %s%s%n", x.score(), x.ambiguity(), x.novelty(), x.distinct2(), x.text(),
            x.origin().equals("variant") ? "  (variant)" : "");
      }
      out.flush();
      return 0;
    }
  }
}
