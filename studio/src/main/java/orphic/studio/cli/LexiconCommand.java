package orphic.studio.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import orphic.workbench.lexicon.Activation;
import orphic.workbench.lexicon.ActivationResult;
import orphic.workbench.lexicon.Activator;
import orphic.workbench.lexicon.EntryTrace;
import orphic.workbench.lexicon.InfectionRate;
import orphic.workbench.lexicon.Lexicon;
import orphic.workbench.lexicon.PhraseBias;
import orphic.workbench.lexicon.Relation;
import orphic.workbench.lexicon.Rule;
import orphic.workbench.lexicon.RuleFinding;
import orphic.workbench.lexicon.ScanSettings;
import orphic.workbench.lexicon.SecondaryLogic;
import orphic.workbench.lexicon.Term;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code orphic lexicon …}: the mythic lexicon of a workspace (docs/lexicon.md). {@code test}
 * shows which entries fire for a text and why; {@code check} runs the rules over a text;
 * {@code infection} measures the lexical infection rate.
 */
@Command(name = "lexicon", sortOptions = false,
    description = "The mythic lexicon: terms, relations, activation tester, rules, infection rate.",
    commandListHeading = "%nCommands:%n",
    subcommands = {LexiconCommand.Add.class, LexiconCommand.Remove.class, LexiconCommand.Relate.class, LexiconCommand.ListTerms.class,
        LexiconCommand.Show.class, LexiconCommand.Graph.class, LexiconCommand.Test.class, LexiconCommand.AddRule.class,
        LexiconCommand.Check.class, LexiconCommand.Infection.class})
