package orphic.studio.repl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;
import orphic.lm.sample.SamplerPreset;
import orphic.lm.sample.SamplerPresets;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.sample.TemperatureMode;

/**
 * A set of slash commands: each has a name, aliases, a usage line, a one-line help and the values
 * its first argument may take (for tab completion). {@link #standard()} is haze's REPL commands
 * mapped onto our sampler settings, plus ours; another mode adds its own set with {@link #plus}.
 *
 * <p>An action reports a bad value by throwing {@link IllegalArgumentException} with a one-line
 * message that names the valid values; the {@link Repl} prints it and goes on.
 */
public final class ReplCommands {
  /** What a command does. */
  @FunctionalInterface
  public interface Action {
    void run(Args args, Repl repl);
  }

  /**
   * One command.
   *
   * @param name its name without the slash
   * @param aliases other names
   * @param usage e.g. {@code /len N}
   * @param help one line
   * @param values what the first argument may be, for completion (empty when free)
   * @param action what it does
   */
  public record Command(String name, List<String> aliases, String usage, String help, List<String> values, Action action) {
    public Command {
      aliases = List.copyOf(aliases);
      values = List.copyOf(values);
    }
  }

  /**
   * A parsed command line.
   *
   * @param command the command name as typed, without the slash, lower-cased
   * @param words the arguments split on white space
   * @param rest everything after the command name, trimmed (for arguments that may hold spaces)
   */
  public record Args(String command, List<String> words, String rest) {
    public Args {
      words = List.copyOf(words);
    }

    public int count() {
      return words.size();
    }

    public String word(int i) {
      return words.get(i);
    }
  }

  private final List<Command> commands;
  private final Map<String, Command> byName = new LinkedHashMap<>();

  public ReplCommands(List<Command> commands) {
    this.commands = List.copyOf(commands);
    for (Command c : this.commands) {
      register(c.name(), c);
      for (String a : c.aliases()) register(a, c);
    }
  }

  private void register(String name, Command c) {
    if (byName.putIfAbsent(name.toLowerCase(Locale.ROOT), c) != null) {
      throw new IllegalArgumentException("two REPL commands are named /" + name);
    }
  }

  /** This set followed by {@code more} (names must not clash). */
  public ReplCommands plus(ReplCommands more) {
    List<Command> all = new ArrayList<>(commands);
    all.addAll(more.commands);
    return new ReplCommands(all);
  }

  public List<Command> all() {
    return commands;
  }

  /** The command of this name or alias (with or without the slash, any case). */
  public Optional<Command> find(String name) {
    String n = name.startsWith("/") ? name.substring(1) : name;
    return Optional.ofNullable(byName.get(n.toLowerCase(Locale.ROOT)));
  }

  /** Every name and alias with its slash, for completion. */
  public List<String> completionNames() {
    return byName.keySet().stream().map(n -> "/" + n).toList();
  }

  /** The command names as listed in errors: "/len, /temp, …". */
  public String nameList() {
    return String.join(", ", commands.stream().map(c -> "/" + c.name()).toList());
  }

  /** Splits a line starting with '/' into the command name and its arguments. */
  public static Args parse(String line) {
    String t = line.strip();
    if (!t.startsWith("/")) throw new IllegalArgumentException("a command starts with '/', got '" + line + "'");
    int space = 1;
    while (space < t.length() && !Character.isWhitespace(t.charAt(space))) space++;
    String name = t.substring(1, space).toLowerCase(Locale.ROOT);
    String rest = t.substring(space).strip();
    List<String> words = rest.isEmpty() ? List.of() : Arrays.asList(rest.split("\\s+"));
    return new Args(name, words, rest);
  }

  /** Runs one command line. @throws IllegalArgumentException for an unknown command or a bad value */
  public void execute(String line, Repl repl) {
    Args args = parse(line);
    Command c = find(args.command()).orElseThrow(() -> new IllegalArgumentException(
        "unknown command '/" + args.command() + "'; valid: " + nameList() + " (/help explains them)"));
    c.action().run(args, repl);
  }

  // ------------------------------------------------------------------ the standard set

  /** How far /len may go: long enough for any page, short enough not to exhaust memory by a typo. */
  public static final int MAX_LENGTH = 100_000;

  private static final List<String> ON_OFF = List.of("on", "off");

