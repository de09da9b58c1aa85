package orphic.studio.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import orphic.lm.field.CooccurrenceField;
import orphic.lm.text.Cleanup;
import orphic.lm.text.Corpus;
import orphic.lm.text.CorpusException;
import orphic.lm.tokenize.BpeTokenizer;
import orphic.lm.tokenize.Decoder;
import orphic.lm.tokenize.Tokenizer;
import orphic.lm.tokenize.TokenizerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code orphic field}: weightless generation from corpus co-occurrences (haze's "level 1"
 * generator, specs/haze.md §8). Reads the corpus, trains the tokenizer on it, builds the
 * {@link CooccurrenceField}, continues the prompt. The text goes to stdout; a one-line summary to
 * stderr; with {@code --json} the last stdout line is {@code {"text", "tokens": [{"id", "text"}],
 * "seconds", "build_seconds", "generate_seconds", "vocab_size", "corpus_tokens", "mode", "seed",
 * "temperature"}} (plus {@code "raw_text"} with {@code --cleanup}).
 */
@Command(name = "field", sortOptions = false,
    description = "Generate without weights, from the corpus's co-occurrence field.")
final class FieldCommand implements Callable<Integer> {
  /** Which distribution of the field to sample (see CooccurrenceField.Mode). */
  enum Mode {
    bigram(CooccurrenceField.Mode.BIGRAM),
    trigram(CooccurrenceField.Mode.TRIGRAM),
    cooccur(CooccurrenceField.Mode.COOCCUR),
    blend(CooccurrenceField.Mode.BLEND);

    final CooccurrenceField.Mode field;

    Mode(CooccurrenceField.Mode field) {
      this.field = field;
    }
  }

  @Option(names = "--corpus", required = true, arity = "1..*", paramLabel = "F",
      description = "UTF-8 text: one or more files or folders.")
  List<Path> corpus;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "Text to continue (may be empty).")
  String prompt;

  @Option(names = "--tokens", required = true, paramLabel = "N", description = "Tokens to generate.")
  int tokens;

  @Option(names = "--mode", paramLabel = "bigram|trigram|cooccur|blend",
      description = "Distribution to sample (default: trigram, backing off to bigram).")
  Mode mode;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed for every random draw (default: 0).")
  Long seed;

  @Option(names = "--temperature", paramLabel = "T",
      description = "Sharpen (<1) or flatten (>1) the field's probabilities; 0 = greedy (default: 0.8, as haze).")
  Double temperature;

  @Option(names = "--tokenizer", paramLabel = "char|char:haze|bpe:N", converter = TokenizerSpec.class,
      description = "Tokenizer trained on the corpus (default: char; char:haze lower-cases as haze does).")
  String tokenizer;

  @Option(names = "--window", paramLabel = "W",
      description = "Co-occurrence window in tokens on each side (default: " + CooccurrenceField.DEFAULT_WINDOW + ").")
  Integer window;

  @Option(names = "--cleanup", description = "Tidy the text (spacing, punctuation, capitals, sentence end).")
  boolean cleanup;

  @Option(names = "--json", description = "Last stdout line: JSON with text, tokens (id, text) and seconds.")
  boolean json;

  @Spec CommandSpec spec;

  /** Checks a --tokenizer value while parsing, so a typo is a usage error before the corpus is read. */
  static final class TokenizerSpec implements ITypeConverter<String> {
    private static final Pattern VALID = Pattern.compile("char|char:haze|haze|bpe:\\d{1,7}");

    @Override
    public String convert(String value) {
      if (!VALID.matcher(value).matches()
          || value.startsWith("bpe:") && Integer.parseInt(value.substring(4)) < BpeTokenizer.BYTE_TOKENS) {
        throw new TypeConversionException("expected char, char:haze or bpe:N with N >= " + BpeTokenizer.BYTE_TOKENS
            + " (e.g. bpe:2000) but was '" + value + "'");
      }
      return value;
    }
  }

  @Override
  public Integer call() {
    if (tokens < 0) throw new ParameterException(spec.commandLine(), "--tokens must be 0 or more, got " + tokens);
    double t = temperature == null ? 0.8 : temperature;
    if (!(t >= 0 && t < Double.POSITIVE_INFINITY)) {
      throw new ParameterException(spec.commandLine(), "--temperature must be a finite number >= 0 (0 = greedy), got " + t);
    }
    int w = window == null ? CooccurrenceField.DEFAULT_WINDOW : window;
    if (w < 0) throw new ParameterException(spec.commandLine(), "--window must be 0 or more tokens, got " + w);
    Mode m = mode == null ? Mode.trigram : mode;
    long s = seed == null ? 0 : seed;
    String kind = tokenizer == null ? "char" : tokenizer;

    long start = System.nanoTime();
    String text;
    Tokenizer tok;
    try {
      text = Corpus.read(corpus).text();
      tok = Tokenizer.train(kind, text);
    } catch (CorpusException | TokenizerException e) {
      throw new CommandFailure(e.getMessage());
    }
    int[] ids = tok.encode(text);
    long built = System.nanoTime();
    CooccurrenceField field = CooccurrenceField.build(ids, tok.vocabSize(), w);
    long fieldDone = System.nanoTime();
    int[] seedIds;
    try {
      seedIds = tok.encode(prompt);
    } catch (TokenizerException e) {
      throw new CommandFailure("the prompt cannot be encoded: " + e.getMessage());
    }
    int[] generated = field.generate(seedIds, tokens, t, m.field, s);
    long end = System.nanoTime();

    Decoder decoder = tok.decoder();
    for (int id : seedIds) decoder.push(id); // the prompt is printed as typed; decode only what follows
    StringBuilder continuation = new StringBuilder();
    for (int id : generated) continuation.append(decoder.push(id));
    continuation.append(decoder.finish());
    String raw = prompt + continuation;
    String shown = cleanup ? Cleanup.defaults().apply(raw) : raw;

    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    err.printf(Locale.ROOT, "field: %,d corpus tokens (%s, V=%d), field built in %.3f s; %d tokens (%s, T=%s, seed %d) in %.3f s%n",
        ids.length, tok.spec(), tok.vocabSize(), (fieldDone - built) / 1e9, generated.length, m, t, s, (end - fieldDone) / 1e9);
    err.flush();
    if (json) {
      ObjectNode o = JsonLine.object();
      o.put("text", shown);
      if (cleanup) o.put("raw_text", raw);
      ArrayNode list = o.putArray("tokens");
      for (int id : generated) list.addObject().put("id", id).put("text", tok.tokenText(id));
      o.put("seconds", (end - start) / 1e9);
      o.put("build_seconds", (fieldDone - built) / 1e9);
      o.put("generate_seconds", (end - fieldDone) / 1e9);
      o.put("vocab_size", tok.vocabSize());
      o.put("corpus_tokens", ids.length);
      o.put("mode", m.name());
      o.put("seed", s);
      o.put("temperature", t);
      JsonLine.print(out, o);
    } else {
      out.println(shown);
      out.flush();
    }
    return 0;
  }
}
