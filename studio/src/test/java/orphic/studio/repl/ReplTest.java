package orphic.studio.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orphic.lm.sample.SamplerKind;
import orphic.lm.sample.SamplerPresets;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.sample.TemperatureMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the REPL through its input, over a random-weight tiny gpt. */
class ReplTest {
  @TempDir static Path shared;
  @TempDir Path tmp;
  private static ReplGenerator generator;

  @BeforeAll
  static void model() throws IOException {
    generator = ReplGenerator.load(TinyModel.write(shared.resolve("model")));
  }

  /** A finished session: its state and what it printed. */
  record Session(int exit, ReplState state, String out) {
    /** The lines printed after the input line {@code input} (echoed by the plain console) up to the next prompt. */
    String after(String input) {
      int i = out.indexOf(Repl.PROMPT + input + "\n");
      assertThat(i).as("input %s in %s", input, out).isGreaterThanOrEqualTo(0);
      int from = i + Repl.PROMPT.length() + input.length() + 1;
      int next = out.indexOf(Repl.PROMPT, from);
      return out.substring(from, next < 0 ? out.length() : next);
    }
  }

  private static ReplState freshState() {
    return new ReplState(SamplerPresets.get("balanced").settings(), "preset balanced");
  }

  private static Session run(String... lines) {
    return run(freshState(), lines);
  }

  private static Session run(ReplState state, String... lines) {
    String input = String.join("\n", lines) + "\n";
    StringWriter sw = new StringWriter();
    PlainConsole console = new PlainConsole(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new PrintWriter(sw, true));
    int exit = new Repl(generator, state, ReplCommands.standard(), console).run();
    return new Session(exit, state, sw.toString());
  }

  @Test
  void aPromptStreamsAContinuationAndTheStatsLine() {
    Session s = run("/len 20", "the fox");
    String out = s.after("the fox");
    String[] lines = out.split("\n");
    assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
    assertThat(out).containsPattern("20 tokens · [0-9.]+ tokens/s · entropy [0-9.]+ bits · p [0-9.]+ · temperature [0-9.–]+ · seed 42");
    assertThat(s.exit()).isZero();
    assertThat(s.state().transcript().text()).contains(">>> the fox\n");
  }

  @Test
  void theEndOfInputEndsTheLoopWithZero() {
    Session s = run("/len 5");
    assertThat(s.exit()).isZero();
    assertThat(s.out()).contains("length 5 tokens");
  }

  @Test
  void quitStopsReadingAndExitsWithZero() {
    for (String q : List.of("/quit", "/exit", "/q")) {
      Session s = run("/len 7", q, "/len 9");
      assertThat(s.exit()).isZero();
      assertThat(s.state().length()).as(q).isEqualTo(7);
      assertThat(s.out()).doesNotContain("length 9");
    }
  }

  @Test
  void everyHazeCommandChangesTheSettings() {
    Session s = run("/len 12", "/temp 0.7", "/topk 5", "/topp 0.8", "/entropy 2.5", "/resonance 0.6", "/bounds 0.4 1.5", "/tau 0.2");
    ReplState st = s.state();
    SamplerSettings set = st.settings();
    assertThat(st.length()).isEqualTo(12);
    assertThat(set.temperature()).isEqualTo(0.7);
    assertThat(set.topK()).isEqualTo(5);
    assertThat(set.topP()).isEqualTo(0.8);
    assertThat(set.targetEntropy()).isEqualTo(2.5);
    assertThat(set.targetResonance()).isEqualTo(0.6);
    assertThat(set.minTemperature()).isEqualTo(0.4);
    assertThat(set.maxTemperature()).isEqualTo(1.5);
    assertThat(set.mirostatEta()).isEqualTo(0.2);
    assertThat(st.source()).isEqualTo("preset balanced + edits");
    assertThat(s.out()).doesNotContain("error");
  }