  /** haze's REPL commands on our sampler chain, and ours. */
  public static ReplCommands standard() {
    List<Command> c = new ArrayList<>();
    c.add(new Command("len", List.of(), "/len N", "tokens per generation (1.." + MAX_LENGTH + ")", List.of(), ReplCommands::len));
    c.add(new Command("temp", List.of(), "/temp X", "temperature > 0 (when the temperature is fixed)", List.of(), ReplCommands::temp));
    c.add(new Command("sampling", List.of(), "/sampling MODE",
        "haze's sampling mode: " + String.join(", ", SamplerPresets.HAZE_MODES), SamplerPresets.HAZE_MODES, ReplCommands::sampling));
    c.add(new Command("topk", List.of(), "/topk K", "keep the K most likely tokens (0 = off)", List.of(), ReplCommands::topk));
    c.add(new Command("topp", List.of(), "/topp P", "nucleus: keep the smallest set with probability >= P, 0 < P <= 1 (1 = off)", List.of(), ReplCommands::topp));
    c.add(new Command("entropy", List.of(), "/entropy BITS", "target entropy > 0 of the entropy mode and haze's mirostats", List.of(), ReplCommands::entropy));
    c.add(new Command("resonance", List.of(), "/resonance R", "target resonance of the resonance mode, 0 < R <= 1", List.of(), ReplCommands::resonance));
    c.add(new Command("bounds", List.of(), "/bounds MIN MAX", "temperature bounds of the adaptive modes, 0 < MIN <= MAX", List.of(), ReplCommands::bounds));
    c.add(new Command("tau", List.of(), "/tau X", "learning rate >= 0 of the mirostat samplers (our mirostat-eta)", List.of(), ReplCommands::tau));
    c.add(new Command("preset", List.of(), "/preset [NAME]", "use a sampler preset; without a name, list them", SamplerPresets.names(), ReplCommands::preset));
    c.add(new Command("set", List.of(), "/set KEY=VALUE", "any sampler setting, e.g. /set min_p=0.1 or /set banned_phrases=\"the end\"",
        settingKeys(), ReplCommands::set));
    c.add(new Command("seed", List.of(), "/seed [N]", "seed of the next generation (each one after uses the next number)", List.of(), ReplCommands::seed));
    c.add(new Command("stats", List.of(), "/stats [on|off]", "the statistics line after each generation (toggles)", ON_OFF, ReplCommands::stats));
    c.add(new Command("probs", List.of(), "/probs [on|off]", "the top alternatives of every token after a generation (toggles)", ON_OFF, ReplCommands::probs));
    c.add(new Command("config", List.of(), "/config", "show the settings", List.of(), ReplCommands::config));
    c.add(new Command("save", List.of(), "/save FILE", "save the session's transcript (written atomically)", List.of(), ReplCommands::save));
    c.add(new Command("help", List.of(), "/help [COMMAND]", "this list, or one command", List.of(), ReplCommands::help));
    c.add(new Command("quit", List.of("exit", "q"), "/quit", "leave (also /exit, /q, Ctrl-D)", List.of(), (a, r) -> r.state().requestQuit()));
    return new ReplCommands(c);
  }

  private static List<String> settingKeys() {
    return SamplerSettings.defaults().toMap().keySet().stream().filter(k -> !k.equals("seed")).map(k -> k + "=").toList();
  }

  private static void len(Args a, Repl r) {
    if (a.count() == 0) {
      r.out().println("length " + r.state().length() + " tokens");
      return;
    }
    one(a, "/len N, e.g. /len 200");
    r.state().setLength((int) whole(a, 0, 1, MAX_LENGTH, "/len 200"));
    r.out().println("length " + r.state().length() + " tokens");
  }

  private static void temp(Args a, Repl r) {
    if (a.count() == 0) {
      r.out().println("temperature " + fmt(r.state().settings().temperature()) + temperatureNote(r.state().settings()));
      return;
    }
    one(a, "/temp 0.8");
    double t = real(a, 0, "a number > 0", x -> x > 0 && x <= 100, "/temp 0.8 (a preset such as /preset greedy gives greedy decoding)");
    r.state().edit(b -> b.temperature(t));
    r.out().println("temperature " + fmt(t) + temperatureNote(r.state().settings()));
  }