final class LexiconCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: choose add, remove, relate, list, show, graph, test, rule, check or infection");
  }

  /** {@code --workspace DIR} and {@code --json}, shared by every lexicon command. */
  static final class Common extends WorkspaceOptions {
    <T> T withLexicon(Function<Lexicon, T> body) {
      return withWorkspace(ws -> body.apply(new Lexicon(ws)));
    }
  }


  static ObjectNode termJson(Term t) {
    ObjectNode o = JsonLine.object();
    o.put("name", t.name());
    o.put("definition", t.definition());
    ArrayNode a = o.putArray("aliases");
    t.aliases().forEach(a::add);
    Activation x = t.activation();
    ObjectNode act = o.putObject("activation");
    ArrayNode keys = act.putArray("keys");
    x.keys().forEach(keys::add);
    ArrayNode sec = act.putArray("secondary_keys");
    x.secondaryKeys().forEach(sec::add);
    act.put("secondary_logic", x.secondaryLogic().name());
    ArrayNode anti = act.putArray("anti_keys");
    x.antiKeys().forEach(anti::add);
    act.put("probability", x.probability());
    if (x.group() != null) act.put("group", x.group());
    act.put("weight", x.weight());
    act.put("order", x.order());
    act.put("constant", x.constant());
    if (x.content() != null) act.put("content", x.content());
    act.put("bias", x.bias());
    act.put("unbias", x.unbias());
    act.put("enabled", x.enabled());
    return o;
  }

  @Command(name = "add", sortOptions = false, description = "Add a term (or replace the one with that name).")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Parameters(paramLabel = "NAME") String name;
    @Option(names = {"-d", "--definition"}, paramLabel = "TEXT", description = "What the term means.") String definition;
    @Option(names = "--alias", paramLabel = "A", description = "Another spelling (repeatable).") List<String> aliases = new ArrayList<>();
    @Option(names = "--key", paramLabel = "K", description = "Primary key, plain or /regex/flags (repeatable; default: name and aliases).") List<String> keys = new ArrayList<>();
    @Option(names = "--secondary", paramLabel = "K", description = "Secondary key (repeatable).") List<String> secondary = new ArrayList<>();
    @Option(names = "--logic", paramLabel = "and-any|and-all|not-any|not-all", description = "Secondary-key logic (default: and-any).") String logic;
    @Option(names = "--anti", paramLabel = "K", description = "Anti key: blocks the entry (repeatable).") List<String> anti = new ArrayList<>();
    @Option(names = "--probability", paramLabel = "P", description = "Chance to fire, percent 0..100 (default: 100).") Integer probability;
    @Option(names = "--group", paramLabel = "G", description = "Inclusion group: one member fires, by weight.") String group;
    @Option(names = "--weight", paramLabel = "W", description = "Weight in its group (default: 100).") Integer weight;
    @Option(names = "--order", paramLabel = "O", description = "Priming order, higher = later and kept first (default: 100).") Integer order;
    @Option(names = "--constant", description = "Always fires.") boolean constant;
    @Option(names = "--content", paramLabel = "TEXT", description = "Priming text (default: 'name: definition').") String content;
    @Option(names = "--bias", paramLabel = "S", description = "Output phrase bias strength while active (default: 0).") Double bias;
    @Option(names = "--unbias", description = "Stop biasing a phrase once generated.") boolean unbias;
    @Option(names = "--case-sensitive", description = "Plain keys match case.") boolean caseSensitive;
    @Option(names = "--substring", description = "Plain keys also match inside words.") boolean substring;
    @Option(names = "--disabled", description = "Store the term but never fire it.") boolean disabled;

    @Override
    public Integer call() {
      Activation.Builder a = Activation.builder().keys(keys).secondaryKeys(secondary).antiKeys(anti).constant(constant)
          .content(content).unbias(unbias).enabled(!disabled).group(group);
      if (logic != null) a.secondaryLogic(parseLogic(spec, logic));
      if (probability != null) a.probability(probability);
      if (weight != null) a.weight(weight);
      if (order != null) a.order(order);
      if (bias != null) a.bias(bias);
      if (caseSensitive) a.caseSensitive(true);
      if (substring) a.wholeWord(false);
      Term term = Term.of(name, definition, aliases, a.build());
      Term saved = common.withLexicon(lex -> lex.put(term));
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) JsonLine.print(out, termJson(saved));
      else out.println("saved " + saved.name() + (saved.aliases().isEmpty() ? "" : " (" + String.join(", ", saved.aliases()) + ")"));
      return 0;
    }
  }

  static SecondaryLogic parseLogic(CommandSpec spec, String s) {
    try {
      return SecondaryLogic.valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--logic must be and-any, and-all, not-any or not-all, got '" + s + "'");
    }
  }

  @Command(name = "remove", description = "Remove a term and its relations.")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Parameters(paramLabel = "NAME") String name;

    @Override
    public Integer call() {
      boolean gone = common.withLexicon(lex -> lex.remove(name));
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) JsonLine.print(out, JsonLine.object().put("removed", gone));
      else out.println(gone ? "removed " + name : "no term named " + name);
      return 0;
    }
  }

  @Command(name = "relate", description = "Relate two terms: FROM TYPE TO (EVOLVES_TO, APPEARS_IN, LINKED or a name of yours).")
  static final class Relate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Parameters(index = "0", paramLabel = "FROM") String from;
    @Parameters(index = "1", paramLabel = "TYPE") String type;
    @Parameters(index = "2", paramLabel = "TO") String to;
    @Option(names = "--remove", description = "Remove the relation instead.") boolean remove;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (remove) {
        boolean gone = common.withLexicon(lex -> lex.unrelate(from, type, to));
        if (common.json) JsonLine.print(out, JsonLine.object().put("removed", gone));
        else out.println(gone ? "removed" : "no such relation");
        return 0;
      }
      Relation r = common.withLexicon(lex -> lex.relate(from, type, to));
      if (common.json) JsonLine.print(out, JsonLine.object().put("from", r.from()).put("type", r.type()).put("to", r.to()));
      else out.println(r.from() + " -" + r.type() + "-> " + r.to());
      return 0;
    }
  }

  @Command(name = "list", description = "List the terms.")
  static final class ListTerms implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Override
    public Integer call() {
      List<Term> terms = common.withLexicon(Lexicon::list);
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) {
        ObjectNode o = JsonLine.object();
        ArrayNode a = o.putArray("terms");
        terms.forEach(t -> a.add(termJson(t)));
        JsonLine.print(out, o);
      } else {
        for (Term t : terms) {
          out.println(t.name() + (t.aliases().isEmpty() ? "" : " (" + String.join(", ", t.aliases()) + ")")
              + (t.definition().isBlank() ? "" : " — " + t.definition()));
        }
        out.println(terms.size() + " terms");
      }
      return 0;
    }
  }

  @Command(name = "show", description = "Show a term: definition, aliases, activation, relations, what it evolves into.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Parameters(paramLabel = "NAME") String name;

    @Override
    public Integer call() {
      record Shown(Term term, List<Relation> relations, List<Lexicon.Reached> evolves) {}
      Shown s = common.withLexicon(lex -> {
        Term t = lex.require(name);
        return new Shown(t, lex.relations(t.name()), lex.evolvesInto(t.name()));
      });
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) {
        ObjectNode o = termJson(s.term());
        ArrayNode rel = o.putArray("relations");
        s.relations().forEach(r -> rel.addObject().put("from", r.from()).put("type", r.type()).put("to", r.to()));
        ArrayNode ev = o.putArray("evolves_into");
        s.evolves().forEach(r -> ev.addObject().put("name", r.term().name()).put("depth", r.depth()));
        JsonLine.print(out, o);
        return 0;
      }
      Term t = s.term();
      out.println(t.name() + (t.definition().isBlank() ? "" : ": " + t.definition()));
      if (!t.aliases().isEmpty()) out.println("aliases: " + String.join(", ", t.aliases()));
      out.println("activation: " + termJson(t).get("activation"));
      for (Relation r : s.relations()) out.println("  " + r.from() + " -" + r.type() + "-> " + r.to());
      if (!s.evolves().isEmpty()) {
        out.println("evolves into: " + String.join(", ", s.evolves().stream().map(r -> r.term().name() + " (" + r.depth() + ")").toList()));
      }
      return 0;
    }
  }

  @Command(name = "graph", description = "The terms within --depth hops of NAME (either direction) and the relations among them.")
  static final class Graph implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--depth", defaultValue = "2", paramLabel = "K", description = "Hops (default: ${DEFAULT-VALUE}).") int depth;
    @Option(names = "--type", paramLabel = "T", description = "Only relations of this type (repeatable; default: all).") List<String> types = new ArrayList<>();

    @Override
    public Integer call() {
      if (depth < 0) throw new ParameterException(spec.commandLine(), "--depth must be ≥ 0, got " + depth);
      record Hood(List<Lexicon.Reached> nodes, List<Relation> edges) {}
      Hood h = common.withLexicon(lex -> {
        List<Lexicon.Reached> nodes = lex.neighbourhood(name, depth, types);
        List<Relation> edges = lex.relationsAmong(nodes.stream().map(Lexicon.Reached::term).toList()).stream()
            .filter(r -> types.isEmpty() || types.stream().map(Relation::normaliseType).anyMatch(r.type()::equals)).toList();
        return new Hood(nodes, edges);
      });
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) {
        ObjectNode o = JsonLine.object();
        ArrayNode n = o.putArray("nodes");
        h.nodes().forEach(r -> n.addObject().put("name", r.term().name()).put("depth", r.depth()));
        ArrayNode e = o.putArray("edges");
        h.edges().forEach(r -> e.addObject().put("from", r.from()).put("type", r.type()).put("to", r.to()));
        JsonLine.print(out, o);
      } else {
        for (Lexicon.Reached r : h.nodes()) out.println("  ".repeat(r.depth()) + r.term().name() + " (" + r.depth() + ")");
        for (Relation r : h.edges()) out.println(r.from() + " -" + r.type() + "-> " + r.to());
      }
      return 0;
    }
  }

  /** The text argument: inline, or {@code @file} / {@code --file}. */
  static String text(String inline, Path file) {
    if (file != null) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return inline == null ? "" : inline;
  }

  @Command(name = "test", sortOptions = false, description = "Which entries fire for a text, and why (a pure function of text, lexicon and seed).")
  static final class Test implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Parameters(paramLabel = "TEXT", arity = "0..1", description = "The text to scan.") String inline;
    @Option(names = "--file", paramLabel = "F", description = "Read the text from a file instead.") Path file;
    @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED", description = "Seed of probability rolls and group draws (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--scan-depth", defaultValue = "0", paramLabel = "CHARS", description = "Scan only the last CHARS characters (default: 0 = all).") int scanDepth;
    @Option(names = "--budget", defaultValue = "0", paramLabel = "CHARS", description = "Characters of priming text allowed (default: 0 = no limit).") int budget;
    @Option(names = "--case-sensitive", description = "Plain keys match case unless an entry says otherwise.") boolean caseSensitive;

    @Override
    public Integer call() {
      if (inline == null && file == null) throw new ParameterException(spec.commandLine(), "give the TEXT to scan, or --file F");
      if (scanDepth < 0 || budget < 0) throw new ParameterException(spec.commandLine(), "--scan-depth and --budget must be ≥ 0");
      String text = text(inline, file);
      ScanSettings settings = ScanSettings.DEFAULT.withScanDepth(scanDepth).withBudget(budget).withCaseSensitive(caseSensitive);
      List<Term> terms = common.withLexicon(Lexicon::list);
      ActivationResult r = Activator.activate(text, terms, settings, seed);
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) {
        JsonLine.print(out, toJson(r, seed));
        return 0;
      }
      out.printf(Locale.ROOT, "scanned characters %d..%d, seed %d, budget %s%n", r.scanStart(), text.length(), seed,
          budget == 0 ? "none" : budget + " chars");
      for (EntryTrace t : r.traces()) out.println(t.describe());
      out.printf(Locale.ROOT, "fired %d of %d: %s; budget used %d%n", r.fired().size(), terms.size(),
          r.fired().isEmpty() ? "none" : String.join(", ", r.firedNames()), r.budgetUsed());
      if (!r.priming().isEmpty()) {
        out.println("priming:");
        r.priming().lines().forEach(l -> out.println("  " + l));
      }
      if (!r.phraseBiases().isEmpty()) {
        out.println("phrase bias: " + String.join(", ", r.phraseBiases().stream()
            .map(p -> String.format(Locale.ROOT, "'%s' %+.2f%s", p.phrase(), p.strength(), p.unbiasOnceEmitted() ? " (unbias once emitted)" : "")).toList()));
      }
      return 0;
    }

    static ObjectNode toJson(ActivationResult r, long seed) {
      ObjectNode o = JsonLine.object();
      o.put("seed", seed);
      o.put("scan_start", r.scanStart());
      ArrayNode fired = o.putArray("fired");
      r.firedNames().forEach(fired::add);
      o.put("priming", r.priming());
      o.put("budget_used", r.budgetUsed());
      ArrayNode entries = o.putArray("entries");
      for (EntryTrace t : r.traces()) {
        ObjectNode e = entries.addObject();
        e.put("term", t.term());
        e.put("outcome", t.outcome().name());
        if (t.key() != null) {
          e.put("key", t.key());
          e.put("position", t.position());
          e.put("matched", t.matched());
        }
        if (t.roll() != null) e.put("roll", t.roll());
        e.put("cost", t.cost());
        ArrayNode notes = e.putArray("notes");
        t.notes().forEach(notes::add);
      }
      ArrayNode bias = o.putArray("phrase_bias");
      for (PhraseBias p : r.phraseBiases()) bias.addObject().put("phrase", p.phrase()).put("strength", p.strength()).put("unbias", p.unbiasOnceEmitted());
      return o;
    }
  }

  @Command(name = "rule", description = "Store a rule: NAME \"[break] every TRIGGER requires|forbids TARGET|… within N words\".")
  static final class AddRule implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "SPEC") String ruleSpec;

    @Override
    public Integer call() {
      Rule r = common.withLexicon(lex -> lex.putRule(name, ruleSpec));
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) JsonLine.print(out, JsonLine.object().put("name", r.name()).put("spec", r.spec()));
      else out.println("rule " + r.name() + ": " + r.spec());
      return 0;
    }
  }

  @Command(name = "check", description = "Run the workspace's rules over a text and report what breaks them (or, for break rules, what keeps them).")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Parameters(paramLabel = "TEXT", arity = "0..1") String inline;
    @Option(names = "--file", paramLabel = "F", description = "Read the text from a file instead.") Path file;

    @Override
    public Integer call() {
      if (inline == null && file == null) throw new ParameterException(spec.commandLine(), "give the TEXT to check, or --file F");
      String text = text(inline, file);
      List<RuleFinding> findings = common.withLexicon(lex -> {
        List<RuleFinding> all = new ArrayList<>();
        for (Rule r : lex.rules()) all.addAll(r.check(text, lex.formsResolver()));
        return all;
      });
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) {
        ObjectNode o = JsonLine.object();
        ArrayNode a = o.putArray("findings");
        findings.forEach(f -> a.addObject().put("rule", f.rule()).put("trigger", f.trigger()).put("position", f.position()).put("message", f.message()));
        JsonLine.print(out, o);
      } else {
        findings.forEach(f -> out.println(f.rule() + ": " + f.message()));
        out.println(findings.size() + " findings");
      }
      return 0;
    }
  }

  @Command(name = "infection", description = "Lexical infection rate: lexicon share of the generated words / lexicon share of the corpus words.")
  static final class Infection implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Option(names = "--generated", required = true, paramLabel = "F", description = "The generated text.") Path generated;
    @Option(names = "--corpus", required = true, paramLabel = "F", description = "The corpus (the base rate).") Path corpus;

    @Override
    public Integer call() {
      String g = text(null, generated);
      String c = text(null, corpus);
      InfectionRate ir = common.withLexicon(lex -> InfectionRate.of(lex.list()));
      InfectionRate.Share gs = ir.share(g);
      InfectionRate.Share cs = ir.share(c);
      double rate = ir.rate(g, c);
      PrintWriter out = spec.commandLine().getOut();
      if (common.json) {
        ObjectNode o = JsonLine.object();
        o.put("generated_lexicon_words", gs.lexiconWords()).put("generated_words", gs.words())
            .put("corpus_lexicon_words", cs.lexiconWords()).put("corpus_words", cs.words());
        if (Double.isFinite(rate)) o.put("infection_rate", rate); else o.put("infection_rate", String.valueOf(rate));
        JsonLine.print(out, o);
      } else {
        out.printf(Locale.ROOT, "generated: %d of %d words from the lexicon (%.4f)%n", gs.lexiconWords(), gs.words(), gs.value());
        out.printf(Locale.ROOT, "corpus:    %d of %d words from the lexicon (%.4f)%n", cs.lexiconWords(), cs.words(), cs.value());
        out.printf(Locale.ROOT, "infection rate: %.3f%n", rate);
      }
      return 0;
    }
  }
}
