package orphic.lm.haze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import orphic.engine.autograd.Autograd;
import orphic.engine.io.DType;
import orphic.engine.io.NpyArray;
import orphic.engine.io.NpyFormatException;
import orphic.engine.io.Npz;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.HazeModel;
import orphic.lm.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HazeWeightsTest {
  @TempDir Path dir;

  static final int V = 9, T = 8, E = 12, N = 20, BLOCKS = 2, HEADS = 3, D = E / HEADS;

  static ModelConfig config(String kind) {
    return new ModelConfig("haze", V, T, E, BLOCKS, HEADS, N, false, false, 0f, kind, 0.3f, 0.02f, 5);
  }

  static float[] logits(HazeModel model, int[] ids, int batch, int time) {
    try (var ng = Autograd.noGrad()) {
      return model.forward(ids, batch, time).toArray();
    }
  }

  static final int[] IDS = {3, 1, 4, 1, 5, 0, 2, 6, 8, 7, 0, 0, 2, 3, 8, 4};

  @Test
  void exportThenImportGivesIdenticalLogitsForEveryHeadKind() throws IOException {
    for (String kind : new String[] {"rrpram", "content", "hybrid"}) {
      HazeModel model = new HazeModel(config(kind));
      HazeReference.randomize(model, kind.length());
      Path file = dir.resolve(kind + ".npz");
      HazeWeights.write(model, file);
      HazeWeights.Contents back = HazeWeights.read(file);
      assertThat(back.layout()).isEqualTo(HazeWeights.Layout.COMPLETE);
      ModelConfig c = back.config();
      assertThat(new int[] {c.vocabSize(), c.context(), c.dim(), c.mlpHidden(), c.layers(), c.heads()})
          .containsExactly(V, T, E, N, BLOCKS, HEADS);
      assertThat(c.headKind()).isEqualTo(kind);
      assertThat(c.alpha()).isEqualTo(0.3f);
      HazeModel loaded = back.toModel();
      assertThat(logits(loaded, IDS, 2, T)).as(kind).containsExactly(logits(model, IDS, 2, T));

      Map<String, NpyArray> arrays = Npz.read(file);
      assertThat(arrays.get("meta.T").dtype()).isEqualTo(DType.I64);
      assertThat(arrays.get("meta.T").shape()).isEmpty();
      assertThat(arrays.get("meta.alpha").dtype()).isEqualTo(DType.F64);
      assertThat(arrays.get("blocks.1.ln2.gamma").shape()).containsExactly(E);
      assertThat(arrays.get("embed").dtype()).isEqualTo(DType.F32);
      if (!kind.equals("content")) assertThat(arrays.get("blocks.1.heads.2.rrpram.wr").shape()).containsExactly(E, T);
      if (kind.equals("hybrid")) assertThat(arrays.get("blocks.0.heads.1.gate").shape()).containsExactly(1);
      else assertThat(arrays).doesNotContainKey("blocks.0.heads.1.gate");
    }
  }

  /** Random arrays under haze's own key names, as its save_theweightofhaze writes them. */
  static LinkedHashMap<String, NpyArray> hazeOwnLayout(long seed, int vocab) {
    LinkedHashMap<String, NpyArray> a = new LinkedHashMap<>();
    String[] names = {"T", "n_emb", "nodes", "n_blocks", "n_heads", "vocab_size"};
    int[] values = {T, E, N, BLOCKS, HEADS, vocab};
    for (int i = 0; i < names.length; i++) a.put(names[i], NpyArray.ofScalar((long) values[i]));
    a.put("embed", random(seed++, vocab, E));
    a.put("pos", random(seed++, T, E));
    for (int b = 0; b < BLOCKS; b++) {
      for (int h = 0; h < HEADS; h++) {
        a.put("blocks." + b + ".heads." + h + ".wv", random(seed++, E, D));
        a.put("blocks." + b + ".heads." + h + ".wr", random(seed++, E, T));
      }
      a.put("blocks." + b + ".w0", random(seed++, E, N));
      a.put("blocks." + b + ".w1", random(seed++, N, E));
    }
    a.put("w2", random(seed, E, vocab));
    return a;
  }

  static NpyArray random(long seed, int... shape) {
    return NpyArray.ofTensor(Tensor.randn(seed, 0.5f, shape));
  }

  @Test
  void hazeOwnLayoutLoadsAsAnRrpramModelThatMatchesTheReference() throws IOException {
    LinkedHashMap<String, NpyArray> arrays = hazeOwnLayout(100, V);
    // haze casts whatever it reads to float32: a float64 array must load too.
    arrays.put("pos", NpyArray.ofDoubles(toDoubles(arrays.get("pos").toFloatArray()), T, E));
    Path file = dir.resolve("haze.npz");
    Npz.writeCompressed(file, arrays); // numpy.savez_compressed
    HazeWeights.Contents contents = HazeWeights.read(file);
    assertThat(contents.layout()).isEqualTo(HazeWeights.Layout.HAZE);
    assertThat(contents.config().headKind()).isEqualTo("rrpram");
    HazeModel model = contents.toModel();
    assertThat(model.stateDict().get("blocks.1.ln2.weight").toArray()).containsOnly(1f);
    assertThat(model.stateDict().get("ln_f.bias").toArray()).containsOnly(0f);

    Map<String, double[]> reference = new LinkedHashMap<>();
    for (var e : arrays.entrySet()) {
      String key = e.getKey().replaceAll("heads\\.(\\d+)\\.(wv|wr)$", "heads.$1.rrpram.$2");
      reference.put(key, e.getValue().toDoubleArray());
    }
    for (int time : new int[] {T, 3}) {
      float[] got = logits(model, java.util.Arrays.copyOf(IDS, time), 1, time);
      double[][] want = HazeReference.logits(contents.config(), reference, java.util.Arrays.copyOf(IDS, time));
      for (int i = 0; i < time; i++) for (int k = 0; k < V; k++) {
        assertThat(Math.abs(got[i * V + k] - want[i][k])).as("L=%d, position %d, id %d", time, i, k).isLessThan(5e-5);
      }
    }
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }

  /** Writes haze's layout with one change and returns the message of the read's failure. */
  private String failure(Consumer<LinkedHashMap<String, NpyArray>> change) throws IOException {
    LinkedHashMap<String, NpyArray> arrays = hazeOwnLayout(7, V);
    change.accept(arrays);
    Path file = dir.resolve("bad.npz");
    Npz.write(file, arrays);
    try {
      HazeWeights.read(file);
    } catch (HazeWeightsException e) {
      assertThat(e.getMessage()).contains(file.toString());
      return e.getMessage();
    }
    throw new AssertionError("the read did not fail");
  }

  @Test
  void malformedFilesNameTheKeyAndWhatWasExpected() throws IOException {
    assertThat(failure(a -> a.remove("blocks.1.heads.0.wr"))).contains("missing key 'blocks.1.heads.0.wr'").contains("(12, 8)");
    assertThat(failure(a -> a.put("embed", NpyArray.ofInts(new int[V * E], V, E))))
        .contains("key 'embed': dtype int32, expected float32");
    assertThat(failure(a -> a.put("pos", random(1, T + 1, E)))).contains("key 'pos': shape (9, 12), expected (8, 12)");
    assertThat(failure(a -> a.put("blocks.0.w1", random(1, E, N)))).contains("key 'blocks.0.w1': shape (12, 20), expected (20, 12)");
    assertThat(failure(a -> a.put("T", NpyArray.ofScalar(8.0)))).contains("key 'T': dtype float64, expected int64");
    assertThat(failure(a -> a.put("n_heads", NpyArray.ofLongs(new long[] {3, 3}, 2)))).contains("key 'n_heads': shape (2,), expected a 0-d");
    assertThat(failure(a -> a.remove("vocab_size"))).contains("missing key 'vocab_size'");
    assertThat(failure(a -> a.put("n_heads", NpyArray.ofScalar(5L)))).contains("'n_emb' = 12 is not divisible by key 'n_heads' = 5");
    assertThat(failure(a -> a.put("nodes", NpyArray.ofScalar(0L)))).contains("key 'nodes' is 0");
    assertThat(failure(a -> a.put("blocks.2.w0", random(1, E, N)))).contains("unexpected key 'blocks.2.w0'");
    // vocab_size disagreeing with the arrays is a shape problem of embed and w2, both reported.
    assertThat(failure(a -> a.put("vocab_size", NpyArray.ofScalar(10L))))
        .contains("2 problems").contains("key 'embed': shape (9, 12), expected (10, 12)").contains("key 'w2': shape (12, 9), expected (12, 10)");
    assertThat(failure(a -> {
      a.remove("T");
      a.put("x", NpyArray.ofScalar(1L));
    })).contains("neither key 'meta.T'").contains("'T'");
  }

  @Test
  void malformedCompleteFilesToo() throws IOException {
    HazeModel model = new HazeModel(config("hybrid"));
    Path file = dir.resolve("complete.npz");
    LinkedHashMap<String, NpyArray> arrays = HazeWeights.toArrays(model);
    arrays.remove("blocks.0.heads.2.gate");
    arrays.put("meta.alpha", NpyArray.ofScalar(0.3));
    arrays.remove("ln_f.beta");
    Npz.write(file, arrays);
    assertThatThrownBy(() -> HazeWeights.read(file)).isInstanceOf(HazeWeightsException.class)
        .hasMessageContaining("missing key 'blocks.0.heads.2.gate' (float32 (1,))").hasMessageContaining("missing key 'ln_f.beta'");
    LinkedHashMap<String, NpyArray> noHeads = HazeWeights.toArrays(model);
    noHeads.keySet().removeIf(k -> k.contains(".heads."));
    Npz.write(file, noHeads);
    assertThatThrownBy(() -> HazeWeights.read(file)).hasMessageContaining("missing key 'blocks.0.heads.0.rrpram.wv'");
    LinkedHashMap<String, NpyArray> noAlpha = HazeWeights.toArrays(model);
    noAlpha.remove("meta.alpha");
    Npz.write(file, noAlpha);
    assertThatThrownBy(() -> HazeWeights.read(file)).hasMessageContaining("missing key 'meta.alpha'");
  }

  @Test
  void aFileThatIsNotAZipIsAFormatError() throws IOException {
    Path file = dir.resolve("not.npz");
    Files.writeString(file, "this is not a zip archive");
    assertThatThrownBy(() -> HazeWeights.read(file)).isInstanceOf(NpyFormatException.class).hasMessageContaining("not a valid zip");
  }
}
