package orphic.lm.converse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import orphic.lm.field.CooccurrenceField;
import orphic.lm.generate.CachedLogits;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.sample.Candidates;
import orphic.lm.sample.GenerationLoop;
import orphic.lm.sample.LexiconBias;
import orphic.lm.sample.LogitProcessor;
import orphic.lm.sample.SamplerChain;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.sample.SamplingContext;
import orphic.lm.sample.SplitMix64;
import orphic.lm.text.Corpus;
import orphic.lm.tokenize.Tokenizer;

/**
 * A resonant conversation with a model (issue 9; haze's "field organism", specs/haze.md §13, made
 * so that every mechanism reaches the text). Each {@link #respond} call is one turn:
 * <ol>
 *   <li><b>pulse</b> ({@link Pulse}) of the message against the field as it was before the message;
 *       its entropy is the model's at the point where the reply would begin ("prefix message ⏎ prefix");
 *   <li><b>expert</b> ({@link Expert#route}): the sampler preset and field weight of the reply;
 *   <li><b>seed</b> ({@link Gravity}): a phrase from the field's centres of gravity resonating with
 *       the message, never a message word the field would not have offered anyway;
 *   <li><b>origin strength</b>: content-word overlap of the message with the origin text,
 *       strength = min(1, 2 · overlap) when overlap ≥ 0.2, else 0;
 *   <li>the conversation layers decay ({@code decay}), the lexicon ticks, and the message enters
 *       the field (token and word layers) and, with growth, the lexicon; lexicon words of weight
 *       ≥ 0.5 are re-injected into the token field;
 *   <li><b>reply</b>: the model continues "prefix message ⏎ prefix seed" through a chain that starts
 *       with {@link FieldMixture} over the corpus and conversation token layers (so everything
 *       absorbed so far shifts every token), the origin blend (α = originAlpha · strength), the
 *       lexicon bias (weight · lexiconBias per word, growth only), then the expert's stages; it ends
 *       at the first line end after {@code minReplyTokens}. The reply (seed included) enters the
 *       field;
 *   <li><b>rings</b> (when on): echo, drift and shard ({@link Ring}) are generated through the
 *       same field blend and fed into the field; they are not part of the reply;
 *   <li><b>themes</b> ({@link ThemeFlow}) are updated.
 * </ol>
 * Every random draw comes from SplitMix64 streams seeded by (config seed, turn, purpose), so the
 * same model, corpus, config and messages give the same transcript, and switching rings or
 * growth off changes only what those mechanisms change.
 *
 * <p>Not thread-safe.
 */
public final class ConversationSession {
  private static final int PURPOSE_SEED = 1, PURPOSE_REPLY = 2, PURPOSE_RING = 3;
  private static final double RING_ALPHA = 0.3, REINJECT = 0.5, ORIGIN_MIN_OVERLAP = 0.2;

  private final LanguageModel model;
  private final Tokenizer tokenizer;
  private final ConversationConfig config;
  private final List<String> vocabulary;
  private final Function<SamplingContext, float[]> logits;
  private final CooccurrenceField corpusTokens;
  private final CooccurrenceField recentTokens;
  private final CooccurrenceField originTokens;
  private final Set<String> originWords;
  private final WordField words;
  private final Lexicon lexicon;
  private final ThemeFlow themes = new ThemeFlow();
  private final List<Turn> turns = new ArrayList<>();
  private final Map<Integer, String> speakable = new HashMap<>();
  private final Set<String> userWords = new java.util.HashSet<>();
  private final int newline;