  private static String temperatureNote(SamplerSettings s) {
    if (s.temperatureMode() == TemperatureMode.FIXED) return "";
    return " (now the temperature adapts: " + s.temperatureMode().key() + " mode; /temp applies with /sampling basic, top_k or top_p)";
  }

  private static void sampling(Args a, Repl r) {
    if (a.count() == 0) {
      r.out().println("sampling: " + r.state().source() + "; modes: " + String.join(", ", SamplerPresets.HAZE_MODES));
      return;
    }
    one(a, "/sampling entropy");
    String mode = a.word(0).toLowerCase(Locale.ROOT).replace('-', '_');
    SamplerSettings base = SamplerPresets.hazeMode(mode); // throws naming the valid modes
    SamplerSettings now = r.state().settings();
    // As in haze, the knobs keep their values across modes; each mode uses those it needs.
    SamplerSettings.Builder b = base.toBuilder()
        .temperature(now.temperature() > 0 ? now.temperature() : base.temperature())
        .targetEntropy(now.targetEntropy())
        .targetResonance(now.targetResonance())
        .minTemperature(now.minTemperature())
        .maxTemperature(now.maxTemperature())
        .mirostatEta(now.mirostatEta());
    if (mode.equals("top_k") && now.topK() > 0) b.topK(now.topK());
    if (base.topP() < 1 && now.topP() < 1) b.topP(now.topP());
    r.state().useSettings(b.build(), "haze mode " + mode);
    r.out().println("sampling " + mode + ": " + r.state().settings().toChain());
  }

  private static void topk(Args a, Repl r) {
    if (a.count() == 0) {
      r.out().println("top-k " + r.state().settings().topK() + (r.state().settings().topK() == 0 ? " (off)" : ""));
      return;
    }
    one(a, "/topk 40");
    int k = (int) whole(a, 0, 0, Integer.MAX_VALUE, "/topk 40 (0 turns it off)");
    r.state().edit(b -> b.topK(k));
    r.out().println("top-k " + k + (k == 0 ? " (off)" : "") + mirostatNote(r.state().settings()));
  }

  private static void topp(Args a, Repl r) {
    if (a.count() == 0) {
      r.out().println("top-p " + fmt(r.state().settings().topP()));
      return;
    }
    one(a, "/topp 0.9");
    double p = real(a, 0, "a number in (0, 1]", x -> x > 0 && x <= 1, "/topp 0.9 (1 turns it off)");
    r.state().edit(b -> b.topP(p));
    r.out().println("top-p " + fmt(p) + mirostatNote(r.state().settings()));
  }

  private static String mirostatNote(SamplerSettings s) {
    return s.sampler().isMirostat() ? " (the " + s.sampler().key() + " sampler skips top-k and top-p)" : "";
  }

  private static void entropy(Args a, Repl r) {
    if (a.count() == 0) {
      r.out().println("target entropy " + fmt(r.state().settings().targetEntropy()) + " bits");
      return;
    }
    one(a, "/entropy 3.0");
    double h = real(a, 0, "a number of bits > 0", x -> x > 0 && x < 64, "/entropy 3.0");
    r.state().edit(b -> b.targetEntropy(h));
    r.out().println("target entropy " + fmt(h) + " bits");
  }

  private static void resonance(Args a, Repl r) {
    if (a.count() == 0) {
      r.out().println("target resonance " + fmt(r.state().settings().targetResonance()));
      return;
    }
    one(a, "/resonance 0.7");
    double x = real(a, 0, "a number in (0, 1]", v -> v > 0 && v <= 1, "/resonance 0.7");
    r.state().edit(b -> b.targetResonance(x));
    r.out().println("target resonance " + fmt(x));
  }

  private static void bounds(Args a, Repl r) {
    SamplerSettings s = r.state().settings();
    if (a.count() == 0) {
      r.out().println("temperature bounds " + fmt(s.minTemperature()) + " " + fmt(s.maxTemperature()));
      return;
    }
    if (a.count() != 2) throw new IllegalArgumentException("/bounds needs two numbers MIN MAX with 0 < MIN <= MAX, e.g. /bounds 0.3 2.0");
    double lo = real(a, 0, "a number > 0", x -> x > 0 && x <= 100, "/bounds 0.3 2.0");
    double hi = real(a, 1, "a number > 0", x -> x > 0 && x <= 100, "/bounds 0.3 2.0");
    if (hi < lo) throw new IllegalArgumentException("/bounds needs MIN <= MAX, got " + fmt(lo) + " " + fmt(hi) + " (e.g. /bounds 0.3 2.0)");
    r.state().edit(b -> b.minTemperature(lo).maxTemperature(hi));
    r.out().println("temperature bounds " + fmt(lo) + " " + fmt(hi));
  }