  @Test
  void samplingSwitchesToAHazeModeKeepingTheKnobs() {
    Session s = run("/entropy 2.0", "/sampling entropy");
    SamplerSettings set = s.state().settings();
    assertThat(set.temperatureMode()).isEqualTo(TemperatureMode.ENTROPY);
    assertThat(set.targetEntropy()).isEqualTo(2.0);
    assertThat(set.order()).isEqualTo(SamplerPresets.HAZE_ORDER);
    assertThat(s.state().source()).isEqualTo("haze mode entropy");

    Session m = run("/sampling mirostat-v2");
    assertThat(m.state().settings().sampler()).isEqualTo(SamplerKind.HAZE_MIROSTAT_V2);

    Session k = run("/topk 7", "/sampling top_k");
    assertThat(k.state().settings().topK()).isEqualTo(7);
    assertThat(k.state().settings().topP()).isEqualTo(1.0);

    Session bad = run("/sampling sideways");
    assertThat(bad.after("/sampling sideways")).startsWith("error: ").contains("basic, top_k, top_p, entropy, resonance, mirostat, mirostat_v2");
  }

  @Test
  void statsAndProbsToggleAndTakeOnOff() {
    Session s = run("/stats", "/probs on");
    assertThat(s.state().stats()).isFalse();
    assertThat(s.state().probs()).isTrue();
    Session t = run("/stats off", "/stats on", "/probs", "/probs off");
    assertThat(t.state().stats()).isTrue();
    assertThat(t.state().probs()).isFalse();
  }

  @Test
  void probsShowAlternativesPerTokenAndStatsOffHidesTheLine() {
    Session s = run("/len 6", "/stats off", "/probs on", "dog");
    String out = s.after("dog");
    assertThat(out).doesNotContain("tokens/s");
    // one line per token: the chosen token, its probability, entropy, temperature, then five alternatives
    assertThat(out.lines().filter(l -> l.matches("\\s+\\d+ \".*\"\\s+p [0-9.]+\\s+H [0-9.]+\\s+T [0-9.]+\\s+\\|( \\[?\".*\" [0-9.]+]?){5}")).count()).isEqualTo(6);
  }

  @Test
  void presetWithoutANameListsThemAndWithOneUsesIt() {
    Session s = run("/seed 9", "/preset", "/preset Liminal Drift");
    String list = s.after("/preset");
    for (String name : SamplerPresets.names()) assertThat(list).contains(name);
    assertThat(list).contains("* balanced").contains(SamplerPresets.get("fever").description());
    assertThat(s.state().source()).isEqualTo("preset liminal-drift");
    assertThat(s.state().settings().dynatempRange()).isEqualTo(0.4);
    assertThat(s.state().settings().seed()).as("a preset keeps the session's seed").isEqualTo(9);
    Session bad = run("/preset nope");
    assertThat(bad.after("/preset nope")).startsWith("error: unknown preset 'nope'; valid presets: greedy, precise, balanced");
  }

  @Test
  void setChangesAnySamplerSetting() {
    Session s = run("/set min_p=0.2", "/set repeat-penalty 1.3", "/set banned_phrases=\"the end\"");
    assertThat(s.state().settings().minP()).isEqualTo(0.2);
    assertThat(s.state().settings().repeatPenalty()).isEqualTo(1.3);
    assertThat(s.state().settings().bannedPhrases()).containsExactly("the end");
    Session bad = run("/set nonsense=1", "/set top_p=7");
    assertThat(bad.after("/set nonsense=1")).startsWith("error: unknown sampler setting 'nonsense'");
    assertThat(bad.after("/set top_p=7")).startsWith("error: ").contains("top-p");
    assertThat(bad.state().settings()).isEqualTo(SamplerPresets.get("balanced").settings());
  }

  @Test
  void seedMakesGenerationsRepeatable() {
    Session s = run("/len 30", "/seed 7", "the dog", "the dog", "/seed 7", "the dog");
    String out = s.out();
    int first = out.indexOf(Repl.PROMPT + "the dog\n");
    int second = out.indexOf(Repl.PROMPT + "the dog\n", first + 1);
    int third = out.indexOf(Repl.PROMPT + "the dog\n", second + 1);
    String a = generatedText(out, first), b = generatedText(out, second), c = generatedText(out, third);
    assertThat(a).isEqualTo(c);
    assertThat(a).isNotEqualTo(b); // the second generation after /seed 7 draws with seed 8
    assertThat(out).contains("seed 7\n").contains("· seed 8");
    assertThat(s.state().nextSeed()).isEqualTo(8);
  }