  /**
   * @param corpusText the text the model was trained on (its field); may be empty, then the field
   *     grows from the conversation alone
   */
  public ConversationSession(LanguageModel model, Tokenizer tokenizer, String corpusText, ConversationConfig config) {
    if (tokenizer.vocabSize() != model.config().vocabSize()) {
      throw new IllegalArgumentException("the tokenizer has " + tokenizer.vocabSize() + " ids but the model "
          + model.config().vocabSize() + ": they do not belong together");
    }
    this.model = model;
    this.tokenizer = tokenizer;
    this.config = config;
    List<String> v = new ArrayList<>(tokenizer.vocabSize());
    for (int i = 0; i < tokenizer.vocabSize(); i++) v.add(tokenizer.tokenText(i));
    this.vocabulary = List.copyOf(v);
    this.logits = CachedLogits.forModel(model);
    int size = tokenizer.vocabSize();
    this.corpusTokens = CooccurrenceField.build(encode(corpusText), size, CooccurrenceField.DEFAULT_WINDOW);
    this.recentTokens = new CooccurrenceField(size, CooccurrenceField.DEFAULT_WINDOW);
    this.originTokens = CooccurrenceField.build(encode(config.origin()), size, CooccurrenceField.DEFAULT_WINDOW);
    this.originWords = new LinkedHashSet<>(Words.content(config.origin()));
    this.words = new WordField(corpusText, 8192, config.recentShare());
    this.lexicon = new Lexicon(config.lexiconDecay());
    int[] nl = encode("\n");
    this.newline = nl.length == 1 ? nl[0] : -1;
  }

  /**
   * A session over a model directory; the corpus is read from the files its config.json names
   * (an empty field when they cannot be read: see {@link #corpusOf}).
   */
  public static ConversationSession open(Path directory, ConversationConfig config) throws IOException {
    ModelDirectory dir = new ModelDirectory(directory);
    return new ConversationSession(dir.loadModel(), dir.loadTokenizer(), corpusOf(dir), config);
  }

