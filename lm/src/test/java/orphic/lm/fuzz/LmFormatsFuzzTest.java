package orphic.lm.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import orphic.engine.io.DType;
import orphic.engine.io.NpyArray;
import orphic.engine.io.NpyFormatException;
import orphic.engine.io.Npz;
import orphic.lm.haze.HazeWeights;
import orphic.lm.haze.HazeWeightsException;
import orphic.lm.model.ModelDirectory;
import orphic.lm.text.Corpus;
import orphic.lm.text.CorpusException;
import orphic.lm.tokenize.Tokenizer;
import orphic.lm.tokenize.TokenizerException;

/**
 * Fuzz targets for the language-model layer's readers of outside files: tokenizer.json,
 * config.json, corpus text and haze weight files. Only each reader's documented exception may
 * escape; hangs and out-of-memory fail the target. Without {@code JAZZER_FUZZ=1} each target replays
 * its seeds under {@code src/test/resources/orphic/lm/fuzz/LmFormatsFuzzTestInputs/}.
 */
class LmFormatsFuzzTest {
  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("orphic-fuzz-lm");
      DIR.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static Path scratch(String name, byte[] data) throws IOException {
    Path p = DIR.resolve(name);
    Files.write(p, data);
    p.toFile().deleteOnExit();
    return p;
  }

  /** tokenizer.json: only {@link TokenizerException}; a tokenizer that loads must encode/decode. */
  @FuzzTest(maxDuration = "15s")
  void tokenizerJson(byte[] data) throws IOException {
    Path file = scratch("tokenizer.json", data);
    Tokenizer t;
    try {
      t = Tokenizer.load(file);
    } catch (TokenizerException e) {
      return;
    }
    try {
      int[] ids = t.encode("The sea, the sea.\n");
      t.decode(ids);
    } catch (TokenizerException e) {
      // documented: characters outside a strict character vocabulary
    }
  }

  /** config.json: only {@link IOException} (which JSON syntax errors are). */
  @FuzzTest(maxDuration = "15s")
  void configJson(byte[] data) throws IOException {
    Path dir = DIR.resolve("model");
    Files.createDirectories(dir);
    scratch("model/" + ModelDirectory.CONFIG, data);
    try {
      new ModelDirectory(dir).readModelConfig();
    } catch (IOException e) {
      // documented
    }
  }

  /** Corpus decoding: bytes of a text file → Corpus; only {@link CorpusException}. */
  @FuzzTest(maxDuration = "15s")
  void corpus(byte[] data) throws IOException {
    Path file = scratch("corpus.txt", data);
    try {
      Corpus c = Corpus.read(file);
      c.digest();
    } catch (CorpusException e) {
      // documented
    }
  }

  /**
   * haze weight files, structure-aware: the fuzzer picks the layout, the six size scalars (mostly
   * small, sometimes huge) and a few arrays, and the target writes them as a real npz, so the
   * interesting part (the size checks and key matching) is reached on every run rather than only
   * when random bytes happen to form a zip. Only {@link HazeWeightsException} and
   * {@link NpyFormatException} may escape; loading a model that passes must work.
   */
  @FuzzTest(maxDuration = "15s")
  void hazeNpz(FuzzedDataProvider in) throws IOException {
    boolean complete = in.consumeBoolean();
    String prefix = complete ? "meta." : "";
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (String key : new String[] {"T", "n_emb", "nodes", "n_blocks", "n_heads", "vocab_size"}) {
      if (in.consumeInt(0, 15) == 0) continue; // sometimes missing
      long v = switch (in.consumeInt(0, 2)) {
        case 0 -> in.consumeLong(0, 6);
        case 1 -> in.consumeLong(1, 1 << 24); // in range, possibly huge
        default -> in.consumeLong();
      };
      arrays.put(prefix + key, in.consumeInt(0, 7) == 0 ? NpyArray.ofScalar((double) v) : NpyArray.ofScalar(v));
    }
    if (complete) {
      arrays.put("meta.alpha", NpyArray.ofScalar(in.consumeDouble()));
      if (in.consumeBoolean()) arrays.put("meta.head_kind", NpyArray.ofInts(new int[] {in.consumeInt(-1, 3)}, 1));
    }
    int extra = in.consumeInt(0, 6);
    String[] names = {"embed", "pos", "blocks.0.heads.0.wr", "blocks.0.heads.0.wv", "blocks.0.w0", "blocks.0.w1",
        "blocks.0.w2", "lm_head", "blocks.0.heads.0.rrpram.wr", "ln_f.weight", "meta.head_kind"};
    for (int i = 0; i < extra; i++) {
      String key = in.consumeBoolean() ? names[in.consumeInt(0, names.length - 1)] : in.consumeString(12);
      int rows = in.consumeInt(0, 6), cols = in.consumeInt(0, 6);
      DType dt = in.consumeBoolean() ? DType.F32 : DType.I64;
      byte[] data = java.util.Arrays.copyOf(in.consumeBytes(rows * cols * (dt == DType.F32 ? 4 : 8)), rows * cols * (dt == DType.F32 ? 4 : 8));
      arrays.put(key, NpyArray.of(dt, new int[] {rows, cols}, data));
    }
    Path npz = DIR.resolve("haze.npz");
    try {
      Npz.write(npz, arrays);
    } catch (IllegalArgumentException e) {
      return; // not a writable archive (e.g. too few data bytes for a shape, odd key): nothing to test
    }
    npz.toFile().deleteOnExit();
    try {
      HazeWeights.Contents contents = HazeWeights.read(npz);
      contents.toModel();
    } catch (HazeWeightsException | NpyFormatException e) {
      // documented
    }
  }
}