  private static void tau(Args a, Repl r) {
    if (a.count() == 0) {
      r.out().println("tau (mirostat learning rate) " + fmt(r.state().settings().mirostatEta()));
      return;
    }
    one(a, "/tau 0.1");
    double x = real(a, 0, "a number >= 0", v -> v >= 0 && v <= 100, "/tau 0.1");
    r.state().edit(b -> b.mirostatEta(x));
    r.out().println("tau (mirostat learning rate) " + fmt(x));
  }

  private static void preset(Args a, Repl r) {
    PrintWriter out = r.out();
    if (a.count() == 0) {
      int w = SamplerPresets.names().stream().mapToInt(String::length).max().orElse(0);
      for (SamplerPreset p : SamplerPresets.all()) {
        boolean current = r.state().source().equals("preset " + p.name()) || r.state().source().startsWith("preset " + p.name() + " +");
        out.printf(Locale.ROOT, "%s %-" + w + "s  %s%n", current ? "*" : " ", p.name(), p.description());
      }
      return;
    }
    SamplerPreset p = SamplerPresets.get(a.rest()); // throws listing the valid names
    r.state().useSettings(p.settings(), "preset " + p.name());
    out.println("preset " + p.name() + ": " + r.state().settings().toChain());
  }

  private static void set(Args a, Repl r) {
    String key;
    String value;
    if (a.count() == 0) throw new IllegalArgumentException("/set needs KEY=VALUE, e.g. /set min_p=0.1 (/config shows the chain; keys: the sampler settings of 'orphic sample --set')");
    int eq = a.rest().indexOf('=');
    if (eq > 0) {
      key = a.rest().substring(0, eq).strip();
      value = a.rest().substring(eq + 1).strip();
    } else if (a.count() >= 2) {
      key = a.word(0);
      value = a.rest().substring(key.length()).strip();
    } else {
      throw new IllegalArgumentException("/set needs KEY=VALUE, e.g. /set min_p=0.1");
    }
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
    String norm = normalise(key);
    if (norm.equals("preset")) throw new IllegalArgumentException("use /preset NAME to change the preset");
    if (norm.equals("seed")) {
      seed(parse("/seed " + value), r);
      return;
    }
    Map<String, Object> m = new LinkedHashMap<>(r.state().settings().toMap());
    m.keySet().removeIf(k -> normalise(k).equals(norm));
    m.put(key, value);
    SamplerSettings next = SamplerSettings.fromMap(m); // throws naming the key and what is valid
    r.state().edit(next);
    r.out().println("chain: " + next.toChain());
  }

