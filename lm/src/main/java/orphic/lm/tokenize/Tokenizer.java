package orphic.lm.tokenize;

import java.nio.file.Path;

/**
 * Text ↔ token ids. Two kinds: {@link CharTokenizer} (one id per code point, optionally haze's
 * normalisation) and {@link BpeTokenizer} (byte-level BPE). A tokenizer is saved in a model
 * directory as tokenizer.json, documented in docs/tokenizer-format.md.
 *
 * <p>Implementations are immutable and thread-safe; a {@link Decoder} is per stream.
 */
public interface Tokenizer {
  /** The file name inside a model directory. */
  String FILE_NAME = "tokenizer.json";

  /** The ids of the text. */
  int[] encode(String text);

  /** The text of the ids; bytes that do not form complete UTF-8 characters become U+FFFD. */
  String decode(int[] ids);

  /** A fresh streaming decoder, for turning ids into text one at a time. */
  Decoder decoder();

  /** Number of ids: every id is in [0, vocabSize()). */
  int vocabSize();

  /** A display form of one token for UIs (not necessarily what decode gives for it alone). */
  String tokenText(int id);

  /** The kind as the command line spells it: "char", "char:haze" or "bpe:N". */
  String spec();

  /**
   * Writes tokenizer.json atomically (a temporary file in the same folder, then a rename). The
   * path is the file, or a folder to write {@value #FILE_NAME} into.
   */
  void save(Path path);

  /** Reads a tokenizer.json (or a folder holding one), validating every field. */
  static Tokenizer load(Path path) {
    return TokenizerFile.read(TokenizerFile.resolve(path));
  }

  /**
   * Builds a tokenizer on a training text from its command-line spec: {@code char} (the corpus's
   * distinct characters, unknown ones an error), {@code char:haze} (alias {@code haze}: haze's
   * lower-casing and quote normalisation, unknown characters dropped) or {@code bpe:N} (byte-level
   * BPE with N ids, N ≥ 256).
   */
  static Tokenizer train(String spec, String corpus) {
    String s = spec.trim();
    if (s.equals("char")) return CharTokenizer.train(corpus);
    if (s.equals("char:haze") || s.equals("haze")) return CharTokenizer.haze(corpus);
    if (s.startsWith("bpe:")) {
      int n;
      try {
        n = Integer.parseInt(s.substring(4));
      } catch (NumberFormatException e) {
        throw new TokenizerException("tokenizer \"" + spec + "\": the vocabulary size after bpe: must"
            + " be a whole number, e.g. bpe:2000");
      }
      return BpeTokenizer.train(corpus, n);
    }
    throw new TokenizerException("unknown tokenizer \"" + spec + "\"; use char, char:haze or bpe:N"
        + " (e.g. bpe:2000)");
  }
}