  /** The training corpus named in the directory's config.json, or "" when it is gone or unreadable. */
  public static String corpusOf(ModelDirectory dir) {
    try {
      JsonNode files = dir.readConfigTree().path("corpus").path("files");
      List<Path> paths = new ArrayList<>();
      for (JsonNode f : files) paths.add(Path.of(f.asText()));
      if (paths.isEmpty() || !paths.stream().allMatch(Files::isReadable)) return "";
      return Corpus.read(paths).text();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  public ConversationConfig config() {
    return config;
  }

  /** The turns so far, oldest first. */
  public List<Turn> turns() {
    return List.copyOf(turns);
  }

  /** The word layer of the field (strongest words, masses, associations). */
  public WordField words() {
    return words;
  }

  /**
   * The field's current centres of gravity: its strongest eligible words (see {@link Gravity}).
   * A seed may contain a word of the next message only if it is among these.
   */
  public List<String> centres() {
    return Gravity.centres(words, this::known);
  }

  /** The lexicon's current words and weights. */
  public Map<String, Double> lexicon() {
    return lexicon.weights();
  }

  /** Tokens counted (decayed) in the conversation's token layer. */
  public double fieldTokens() {
    return recentTokens.tokens();
  }

  /** One turn: senses the message, answers it, overthinks, and returns the record of it all. */
  public Turn respond(String message) {
    int t = turns.size() + 1;
    String prefix = speak(config.turnPrefix());
    String said = speak(message.strip());

    // 1–4: sense and decide, against the field as it was before this message.
    int[] messageIds = encode(prefix + said + "\n" + prefix);
    double entropyBits = messageIds.length == 0 ? Math.log(tokenizer.vocabSize()) / Math.log(2)
        : Pulse.entropyBits(nextLogits(messageIds));
    Pulse pulse = new Pulse(Pulse.novelty(said, words), Pulse.arousal(message), entropyBits,
        entropyBits / (Math.log(tokenizer.vocabSize()) / Math.log(2)));
    double baseline = turns.isEmpty() ? 0.5 : turns.stream().mapToDouble(x -> x.pulse().entropy()).average().orElse(0.5);
    Expert expert = Expert.route(pulse, baseline);
    Gravity.Choice choice = Gravity.choose(words, said, this::known, new SplitMix64(derive(t, PURPOSE_SEED)));
    double origin = originStrength(said);

    // 5: the message enters the field.
    recentTokens.decay(config.decay());
    words.decay(config.decay());
    lexicon.tick();
    List<String> added = config.growth() ? lexicon.absorb(said, words) : List.of();
    userWords.addAll(Words.content(said));
    recentTokens.add(encode(said));
    words.add(said);
    if (config.growth()) {
      lexicon.weights().forEach((w, weight) -> {
        if (weight >= REINJECT) recentTokens.add(encode(" " + w + " "));
      });
    }

    // 6: the reply.
    String seed = speak(choice.seed());
    String lead = prefix + said + "\n" + prefix + seed;
    List<LogitProcessor> first = new ArrayList<>();
    first.add(blend(expert.fieldAlpha()));
    if (origin > 0) first.add(new FieldMixture(List.of(new FieldMixture.Layer(originTokens, 1)), config.originAlpha() * origin));
    if (config.growth() && lexicon.size() > 0) first.add(lexiconBias());
    first.add(new HoldLine(newline, config.minReplyTokens()));
    SamplerSettings settings = expert.settings().toBuilder().seed(derive(t, PURPOSE_REPLY)).build();
    int[] replyIds = generate(lead, settings, first, config.replyTokens());
    String continuation = tokenizer.decode(replyIds);
    String reply = (seed + continuation).strip();
    recentTokens.add(encode(reply));
    words.add(reply);

    // 7: overthinking.
    List<Ring> rings = config.rings() ? overthink(t, reply, prefix) : List.of();

    // 8: themes.
    List<ThemeFlow.Theme> now = themes.update(words, this::known);
    Turn turn = new Turn(t, message, reply, seed, choice.centre(), pulse, expert, now, origin, rings, added,
        lexicon.weights(), replyIds.length);
    turns.add(turn);
    return turn;
  }

  private List<Ring> overthink(int t, String reply, String prefix) {
    SplitMix64 random = new SplitMix64(derive(t, PURPOSE_RING));
    List<String> replyWords = Words.of(reply);
    List<String> content = Words.content(reply);
    int[] lengths = config.ringTokens();
    List<Ring> rings = new ArrayList<>();
    for (Ring.Kind kind : Ring.Kind.values()) {
      String start = switch (kind) {
        case ECHO -> String.join(" ", replyWords.subList(Math.max(0, replyWords.size() - 5), replyWords.size()));
        case DRIFT -> content.isEmpty() ? (replyWords.isEmpty() ? "" : replyWords.getFirst())
            : content.get((int) (random.nextDouble() * content.size()));
        case SHARD -> {
          List<String> top = words.recentStrongest(ThemeFlow.TOP);
          yield top.stream().filter(this::known).findFirst().orElse(top.isEmpty() ? "" : top.getFirst());
        }
      };
      start = Gravity.capitalise(speak(start));
      SamplerSettings settings = SamplerSettings.builder().temperature(kind.temperature()).topK(0).topP(0.95).minP(0.02)
          .seed(random.nextLong()).build();
      List<LogitProcessor> first = List.of(blend(RING_ALPHA), new HoldLine(newline, 8));
      int[] ids = generate(prefix + start, settings, first, lengths[kind.ordinal()]);
      String text = tokenizer.decode(ids).strip();
      // Only what the ring generated enters the field: its prompt is the field's own material
      // (the reply's words, the strongest theme), and adding it again would make it a loop.
      recentTokens.add(encode(text));
      words.add(text);
      rings.add(new Ring(kind, start, text, kind.temperature()));
    }
    return rings;
  }

  /** A word of the corpus or of the user: what themes and shards are made of (not the model's misspellings). */
  private boolean known(String word) {
    return words.corpusCount(word) > 0 || userWords.contains(word);
  }

  private FieldMixture blend(double alpha) {
    return new FieldMixture(List.of(new FieldMixture.Layer(corpusTokens, 1 - config.recentShare()),
        new FieldMixture.Layer(recentTokens, config.recentShare())), alpha);
  }

  private LexiconBias lexiconBias() {
    LexiconBias.Builder b = LexiconBias.builder().minPrefix(tokenizer.spec().startsWith("bpe") ? 0 : 1);
    lexicon.weights().forEach((w, weight) -> {
      int[] ids = encode(" " + w);
      if (ids.length > 0) b.tokens(ids, config.lexiconBias() * weight);
    });
    return b.build();
  }

  private double originStrength(String message) {
    if (originWords.isEmpty()) return 0;
    Set<String> content = new LinkedHashSet<>(Words.content(message));
    if (content.isEmpty()) return 0;
    long shared = content.stream().filter(originWords::contains).count();
    double overlap = (double) shared / content.size();
    return overlap >= ORIGIN_MIN_OVERLAP ? Math.min(1, 2 * overlap) : 0;
  }

  /** Generates after {@code text} with the given leading processors before the settings' chain. */
  private int[] generate(String text, SamplerSettings settings, List<LogitProcessor> first, int maxTokens) {
    int[] prompt = encode(text);
    if (prompt.length == 0) prompt = newline >= 0 ? new int[] {newline} : new int[] {0};
    SamplerChain.Builder b = SamplerChain.builder();
    first.forEach(b::add);
    SamplerChain chain = settings.toChain();
    chain.processors().forEach(b::add);
    b.sampler(chain.sampler());
    SamplingContext ctx = settings.newContext(vocabulary);
    ctx.start(prompt);
    if (logits instanceof CachedLogits cached) cached.decoder().start(prompt);
    int stop = newline;
    GenerationLoop loop = GenerationLoop.builder(b.build(), logits).stopToken(id -> id == stop).build();
    int[] out = loop.generate(ctx, maxTokens).tokens();
    if (out.length > 0 && out[out.length - 1] == newline) out = java.util.Arrays.copyOf(out, out.length - 1);
    return out;
  }

  private float[] nextLogits(int[] ids) {
    SamplingContext ctx = new SamplingContext(vocabulary, new SplitMix64(0));
    ctx.start(ids);
    if (logits instanceof CachedLogits cached) cached.decoder().start(ids);
    return logits.apply(ctx).clone();
  }

  /** A per-(turn, purpose) seed: independent streams, so one mechanism's draws never shift another's. */
  private long derive(int turn, int purpose) {
    return new SplitMix64(config.seed() ^ (0x9E3779B97F4A7C15L * turn) ^ ((long) purpose << 56)).nextLong();
  }

  private int[] encode(String text) {
    return text.isEmpty() ? new int[0] : tokenizer.encode(speak(text));
  }

  /**
   * The text with every character the tokenizer cannot encode replaced by its lower-case form
   * when that one is known, else dropped (a character tokenizer refuses unknown characters).
   */
  String speak(String text) {
    try {
      tokenizer.encode(text);
      return text;
    } catch (RuntimeException e) {
      StringBuilder sb = new StringBuilder();
      text.codePoints().forEach(cp -> sb.append(speakable.computeIfAbsent(cp, this::speakOne)));
      return sb.toString();
    }
  }

  private String speakOne(int cp) {
    List<String> forms = new ArrayList<>(List.of(Character.toString(cp), Character.toString(Character.toLowerCase(cp))));
    switch (cp) { // typographic and plain forms of the same mark
      case '\'' -> forms.add("’");
      case '’', '‘' -> forms.add("'");
      case '"' -> forms.addAll(List.of("“", "”"));
      case '“', '”' -> forms.add("\"");
      case '-' -> forms.add("—");
      case '—', '–' -> forms.add("-");
      default -> { }
    }
    for (String s : forms) {
      try {
        if (tokenizer.encode(s).length > 0) return s;
      } catch (RuntimeException e) {
        // try the next form
      }
    }
    return "";
  }

  /** Removes the line end from the candidates until the reply has {@code min} tokens. */
  private record HoldLine(int newline, int min) implements LogitProcessor {
    @Override
    public void apply(Candidates c, SamplingContext context) {
      if (newline < 0 || context.step() >= min || c.size() <= 1) return;
      int i = c.indexOf(newline);
      if (i >= 0) c.removeAt(i);
    }
  }
}
