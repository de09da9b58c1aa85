package orphic.studio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import orphic.lm.converse.ConversationConfig;
import orphic.lm.converse.ConversationReport;
import orphic.lm.converse.ConversationScript;
import orphic.lm.converse.ConversationSession;
import orphic.lm.converse.Ring;
import orphic.lm.converse.Turn;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.text.Corpus;
import orphic.lm.text.CorpusException;
import orphic.lm.tokenize.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code orphic converse}: plays a scripted conversation through a {@link ConversationSession}
 * (docs/converse.md) and prints each turn with its pulse, seed, expert and themes; with
 * {@code --compare} also the runs without rings and without growth, and the measured effects.
 * {@code --json}: the last stdout line is {@code {"turns": [...], "effects": [...]}} (effects only
 * with --compare).
 */
@Command(name = "converse", sortOptions = false,
    description = "Play a scripted conversation with a model: the reply is seeded from the field, rings and new words feed back.")
final class ConverseCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
  Path model;

  @Option(names = "--script", required = true, paramLabel = "FILE",
      description = "One user message per line ('#' comments and blank lines are skipped).")
  Path script;

  @Option(names = "--corpus", arity = "1..*", paramLabel = "F",
      description = "The field's corpus (default: the files named in the model's config.json).")
  List<Path> corpus;

  @Option(names = "--origin", paramLabel = "FILE", description = "Bootstrap text the voice returns to (origin gravity).")
  Path origin;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Session seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--tokens", paramLabel = "N", defaultValue = "160", description = "Most tokens per reply (default ${DEFAULT-VALUE}).")
  int tokens;

  @Option(names = "--no-rings", description = "No overthinking rings.")
  boolean noRings;

  @Option(names = "--no-growth", description = "No lexicon growth.")
  boolean noGrowth;

  @Option(names = "--compare", description = "Also run without rings and without growth (same seed) and measure their effect.")
  boolean compare;

  @Option(names = "--show-internals", description = "Print the rings and the lexicon of every turn.")
  boolean internals;

  @Option(names = "--markdown", description = "Finish with the transcript summary as a markdown table.")
  boolean markdown;

  @Option(names = "--json", description = "Last stdout line: JSON with every turn (and the effects with --compare).")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (tokens < 1) throw new ParameterException(spec.commandLine(), "--tokens must be at least 1, got " + tokens);
    if (compare && (noRings || noGrowth)) {
      throw new ParameterException(spec.commandLine(), "--compare runs with and without rings and growth itself; drop --no-rings/--no-growth");
    }
    List<String> messages;
    try {
      messages = ConversationScript.read(script);
    } catch (IOException e) {
      throw new CommandFailure("cannot read the script: " + e.getMessage());
    }
    ModelDirectory dir = new ModelDirectory(model);
    LanguageModel m = dir.loadModel();
    Tokenizer tok = dir.loadTokenizer();
    String text;
    try {
      text = corpus != null ? Corpus.read(corpus).text() : ConversationSession.corpusOf(dir);
    } catch (CorpusException e) {
      throw new CommandFailure(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (text.isEmpty()) err.println("converse: no corpus (pass --corpus); the field grows from the conversation alone");
    ConversationConfig config = ConversationConfig.defaults().withSeed(seed).withReplyTokens(tokens)
        .withRings(!noRings).withGrowth(!noGrowth)
        .withOrigin(origin == null ? "" : Files.readString(origin, StandardCharsets.UTF_8));
    long t0 = System.nanoTime();
    List<Turn> turns;
    ConversationScript.Comparison cmp = null;
    if (compare) {
      cmp = ConversationScript.compare(m, tok, text, config, messages);
      turns = cmp.full();
    } else {
      turns = ConversationScript.run(m, tok, text, config, messages);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    PrintWriter view = json ? err : out;
    for (Turn t : turns) print(view, t);
    if (cmp != null) {
      view.println();
      view.println("effects (same seed and script, one mechanism off):");
      for (ConversationReport.Effect e : cmp.effects()) {
        view.printf(Locale.ROOT, "  %-24s with %5.1f%% (%d/%d)   without %5.1f%% (%d/%d)   replies changed %d/%d%n", e.name(),
            100 * e.with(), e.withHits(), e.withTotal(), 100 * e.without(), e.withoutHits(), e.withoutTotal(),
            e.changedReplies(), turns.size());
      }
    }
    if (markdown) {
      view.println();
      view.print(ConversationReport.markdown(turns));
    }
    err.printf(Locale.ROOT, "converse: %d turns%s in %.1f s%n", turns.size(), compare ? " × 3 runs" : "", seconds);
    err.flush();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode o = JsonLine.object();
      ArrayNode list = o.putArray("turns");
      for (Turn t : turns) list.add(mapper.valueToTree(ConversationReport.toMap(t)));
      if (cmp != null) {
        ArrayNode effects = o.putArray("effects");
        for (ConversationReport.Effect e : cmp.effects()) effects.add(mapper.valueToTree(ConversationReport.toMap(e)));
      }
      o.put("seed", seed);
      o.put("seconds", seconds);
      JsonLine.print(out, o);
    }
    out.flush();
    return 0;
  }

  private void print(PrintWriter out, Turn t) {
    out.printf(Locale.ROOT, "[%d] you: %s%n", t.index(), t.message());
    out.printf(Locale.ROOT, "    pulse: novelty %.2f · arousal %.2f · entropy %.2f (%.2f bits) → %s · seed \"%s\" (centre %s) · origin %.2f%n",
        t.pulse().novelty(), t.pulse().arousal(), t.pulse().entropy(), t.pulse().entropyBits(), t.expert().id(), t.seed(),
        t.centre(), t.originStrength());
    out.printf(Locale.ROOT, "    reply: %s%n", t.reply());
    out.printf(Locale.ROOT, "    themes: %s%n", ConversationReport.themesLine(t));
    if (internals) {
      for (Ring r : t.rings()) out.printf(Locale.ROOT, "    ring %s (T %.1f, from \"%s\"): %s%n", r.kind().id(), r.temperature(), r.prompt(), r.text());
      if (!t.lexicon().isEmpty()) out.println("    lexicon: " + t.lexicon().entrySet().stream()
          .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue())).toList());
    }
    out.flush();
  }
}