  /** The generated text after the prompt line at {@code at}: up to the stats line. */
  private static String generatedText(String out, int at) {
    int from = out.indexOf('\n', at) + 1;
    int stats = out.indexOf(" tokens · ", from);
    int lineStart = out.lastIndexOf('\n', stats - 1);
    return out.substring(from, lineStart);
  }

  @Test
  void theFirstGenerationMatchesTheSampleCommandsText() {
    SamplerSettings settings = SamplerPresets.get("balanced").settings().toBuilder().seed(5).build();
    ReplGenerator.Result direct = generator.generate("lazy", settings, 25, t -> {}, () -> false);
    Session s = run("/len 25", "/seed 5", "lazy", "");
    assertThat(s.after("lazy")).startsWith(direct.text()).contains("25 tokens · ");
    assertThat(s.after("")).as("an empty line repeats the last prompt, with the next seed").contains("· seed 6");
  }

  @Test
  void badValuesPrintOneLineErrorsAndTheLoopGoesOn() {
    Session s = run("/len zero", "/len 0", "/temp -1", "/temp hot", "/topk -3", "/topp 1.5", "/entropy 0", "/resonance 2",
        "/bounds 2 1", "/bounds 1", "/tau -1", "/seed x", "/stats maybe", "/frobnicate", "/help nothing", "/save", "/len 11");
    String[][] expected = {
        {"/len zero", "/len needs a whole number from 1 to 100000, got 'zero'"},
        {"/len 0", "/len needs a whole number"},
        {"/temp -1", "/temp needs a number > 0"},
        {"/temp hot", "/temp needs a number > 0, got 'hot'"},
        {"/topk -3", "/topk needs a whole number >= 0"},
        {"/topp 1.5", "/topp needs a number in (0, 1]"},
        {"/entropy 0", "/entropy needs a number of bits > 0"},
        {"/resonance 2", "/resonance needs a number in (0, 1]"},
        {"/bounds 2 1", "/bounds needs MIN <= MAX"},
        {"/bounds 1", "/bounds needs two numbers MIN MAX"},
        {"/tau -1", "/tau needs a number >= 0"},
        {"/seed x", "/seed needs a whole number"},
        {"/stats maybe", "/stats takes on or off"},
        {"/frobnicate", "unknown command '/frobnicate'; valid: /len, /temp, /sampling"},
        {"/help nothing", "no command 'nothing'"},
        {"/save", "/save needs a file name"},
    };
    for (String[] e : expected) {
      String after = s.after(e[0]);
      assertThat(after).as(e[0]).startsWith("error: " + e[1]);
      assertThat(after.lines().count()).as(e[0] + " gives one line").isEqualTo(1);
    }
    assertThat(s.state().length()).isEqualTo(11);
    assertThat(s.state().settings()).isEqualTo(SamplerPresets.get("balanced").settings());
  }

  @Test
  void aPromptTheTokenizerCannotEncodeIsAnErrorNotACrash() {
    Session s = run("/len 5", "ZZZ", "fox");
    assertThat(s.after("ZZZ")).startsWith("error: ");
    assertThat(s.after("fox")).contains("5 tokens");
  }

  @Test
  void saveWritesTheTranscript() throws IOException {
    Path file = tmp.resolve("session.txt");
    Session s = run("/len 10", "the lazy dog", "/save " + file);
    assertThat(s.after("/save " + file)).startsWith("saved the transcript to ");
    String text = Files.readString(file);
    assertThat(text).startsWith(">>> /len 10\n>>> the lazy dog\n");
    assertThat(text).contains("# 10 tokens · ").contains(">>> /save ");
    assertThat(text).contains(s.state().transcript().text().substring(0, 30));
    Session bad = run("/save " + tmp.resolve("no/such/dir/x.txt"));
    assertThat(bad.out()).contains("error: cannot write ");
  }

  @Test
  void helpAndConfigDescribeEverything() {
    Session s = run("/help", "/help temp", "/config", "/len", "/temp", "/seed");
    String help = s.after("/help");
    for (ReplCommands.Command c : ReplCommands.standard().all()) assertThat(help).contains(c.usage());
    assertThat(s.after("/help temp")).startsWith("/temp X  temperature");
    String config = s.after("/config");
    assertThat(config).contains("preset balanced").contains("chain").contains("300 tokens").contains("seed        42")
        .contains("stats on · probs off");
    assertThat(s.after("/len")).isEqualTo("length 300 tokens\n");
    assertThat(s.after("/temp")).isEqualTo("temperature 0.8\n");
    assertThat(s.after("/seed")).isEqualTo("seed 42 (the next generation uses 42)\n");
  }

