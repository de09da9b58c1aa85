package orphic.studio.repl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import orphic.lm.converse.ConversationConfig;
import orphic.lm.converse.ConversationReport;
import orphic.lm.converse.ConversationSession;
import orphic.lm.converse.Ring;
import orphic.lm.converse.Turn;
import orphic.lm.model.ModelDirectory;

/**
 * The REPL's conversation mode (docs/converse.md): {@code /converse} switches plain lines from
 * "continue this text" to "answer this message" through a {@link ConversationSession} over the
 * REPL's model and its training corpus; {@code /rings}, {@code /pulse} and {@code /themes} show the
 * session's internals after each reply (and at once for the last turn). The session's seed is the
 * REPL's seed when the mode starts; {@code /converse off} ends it, {@code /converse on} starts a
 * fresh one.
 */
public final class ConverseMode {
  private ConversationSession session;
  private boolean rings;
  private boolean pulse = true;
  private boolean themes;

  /** Whether a conversation is running. */
  public boolean active() {
    return session != null;
  }

  /** The running session, or null. */
  public ConversationSession session() {
    return session;
  }

  /** /converse, /rings, /pulse and /themes over this mode. */
  public ReplCommands commands() {
    List<ReplCommands.Command> c = new ArrayList<>();
    List<String> onOff = List.of("on", "off");
    c.add(new ReplCommands.Command("converse", List.of(), "/converse [on|off]",
        "conversation mode: lines are answered from the field (toggles)", onOff, this::converse));
    c.add(new ReplCommands.Command("rings", List.of(), "/rings [on|off]",
        "show the overthinking rings (echo, drift, shard) after each reply (toggles)", onOff, (a, r) -> {
          rings = toggle(a, rings);
          show(r, "rings", rings);
        }));
    c.add(new ReplCommands.Command("pulse", List.of(), "/pulse [on|off]",
        "show the pulse (novelty, arousal, entropy), expert and seed after each reply (toggles)", onOff, (a, r) -> {
          pulse = toggle(a, pulse);
          show(r, "pulse", pulse);
        }));
    c.add(new ReplCommands.Command("themes", List.of(), "/themes [on|off]",
        "show the themes and their trends after each reply (toggles)", onOff, (a, r) -> {
          themes = toggle(a, themes);
          show(r, "themes", themes);
        }));
    return new ReplCommands(c);
  }

  private void converse(ReplCommands.Args a, Repl r) {
    boolean on = toggle(a, active());
    PrintWriter out = r.out();
    if (on == active()) {
      out.println("conversation mode is already " + (on ? "on" : "off"));
      return;
    }
    if (!on) {
      session = null;
      r.setPromptHandler(Repl.CONTINUE);
      out.println("conversation mode off: lines are continued again");
      return;
    }
    ReplGenerator g = r.generator();
    String corpus = g.directory() == null ? "" : ConversationSession.corpusOf(new ModelDirectory(g.directory()));
    session = new ConversationSession(g.model(), g.tokenizer(), corpus,
        ConversationConfig.defaults().withSeed(r.state().seed()));
    r.setPromptHandler(this::answer);
    out.println("conversation mode on (seed " + r.state().seed() + (corpus.isEmpty()
        ? "; the model's corpus could not be read, so the field starts empty" : "; field: the model's corpus")
        + "): type a message; /rings /pulse /themes show the internals, /converse off leaves");
  }

  private void answer(String line, Repl r) {
    if (line.isBlank()) {
      r.out().println("type a message; /converse off returns to continuing text");
      return;
    }
    r.state().transcript().input(line);
    Turn t = session.respond(line);
    r.out().println("— " + t.reply());
    r.state().transcript().output(t.reply() + "\n");
    printInternals(r.out(), t);
  }

  private void show(Repl r, String what, boolean on) {
    r.out().println(what + " " + (on ? "on" : "off") + (active() ? "" : " (shown once /converse is on)"));
    if (on && active() && !session.turns().isEmpty()) {
      Turn last = session.turns().getLast();
      switch (what) {
        case "rings" -> printRings(r.out(), last);
        case "pulse" -> printPulse(r.out(), last);
        default -> printThemes(r.out(), last);
      }
    }
  }

  private void printInternals(PrintWriter out, Turn t) {
    if (pulse) printPulse(out, t);
    if (themes) printThemes(out, t);
    if (rings) printRings(out, t);
  }

  private static void printPulse(PrintWriter out, Turn t) {
    out.printf(Locale.ROOT, "  pulse novelty %.2f · arousal %.2f · entropy %.2f (%.2f bits) → %s · seed \"%s\" · origin %.2f%n",
        t.pulse().novelty(), t.pulse().arousal(), t.pulse().entropy(), t.pulse().entropyBits(), t.expert().id(), t.seed(),
        t.originStrength());
  }

  private static void printThemes(PrintWriter out, Turn t) {
    out.println("  themes " + (t.themes().isEmpty() ? "(none yet)" : ConversationReport.themesLine(t)));
  }

  private static void printRings(PrintWriter out, Turn t) {
    if (t.rings().isEmpty()) out.println("  rings (none)");
    for (Ring ring : t.rings()) out.printf(Locale.ROOT, "  ring %s: %s%n", ring.kind().id(), ring.text());
  }

  private static boolean toggle(ReplCommands.Args a, boolean now) {
    if (a.count() == 0) return !now;
    return switch (a.count() == 1 ? a.word(0).toLowerCase(Locale.ROOT) : "") {
      case "on", "true", "yes", "1" -> true;
      case "off", "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("/" + a.command() + " takes on or off (or nothing to toggle), got '" + a.rest() + "'");
    };
  }
}
