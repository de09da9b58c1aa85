package orphic.studio.cli;

import java.nio.file.Path;
import java.util.List;
import orphic.lm.field.CooccurrenceField;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.text.Corpus;
import orphic.lm.text.CorpusException;
import orphic.lm.tokenize.Tokenizer;
import orphic.lm.tokenize.TokenizerException;
import picocli.CommandLine.Option;

/**
 * The co-occurrence field stage of the sampler chain ({@code orphic.lm.sample.FieldBlend}): a corpus
 * whose n-gram statistics are blended into the model's logits. A {@code null} field was not given.
 */
public final class FieldOptions {
  @Option(names = "--field-corpus", arity = "1..*", paramLabel = "F",
      description = "Blend this corpus's co-occurrence field into the logits (text files or folders; encoded with the model's tokenizer).")
  public List<Path> corpus;

  @Option(names = "--field-weight", paramLabel = "A",
      description = "Share of the field in the blend, (1-A)*logit + A*ln(q + 1e-10), in [0, 1] (default 0.3 with --field-corpus).")
  public Double weight;

  @Option(names = "--field-mode", paramLabel = "bigram|trigram|cooccur|blend", description = "Which field distribution (default trigram).")
  public String mode;

  /** haze's default blend weight. */
  public static final double DEFAULT_WEIGHT = 0.3;

  /** Whether any field option was given. */
  public boolean given() {
    return corpus != null || weight != null || mode != null;
  }

  /**
   * {@code settings} with the field's weight and mode (--field-weight and --field-mode need
   * --field-corpus). Errors are IllegalArgumentExceptions written for the user.
   */
  public SamplerSettings applyTo(SamplerSettings settings) {
    if (!given()) return settings;
    if (corpus == null) throw new IllegalArgumentException("--field-weight and --field-mode need --field-corpus FILE");
    SamplerSettings.Builder b = settings.toBuilder().fieldWeight(weight != null ? weight : DEFAULT_WEIGHT);
    if (mode != null) b.fieldMode(CooccurrenceField.Mode.parse(mode));
    return b.build();
  }

  /** The field of the corpus under the model's tokenizer, or null without --field-corpus. */
  public CooccurrenceField build(Tokenizer tokenizer) {
    if (corpus == null) return null;
    try {
      return CooccurrenceField.build(tokenizer, Corpus.read(corpus).text());
    } catch (CorpusException | TokenizerException e) {
      throw new CommandFailure("--field-corpus: " + e.getMessage());
    }
  }
}
