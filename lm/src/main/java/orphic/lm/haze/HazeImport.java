package orphic.lm.haze;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import orphic.lm.model.HazeModel;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.text.Corpus;
import orphic.lm.tokenize.CharTokenizer;
import orphic.lm.tokenize.Normalization;
import orphic.lm.tokenize.Tokenizer;

/**
 * haze weights ⇄ model directories, one call each way (the service behind
 * {@code ./orphic import-haze}).
 *
 * <p>A haze weight file does not carry its vocabulary: haze rebuilds it from the training text as
 * the sorted distinct characters of the lower-cased corpus (specs/haze.md §2). Import therefore
 * takes the corpus, builds haze's character tokenizer from it ({@link CharTokenizer#haze}, or
 * {@link CharTokenizer#hazeLegacy} when only haze's exact build gives the file's vocabulary size,
 * i.e. the corpus has ASCII quotes) and refuses a corpus whose vocabulary size differs from the
 * file's {@code vocab_size}.
 */
public final class HazeImport {
  private HazeImport() {}

  /** What an import produced. */
  public record Imported(ModelDirectory directory, ModelConfig config, HazeWeights.Layout layout, CharTokenizer tokenizer) {}

  /**
   * Reads {@code npz} (either layout) and the corpus it was made from, and writes a model directory
   * at {@code outDir} (config.json, tokenizer.json, model.safetensors). {@code outDir} must not
   * exist or be empty; config.json is written last, so an interrupted import never looks like a
   * model.
   */
  public static Imported importWeights(Path npz, Path corpus, Path outDir) throws IOException {
    HazeWeights.Contents contents = HazeWeights.read(npz);
    Corpus text = Corpus.read(corpus);
    CharTokenizer tokenizer = vocabulary(text.text(), contents.config().vocabSize(), npz, contents.layout());
    HazeModel model = contents.toModel();

    if (Files.isDirectory(outDir)) {
      try (Stream<Path> s = Files.list(outDir)) {
        if (s.findAny().isPresent()) throw new IOException(outDir + " is not empty: import into a new directory");
      }
    }
    ModelDirectory dir = new ModelDirectory(outDir).create();
    tokenizer.save(dir.file(ModelDirectory.TOKENIZER));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("source", "haze weights");
    meta.put("haze_file", String.valueOf(npz.getFileName()));
    meta.put("haze_layout", contents.layout().name().toLowerCase(java.util.Locale.ROOT));
    dir.writeWeights(model, meta);
    Map<String, Object> corpusInfo = new LinkedHashMap<>();
    corpusInfo.put("files", text.files().stream().map(Path::toString).toList());
    corpusInfo.put("sha256", text.digest());
    corpusInfo.put("chars", text.text().length());
    corpusInfo.put("tokens", tokenizer.encode(text.text()).length);
    dir.writeConfig(contents.config(), null, corpusInfo, tokenizer.spec());
    return new Imported(dir, contents.config(), contents.layout(), tokenizer);
  }

  /**
   * haze's vocabulary of {@code corpusText} with exactly {@code vocabSize} symbols: our haze
   * tokenizer when it has that size, haze's exact (legacy) build when only that one does, otherwise
   * a {@link HazeWeightsException} naming both sizes.
   */
  public static CharTokenizer vocabulary(String corpusText, int vocabSize, Path npz, HazeWeights.Layout layout) throws HazeWeightsException {
    CharTokenizer tokenizer = CharTokenizer.haze(corpusText);
    if (tokenizer.vocabSize() == vocabSize) return tokenizer;
    CharTokenizer legacy = CharTokenizer.hazeLegacy(corpusText);
    if (legacy.vocabSize() == vocabSize) return legacy;
    String key = layout == HazeWeights.Layout.COMPLETE ? "meta.vocab_size" : "vocab_size";
    throw new HazeWeightsException(npz + ": key '" + key + "' is " + vocabSize + " but the corpus has " + tokenizer.vocabSize()
        + " distinct characters after haze's lower-casing and quote normalisation"
        + (legacy.vocabSize() != tokenizer.vocabSize() ? " (" + legacy.vocabSize() + " without quote normalisation)" : "")
        + ": pass the corpus these weights were made from");
  }

  /**
   * Writes the haze model of {@code modelDir} to {@code npz} in the complete layout. The model must
   * be arch haze with haze's character tokenizer (char:haze), since a haze weight file's ids are
   * haze's character ids.
   */
  public static void exportWeights(Path modelDir, Path npz) throws IOException {
    ModelDirectory dir = new ModelDirectory(modelDir);
    ModelConfig config = dir.readModelConfig();
    if (!config.arch().equals("haze")) {
      throw new IOException(modelDir + " holds a " + config.arch() + " model; only haze models (--arch haze) export to haze's weight format");
    }
    Tokenizer tokenizer = dir.loadTokenizer();
    if (!(tokenizer instanceof CharTokenizer c) || c.normalization() != Normalization.HAZE || !sorted(c.codePoints())
        || c.vocabSize() != config.vocabSize()) {
      throw new IOException(modelDir + " uses the " + tokenizer.spec() + " tokenizer; haze's weight files assume haze's character"
          + " vocabulary (the sorted characters of the normalised corpus): train with --tokenizer char:haze to export");
    }
    LanguageModel model = dir.loadModel();
    HazeWeights.write((HazeModel) model, npz);
  }

  private static boolean sorted(int[] codePoints) {
    for (int i = 1; i < codePoints.length; i++) if (codePoints[i] <= codePoints[i - 1]) return false;
    return true;
  }
}