  @Test
  void ctrlCDuringAGenerationCancelsOnlyThatGeneration() {
    // A console whose output "presses Ctrl-C" once a few characters of a generation have arrived.
    StringWriter sw = new StringWriter();
    Runnable[] handler = new Runnable[1];
    int[] seen = {0};
    Writer tap = new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) {
        sw.write(cbuf, off, len);
        if (handler[0] != null && (seen[0] += len) > 3) handler[0].run();
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    PrintWriter out = new PrintWriter(tap, true);
    PlainConsole plain = new PlainConsole(new ByteArrayInputStream("/len 5000\nthe\n/len 4\nfox\n".getBytes(StandardCharsets.UTF_8)), out);
    ReplConsole console = new ReplConsole() {
      @Override
      public String readLine(String prompt) {
        return plain.readLine(prompt);
      }

      @Override
      public PrintWriter out() {
        return out;
      }

      @Override
      public Interrupts onInterrupt(Runnable onInterrupt) {
        seen[0] = 0;
        handler[0] = onInterrupt;
        return () -> handler[0] = null;
      }
    };
    ReplState state = freshState();
    int exit = new Repl(generator, state, ReplCommands.standard(), console).run();
    assertThat(exit).isZero();
    Session s = new Session(exit, state, sw.toString());
    assertThat(s.after("the")).contains("· cancelled").doesNotContain("5000 tokens");
    assertThat(s.after("fox")).contains("4 tokens").doesNotContain("cancelled");
  }

  @Test
  void completionOffersCommandsAndTheirValues() {
    ReplCommands c = ReplCommands.standard();
    assertThat(JLineConsole.CommandCompleter.candidates(c, List.of("/"), 0)).contains("/len", "/preset", "/quit", "/q", "/probs");
    assertThat(JLineConsole.CommandCompleter.candidates(c, List.of("/preset", ""), 1)).containsExactlyElementsOf(SamplerPresets.names());
    assertThat(JLineConsole.CommandCompleter.candidates(c, List.of("/sampling", ""), 1)).containsExactlyElementsOf(SamplerPresets.HAZE_MODES);
    assertThat(JLineConsole.CommandCompleter.candidates(c, List.of("/probs", ""), 1)).containsExactly("on", "off");
    assertThat(JLineConsole.CommandCompleter.candidates(c, List.of("/set", ""), 1)).contains("top_k=", "min_p=");
    assertThat(JLineConsole.CommandCompleter.candidates(c, List.of("/help", ""), 1)).contains("len", "save");
    assertThat(JLineConsole.CommandCompleter.candidates(c, List.of("the", "fox"), 1)).isEmpty();
  }

  @Test
  void anUnwritableHistoryFolderIsReportedNotFatal() throws IOException {
    Path file = tmp.resolve("blocker");
    Files.writeString(file, "a file where a folder should be");
    assertThat(JLineConsole.historyProblem(file.resolve("repl_history"))).startsWith("history is not saved");
    assertThat(JLineConsole.historyProblem(tmp.resolve("fine/repl_history"))).isNull();
  }

  @Test
  void commandSetsCompose() {
    ReplCommands extra = new ReplCommands(List.of(new ReplCommands.Command("converse", List.of(), "/converse", "talk", List.of(),
        (a, r) -> r.setPromptHandler((line, repl) -> repl.out().println("you said " + line)))));
    ReplCommands all = ReplCommands.standard().plus(extra);
    StringWriter sw = new StringWriter();
    PlainConsole console = new PlainConsole(new ByteArrayInputStream("/converse\nhello\n".getBytes(StandardCharsets.UTF_8)), new PrintWriter(sw, true));
    new Repl(generator, freshState(), all, console).run();
    assertThat(new Session(0, null, sw.toString()).after("hello")).isEqualTo("you said hello\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> all.plus(extra)).hasMessageContaining("/converse");
  }
}
