package orphic.lm.converse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import orphic.lm.model.LanguageModel;
import orphic.lm.tokenize.Tokenizer;

/**
 * A scripted conversation: one user message per line (blank lines and lines starting with '#'
 * are skipped), played through a fresh {@link ConversationSession}, and the comparison runs that
 * measure rings and growth (same seed, same script, one mechanism off).
 */
public final class ConversationScript {
  private ConversationScript() {}

  /** The messages of a script file. */
  public static List<String> read(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String s = line.strip();
      if (!s.isEmpty() && !s.startsWith("#")) out.add(s);
    }
    if (out.isEmpty()) throw new IOException(file + " holds no messages: write one message per line ('#' starts a comment)");
    return out;
  }

  /** Plays the messages through a fresh session; returns its turns. */
  public static List<Turn> run(LanguageModel model, Tokenizer tokenizer, String corpus, ConversationConfig config,
      List<String> messages) {
    ConversationSession session = new ConversationSession(model, tokenizer, corpus, config);
    for (String m : messages) session.respond(m);
    return session.turns();
  }

  /**
   * The three runs of a comparison and the effects measured on them.
   *
   * @param full the run as configured (rings and growth on)
   * @param noRings the same with rings off
   * @param noGrowth the same with growth off
   * @param rings reply 2-grams from rings, with and without rings
   * @param ringOnly the same, counting only 2-grams absent from the corpus and the messages
   * @param growth reply words that are user-introduced, with and without growth
   */
  public record Comparison(List<Turn> full, List<Turn> noRings, List<Turn> noGrowth,
      ConversationReport.Effect rings, ConversationReport.Effect ringOnly, ConversationReport.Effect growth) {
    /** The three effects, in report order. */
    public List<ConversationReport.Effect> effects() {
      return List.of(rings, ringOnly, growth);
    }
  }

  /** Runs the script with everything on, then with rings off, then with growth off. */
  public static Comparison compare(LanguageModel model, Tokenizer tokenizer, String corpus, ConversationConfig config,
      List<String> messages) {
    ConversationConfig on = config.withRings(true).withGrowth(true);
    List<Turn> full = run(model, tokenizer, corpus, on, messages);
    List<Turn> noRings = run(model, tokenizer, corpus, on.withRings(false), messages);
    List<Turn> noGrowth = run(model, tokenizer, corpus, on.withGrowth(false), messages);
    return new Comparison(full, noRings, noGrowth, ConversationReport.ringEffect(full, noRings),
        ConversationReport.ringOnlyEffect(full, noRings, corpus), ConversationReport.growthEffect(full, noGrowth));
  }
}