  private static String normalise(String key) {
    return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  private static void seed(Args a, Repl r) {
    if (a.count() == 0) {
      r.out().println("seed " + r.state().seed() + " (the next generation uses " + r.state().nextSeed() + ")");
      return;
    }
    one(a, "/seed 42");
    long s;
    try {
      s = Long.parseLong(a.word(0));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("/seed needs a whole number, got '" + a.word(0) + "' (e.g. /seed 42)");
    }
    r.state().setSeed(s);
    r.out().println("seed " + s);
  }

  private static void stats(Args a, Repl r) {
    r.state().setStats(toggle(a, r.state().stats()));
    r.out().println("stats " + (r.state().stats() ? "on" : "off"));
  }

  private static void probs(Args a, Repl r) {
    r.state().setProbs(toggle(a, r.state().probs()));
    r.out().println("probs " + (r.state().probs() ? "on" : "off"));
  }

  private static boolean toggle(Args a, boolean now) {
    if (a.count() == 0) return !now;
    String w = a.count() == 1 ? a.word(0).toLowerCase(Locale.ROOT) : "";
    return switch (w) {
      case "on", "true", "yes", "1" -> true;
      case "off", "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("/" + a.command() + " takes on or off (or nothing to toggle), got '" + a.rest() + "'");
    };
  }

  private static void config(Args a, Repl r) {
    ReplState st = r.state();
    SamplerSettings s = st.settings();
    PrintWriter out = r.out();
    out.println("model       " + r.generator().description());
    out.println("sampler     " + st.source() + " (" + s.sampler().key() + ")");
    out.println("chain       " + s.toChain());
    out.println("length      " + st.length() + " tokens");
    out.println("temperature " + (s.temperatureMode() == TemperatureMode.FIXED
        ? fmt(s.temperature()) + " (fixed" + (s.dynatempRange() > 0 ? ", ± " + fmt(s.dynatempRange()) + " dynamic" : "") + ")"
        : s.temperatureMode().key() + "-adaptive within " + fmt(s.minTemperature()) + ".." + fmt(s.maxTemperature())
            + " (/temp " + fmt(s.temperature()) + " applies when fixed)"));
    out.println("truncation  top-k " + s.topK() + " · top-p " + fmt(s.topP()) + " · min-p " + fmt(s.minP())
        + (s.sampler().isMirostat() ? " (skipped by " + s.sampler().key() + ")" : ""));
    out.println("targets     entropy " + fmt(s.targetEntropy()) + " bits · resonance " + fmt(s.targetResonance())
        + " · bounds " + fmt(s.minTemperature()) + " " + fmt(s.maxTemperature()) + " · tau " + fmt(s.mirostatEta()));
    out.println("seed        " + st.seed() + " (next generation: " + st.nextSeed() + ")");
    out.println("show        stats " + (st.stats() ? "on" : "off") + " · probs " + (st.probs() ? "on" : "off"));
  }

  private static void save(Args a, Repl r) {
    if (a.count() == 0) throw new IllegalArgumentException("/save needs a file name, e.g. /save session.txt");
    String name = a.rest();
    if (name.length() >= 2 && (name.startsWith("\"") && name.endsWith("\"") || name.startsWith("'") && name.endsWith("'"))) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.equals("~") || name.startsWith("~/")) name = System.getProperty("user.home") + name.substring(1);
    Path file = Path.of(name);
    try {
      r.state().transcript().save(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    r.out().println("saved the transcript to " + file.toAbsolutePath());
  }

  private static void help(Args a, Repl r) {
    PrintWriter out = r.out();
    if (a.count() > 0) {
      Command c = r.commands().find(a.word(0)).orElseThrow(() -> new IllegalArgumentException(
          "no command '" + a.word(0) + "'; valid: " + r.commands().nameList()));
      out.println(c.usage() + "  " + c.help());
      return;
    }
    int w = r.commands().all().stream().mapToInt(c -> c.usage().length()).max().orElse(0);
    out.println("A line of text is a prompt: the model continues it (an empty line repeats the last prompt; Ctrl-C stops a generation).");
    for (Command c : r.commands().all()) out.printf(Locale.ROOT, "  %-" + w + "s  %s%n", c.usage(), c.help());
  }

  // ------------------------------------------------------------------ argument parsing

  private static void one(Args a, String example) {
    if (a.count() != 1) {
      throw new IllegalArgumentException("/" + a.command() + " takes one value, got " + a.count() + " (e.g. " + example + ")");
    }
  }

  private static long whole(Args a, int i, long min, long max, String example) {
    String w = a.word(i);
    long v;
    try {
      v = Long.parseLong(w);
    } catch (NumberFormatException e) {
      v = Long.MIN_VALUE;
    }
    if (v < min || v > max) {
      String range = max == Integer.MAX_VALUE ? ">= " + min : "from " + min + " to " + max;
      throw new IllegalArgumentException("/" + a.command() + " needs a whole number " + range + ", got '" + w + "' (e.g. " + example + ")");
    }
    return v;
  }

  private static double real(Args a, int i, String what, DoublePredicate ok, String example) {
    String w = a.word(i);
    double v;
    try {
      v = Double.parseDouble(w);
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!Double.isFinite(v) || !ok.test(v)) {
      throw new IllegalArgumentException("/" + a.command() + " needs " + what + ", got '" + w + "' (e.g. " + example + ")");
    }
    return v;
  }

  /** A number without trailing zeros beyond what it needs (0.8, not 0.800000). */
  static String fmt(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e9) return String.format(Locale.ROOT, "%.1f", x);
    String s = String.format(Locale.ROOT, "%.4f", x);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s + "0" : s;
  }
}
