package orphic.studio.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orphic.lm.sample.SamplerChain;
import orphic.workbench.lexicon.ActivationResult;
import orphic.workbench.lexicon.Activator;
import orphic.workbench.lexicon.Lexicon;
import orphic.workbench.lexicon.LexiconOutputBias;
import orphic.workbench.lexicon.ScanSettings;
import orphic.workbench.store.Workspace;
import picocli.CommandLine.Option;

/**
 * The lexicon's two channels into generation, for {@code sample}: the workspace's lexicon is
 * activated on the prompt; {@code --lexicon-priming} puts the fired entries' texts before the prompt
 * (context the model reads, not printed) and {@code --lexical-virality V} biases the output towards
 * their names and aliases (docs/lexicon.md).
 */
final class LexiconOptions {
  @Option(names = "--lexicon-workspace", paramLabel = "DIR",
      description = "Workspace whose mythic lexicon steers the output (needed by the two options below).")
  Path workspace;

  @Option(names = "--lexical-virality", paramLabel = "V", defaultValue = "0",
      description = "Bias towards fired lexicon terms: V × each term's own bias (0 = off, 1 = the terms' biases; default 0).")
  double virality;

  @Option(names = "--lexicon-priming", description = "Put the fired entries' texts before the prompt as context.")
  boolean priming;

  /** What activation gave, or null when the lexicon is not used. */
  ActivationResult activate(String prompt, long seed) {
    if (!(virality >= 0 && virality <= 10)) throw new CommandFailure("--lexical-virality must be in 0..10, got " + virality);
    if (workspace == null) {
      if (virality > 0 || priming) throw new CommandFailure("--lexical-virality and --lexicon-priming need --lexicon-workspace DIR");
      return null;
    }
    if (!Files.isDirectory(workspace)) throw new CommandFailure("no workspace at " + workspace + ": create one with ./orphic workspace init DIR");
    try (Workspace ws = Workspace.open(workspace)) {
      return Activator.activate(prompt, new Lexicon(ws).list(), ScanSettings.DEFAULT, seed);
    }
  }

  /** The chain with the virality stage in front (unchanged when virality is off). */
  SamplerChain steer(SamplerChain chain, ActivationResult a) {
    if (a == null) return chain;
    List<orphic.workbench.lexicon.PhraseBias> biases = a.viralBiases(virality);
    return biases.isEmpty() ? chain : new LexiconOutputBias(biases, 0).prependTo(chain);
  }

  /**
   * The ids the model reads: the priming entries, then the prompt. Characters of the priming that
   * the model's tokenizer cannot encode are left out (the entries are context written for people,
   * not for this vocabulary); the prompt itself must encode as it is.
   */
  int[] encode(orphic.lm.tokenize.Tokenizer tokenizer, String prompt, ActivationResult a) {
    int[] ids = tokenizer.encode(prompt);
    if (a == null || !priming || a.priming().isEmpty()) return ids;
    StringBuilder kept = new StringBuilder();
    java.util.Map<Integer, Boolean> known = new java.util.HashMap<>();
    (a.priming() + "\n\n").codePoints().forEach(cp -> {
      if (known.computeIfAbsent(cp, c -> encodes(tokenizer, Character.toString(c)))) kept.appendCodePoint(cp);
    });
    int[] context = tokenizer.encode(kept.toString());
    int[] all = java.util.Arrays.copyOf(context, context.length + ids.length);
    System.arraycopy(ids, 0, all, context.length, ids.length);
    return all;
  }

  private static boolean encodes(orphic.lm.tokenize.Tokenizer tokenizer, String s) {
    try {
      return tokenizer.encode(s).length > 0;
    } catch (RuntimeException unknown) {
      return false;
    }
  }
}
