package orphic.lm.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import orphic.lm.generate.Generator;
import orphic.lm.metrics.CharacterCorruption;
import orphic.lm.metrics.CorpusNovelty;
import orphic.lm.metrics.EntropyRate;
import orphic.lm.metrics.DistinctN;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.Scoring;
import orphic.lm.model.VoidMass;
import orphic.lm.tokenize.Tokenizer;
import orphic.lm.train.Evaluator;

/**
 * The figures an experiment reports for one trained model, measured on the validation split:
 *
 * <ul>
 *   <li>{@code val_loss}: nats per character over every window of the validation ids;
 *   <li>{@code top1_accuracy}: share of next tokens that were the model's first choice;
 *   <li>{@code ece}: expected calibration error of those predictions, 15 equal-width bins;
 *   <li>{@code corrupt_5_loss}, {@code corrupt_10_loss}: nats per character on the validation text
 *       after 5% / 10% of its characters were replaced by other characters of the corpus (seeded),
 *       inputs and targets both corrupted: a robust, well-calibrated model loses less;
 *   <li>{@code distinct_2}, {@code distinct_3}: distinct word bigrams / trigrams over samples
 *       drawn at temperature 1 from fixed prompts and seeds (the generated part only);
 *   <li>{@code novelty}: the share of the samples' word trigrams (generated part) that never occur
 *       in the training text (when it is given);
 *   <li>{@code entropy_rate}: the mean entropy, in bits, of the model's next-token distribution at
 *       the positions that predict the samples' generated tokens (scored afterwards with
 *       {@link Scoring}, sliding windows past the context);
 *   <li>{@code void_mass}: for models with an attention void ({@link VoidMass}), the mean share of
 *       attention given to the void over the clean validation pass, all layers and heads (absent
 *       otherwise, so the report's column stays blank).
 * </ul>
 *
 * Every variant of an experiment gets the same corruption, prompts and seeds.
 */
public final class ModelMetrics {
  private ModelMetrics() {}

  /**
   * @param batch          windows per forward pass
   * @param corruptions    fractions of characters to corrupt (each gives corrupt_P_loss, P in percent)
   * @param corruptionSeed seed of the corruption
   * @param samples        samples for distinct-n (0 = none)
   * @param sampleTokens   tokens generated per sample
   * @param temperature    sampling temperature
   * @param sampleSeed     seed of the prompts and of sample i's stream (sampleSeed + i)
   */
  public record Options(int batch, List<Double> corruptions, long corruptionSeed, int samples, int sampleTokens, double temperature,
      long sampleSeed) {
    public Options {
      corruptions = List.copyOf(corruptions);
      if (batch < 1 || samples < 0 || sampleTokens < 0) throw new IllegalArgumentException("batch >= 1, samples and sample tokens >= 0");
    }

    /** 16 windows a pass, 5% and 10% corruption, 5 samples × 300 tokens at temperature 1. */
    public static Options defaults() {
      return new Options(16, List.of(0.05, 0.10), 20_240_601L, 5, 300, 1.0, 4_242L);
    }

    public Options withSamples(int n, int tokens) {
      return new Options(batch, corruptions, corruptionSeed, n, tokens, temperature, sampleSeed);
    }
  }

  /** The figures by name, and the sample texts (prompt included) they were measured on. */
  public record Measurement(Map<String, Double> values, List<String> samples) {}

  /** The metric name of a corruption fraction: 0.05 → corrupt_5_loss. */
  public static String corruptionKey(double fraction) {
    double pct = Math.round(fraction * 1e6) / 1e4; // 0.05 * 100 is 5.000000000000001
    String p = pct == Math.rint(pct) ? Long.toString(Math.round(pct)) : String.format(Locale.ROOT, "%.1f", pct).replace('.', '_');
    return "corrupt_" + p + "_loss";
  }

  /**
   * @param validation the validation ids
   * @param alphabet   characters a corrupted character may become (code points; the corpus's)
   */
  public static Measurement measure(LanguageModel model, Tokenizer tokenizer, int[] validation, int[] alphabet, Options o) {
    return measure(model, tokenizer, validation, alphabet, null, o);
  }

  /**
   * As {@link #measure(LanguageModel, Tokenizer, int[], int[], Options)}, with the training text
   * for {@code novelty} (null = not measured).
   */
  public static Measurement measure(LanguageModel model, Tokenizer tokenizer, int[] validation, int[] alphabet, String trainingText,
      Options o) {
    Map<String, Double> values = new LinkedHashMap<>();
    int[] cpt = Evaluator.charsPerToken(tokenizer);
    VoidMass voids = model instanceof VoidMass vm ? vm : null;
    if (voids != null) voids.resetVoidMass();
    ValidationPass clean = ValidationPass.run(model, validation, cpt, o.batch());
    values.put("val_loss", clean.loss.value());
    values.put("top1_accuracy", clean.calibration.accuracy());
    values.put("ece", clean.calibration.value());
    if (voids != null && !Double.isNaN(voids.meanVoidMass())) values.put("void_mass", voids.meanVoidMass());
    if (!o.corruptions().isEmpty()) {
      String text = tokenizer.decode(validation);
      for (double f : o.corruptions()) {
        String corrupted = CharacterCorruption.corrupt(text, f, alphabet, o.corruptionSeed() + Math.round(f * 1e6));
        values.put(corruptionKey(f), ValidationPass.run(model, tokenizer.encode(corrupted), cpt, o.batch()).loss.value());
      }
    }
    List<String> samples = new ArrayList<>();
    List<String> generated = new ArrayList<>();
    if (o.samples() > 0 && o.sampleTokens() > 0) {
      Generator g = new Generator(model);
      EntropyRate.Mean entropy = new EntropyRate.Mean();
      for (int i = 0; i < o.samples(); i++) {
        int[] prompt = {validation[Math.floorMod(mix(o.sampleSeed() + i), validation.length)]};
        int[] out = g.generate(prompt, o.sampleTokens(), Generator.temperature(o.temperature(), 0, o.sampleSeed() + i), null);
        generated.add(tokenizer.decode(out));
        int[] all = new int[out.length + 1];
        all[0] = prompt[0];
        System.arraycopy(out, 0, all, 1, out.length);
        samples.add(tokenizer.decode(all));
        if (out.length > 0) entropy.add(Scoring.logits(model, all), 0, out.length); // row i predicts token i + 1: the generated ones
      }
      values.put("distinct_2", DistinctN.ofWords(generated, 2));
      values.put("distinct_3", DistinctN.ofWords(generated, 3));
      if (trainingText != null) values.put("novelty", new CorpusNovelty(trainingText, 3).of(generated));
      values.put("entropy_rate", entropy.value());
    }
    return new Measurement(values, samples);
  }


  private static int mix(long x) {
    long z = x * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (int) ((z ^ (z >>> 31)) >>> 33);
  }
}
