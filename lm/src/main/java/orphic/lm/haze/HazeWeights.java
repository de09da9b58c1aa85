package orphic.lm.haze;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import orphic.engine.io.DType;
import orphic.engine.io.NpyArray;
import orphic.engine.io.Npz;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.HazeModel;
import orphic.lm.model.ModelConfig;

/**
 * haze's weight files (.npz, a zip of .npy arrays): reads both layouts, writes the complete one.
 *
 * <ul>
 *   <li><b>haze's own</b> (specs/haze.md §7, what {@code save_theweightofhaze} writes): int 0-d
 *       {@code T n_emb nodes n_blocks n_heads vocab_size}; {@code embed (V,E)}, {@code pos (T,E)},
 *       {@code w2 (E,V)}, {@code blocks.b.w0 (E,N)}, {@code blocks.b.w1 (N,E)},
 *       {@code blocks.b.heads.h.wv (E,d)}, {@code blocks.b.heads.h.wr (E,T)}. RRPRAM heads only; no
 *       layer norms (they load as gain 1, bias 0, as haze itself does).
 *   <li><b>complete</b> (docs/architecture.md): the same sizes under {@code meta.*}, plus
 *       {@code meta.alpha} (float64 0-d), {@code ln_f.gamma|beta (E)}, per block
 *       {@code ln1.gamma|beta}, {@code ln2.gamma|beta}, and per head {@code rrpram.wv},
 *       {@code rrpram.wr}, {@code content.wq|wk|wv}, {@code gate (1,)} as the head kind needs. The
 *       kind is read from the keys of head 0 of block 0: rrpram and content arrays → hybrid.
 * </ul>
 *
 * Weights may be stored as any float type (they are converted to float32, as haze does); sizes
 * as any integer type. Reading checks every key, dtype and shape against the sizes and reports all
 * problems at once in a {@link HazeWeightsException}; a broken archive is an
 * {@link orphic.engine.io.NpyFormatException}. Writing uses numpy's dtypes: float32 weights,
 * int64 sizes, float64 alpha.
 */
public final class HazeWeights {
  private HazeWeights() {}

  /** The two key layouts. */
  public enum Layout {
    /** haze's {@code save_theweightofhaze}: RRPRAM heads only, no layer norms, no gates. */
    HAZE,
    /** Ours: every trained array, sizes under {@code meta.*}. */
    COMPLETE
  }

  /**
   * A weight file read and checked.
   *
   * @param layout the layout it was written in
   * @param config the architecture it describes (arch haze, seed 42, no dropout)
   * @param state  every parameter of that architecture under {@link HazeModel}'s names
   */
  public record Contents(Layout layout, ModelConfig config, LinkedHashMap<String, Tensor> state) {
    /** A model with these weights. */
    public HazeModel toModel() {
      HazeModel model = new HazeModel(config);
      model.loadStateDict(state);
      return model;
    }
  }

  /** One array: its key in the file, the parameter it fills, its shape. */
  private record Entry(String key, String parameter, int[] shape) {}

  /** Problems listed in one message; a wholly different file would otherwise list every key. */
  private static final int MAX_LISTED = 12;

  private static final String[] SIZES = {"T", "n_emb", "nodes", "n_blocks", "n_heads", "vocab_size"};

  /** Reads and checks {@code npz} (either layout). */
  public static Contents read(Path npz) throws IOException {
    LinkedHashMap<String, NpyArray> arrays = Npz.read(npz);
    Layout layout;
    if (arrays.containsKey("meta.T")) {
      layout = Layout.COMPLETE;
    } else if (arrays.containsKey("T")) {
      layout = Layout.HAZE;
    } else {
      throw new HazeWeightsException(npz + ": not a haze weight file: it has neither key 'meta.T' (complete layout) nor 'T'"
          + " (haze's own layout); its keys are " + describeKeys(arrays.keySet()));
    }
    String prefix = layout == Layout.COMPLETE ? "meta." : "";
    int[] size = new int[SIZES.length];
    for (int i = 0; i < SIZES.length; i++) size[i] = count(npz, arrays, prefix + SIZES[i]);
    int t = size[0], e = size[1], n = size[2], blocks = size[3], heads = size[4], v = size[5];
    if (e % heads != 0) {
      throw new HazeWeightsException(npz + ": key '" + prefix + "n_emb' = " + e + " is not divisible by key '" + prefix
          + "n_heads' = " + heads + ": each head needs n_emb / n_heads channels");
    }
    double alpha = layout == Layout.COMPLETE ? real(npz, arrays, "meta.alpha") : 0.5;
    String kind = layout == Layout.HAZE ? "rrpram" : headKind(npz, arrays);
    ModelConfig config = new ModelConfig("haze", v, t, e, blocks, heads, n, false, false, 0f, kind, (float) alpha, 0.02f, 42);

    // Every head of every block has arrays of its own: sizes asking for more than the file holds are
    // corrupt, and listing the expected keys of 2^24 blocks × 2^24 heads would never finish.
    if ((long) blocks * heads > arrays.size()) {
      throw new HazeWeightsException(npz + ": key '" + prefix + "n_blocks' = " + blocks + " and key '" + prefix + "n_heads' = " + heads
          + " need at least " + (long) blocks * heads + " arrays, but the file has " + arrays.size() + ": the sizes are corrupt");
    }
    List<Entry> entries = entries(config, layout);
    List<String> problems = new ArrayList<>();
    Set<String> expected = new LinkedHashSet<>();
    for (String s : SIZES) expected.add(prefix + s);
    if (layout == Layout.COMPLETE) expected.add("meta.alpha");
    LinkedHashMap<String, Tensor> state = new LinkedHashMap<>();
    for (Entry entry : entries) {
      expected.add(entry.key());
      NpyArray a = arrays.get(entry.key());
      if (a == null) {
        problems.add("missing key '" + entry.key() + "' (float32 " + shape(entry.shape()) + ")");
      } else if (!a.dtype().isFloatingPoint()) {
        problems.add("key '" + entry.key() + "': dtype " + dtypeName(a.dtype()) + ", expected float32");
      } else if (!Arrays.equals(a.shape(), entry.shape())) {
        problems.add("key '" + entry.key() + "': shape " + shape(a.shape()) + ", expected " + shape(entry.shape()));
      } else {
        state.put(entry.parameter(), a.toTensor());
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (String k : arrays.keySet()) if (!expected.contains(k)) unexpected.add("'" + k + "'");
    if (!unexpected.isEmpty()) {
      problems.add("unexpected key" + (unexpected.size() == 1 ? " " : "s ") + String.join(", ", unexpected.subList(0, Math.min(8, unexpected.size())))
          + (unexpected.size() > 8 ? " and " + (unexpected.size() - 8) + " more" : "") + " (not part of a " + kind + " model with these sizes)");
    }
    if (!problems.isEmpty()) {
      throw new HazeWeightsException(npz + " (" + layout.name().toLowerCase(java.util.Locale.ROOT) + " layout, " + describe(config) + "): "
          + (problems.size() == 1 ? problems.get(0) : problems.size() + " problems:\n  "
          + String.join("\n  ", problems.subList(0, Math.min(MAX_LISTED, problems.size())))
          + (problems.size() > MAX_LISTED ? "\n  … and " + (problems.size() - MAX_LISTED) + " more" : "")));
    }
    if (layout == Layout.HAZE) {
      // haze never stores its layer norms: they are fixed at gain 1, bias 0.
      for (int b = 0; b < blocks; b++) {
        for (String ln : new String[] {"ln1", "ln2"}) putNorm(state, "blocks." + b + "." + ln, e);
      }
      putNorm(state, "ln_f", e);
    }
    return new Contents(layout, config, state);
  }

  /** Reads {@code npz} into a model. */
  public static HazeModel load(Path npz) throws IOException {
    return read(npz).toModel();
  }

  /** Writes {@code model} to {@code npz} in the complete layout (atomically, stored members). */
  public static void write(HazeModel model, Path npz) throws IOException {
    Npz.write(npz, toArrays(model));
  }

  /** The complete-layout arrays of {@code model}, in file order. */
  public static LinkedHashMap<String, NpyArray> toArrays(HazeModel model) {
    ModelConfig c = model.config();
    LinkedHashMap<String, NpyArray> out = new LinkedHashMap<>();
    int[] size = {c.context(), c.dim(), c.mlpHidden(), c.layers(), c.heads(), c.vocabSize()};
    for (int i = 0; i < SIZES.length; i++) out.put("meta." + SIZES[i], NpyArray.ofScalar((long) size[i]));
    // The float's shortest decimal (0.3, not 0.30000001192092896): what the user typed.
    out.put("meta.alpha", NpyArray.ofScalar(Double.parseDouble(Float.toString(c.alpha()))));
    Map<String, Tensor> state = model.stateDict();
    for (Entry entry : entries(c, Layout.COMPLETE)) {
      Tensor t = state.get(entry.parameter());
      if (t == null || !Arrays.equals(t.shape(), entry.shape())) {
        throw new IllegalStateException("HazeModel parameter '" + entry.parameter() + "' is " + (t == null ? "missing" : shape(t.shape()))
            + ", expected " + shape(entry.shape()) + ": HazeWeights and HazeModel disagree");
      }
      out.put(entry.key(), NpyArray.ofTensor(t));
    }
    return out;
  }

  // ---------------------------------------------------------------- layout

  /** Every weight array of the layout for {@code c}, in file order. */
  private static List<Entry> entries(ModelConfig c, Layout layout) {
    int v = c.vocabSize(), t = c.context(), e = c.dim(), n = c.mlpHidden(), d = c.headDim();
    boolean complete = layout == Layout.COMPLETE;
    boolean rr = !c.headKind().equals("content"), ct = !c.headKind().equals("rrpram"), gate = c.headKind().equals("hybrid");
    List<Entry> list = new ArrayList<>();
    list.add(new Entry("embed", "embed", new int[] {v, e}));
    list.add(new Entry("pos", "pos", new int[] {t, e}));
    for (int b = 0; b < c.layers(); b++) {
      String p = "blocks." + b + ".";
      if (complete) addNorm(list, p + "ln1", e);
      for (int h = 0; h < c.heads(); h++) {
        String hp = p + "heads." + h + ".";
        String file = complete ? hp + "rrpram." : hp;
        if (rr) {
          list.add(new Entry(file + "wv", hp + "rrpram.wv", new int[] {e, d}));
          list.add(new Entry(file + "wr", hp + "rrpram.wr", new int[] {e, t}));
        }
        if (ct) {
          for (String w : new String[] {"wq", "wk", "wv"}) list.add(new Entry(hp + "content." + w, hp + "content." + w, new int[] {e, d}));
        }
        if (gate) list.add(new Entry(hp + "gate", hp + "gate", new int[] {1}));
      }
      if (complete) addNorm(list, p + "ln2", e);
      list.add(new Entry(p + "w0", p + "w0", new int[] {e, n}));
      list.add(new Entry(p + "w1", p + "w1", new int[] {n, e}));
    }
    if (complete) addNorm(list, "ln_f", e);
    list.add(new Entry("w2", "w2", new int[] {e, v}));
    return list;
  }

  /** A layer norm's gain and bias: gamma/beta in the file, weight/bias in the model. */
  private static void addNorm(List<Entry> list, String name, int e) {
    list.add(new Entry(name + ".gamma", name + ".weight", new int[] {e}));
    list.add(new Entry(name + ".beta", name + ".bias", new int[] {e}));
  }

  /** The head kind of a complete-layout file, from the arrays of block 0, head 0. */
  private static String headKind(Path npz, Map<String, NpyArray> arrays) throws HazeWeightsException {
    String h = "blocks.0.heads.0.";
    boolean rr = arrays.containsKey(h + "rrpram.wv") || arrays.containsKey(h + "rrpram.wr");
    boolean ct = arrays.containsKey(h + "content.wq") || arrays.containsKey(h + "content.wk") || arrays.containsKey(h + "content.wv");
    if (rr && ct) return "hybrid";
    if (rr) return "rrpram";
    if (ct) return "content";
    throw new HazeWeightsException(npz + ": missing key '" + h + "rrpram.wv' (rrpram or hybrid heads) or '" + h
        + "content.wq' (content heads): the file holds no attention heads");
  }

  private static void putNorm(Map<String, Tensor> state, String name, int e) {
    state.put(name + ".weight", Tensor.full(1f, e));
    state.put(name + ".bias", Tensor.zeros(e));
  }

  // ---------------------------------------------------------------- scalars

  /** A positive size stored as a one-element integer array. */
  private static int count(Path npz, Map<String, NpyArray> arrays, String key) throws HazeWeightsException {
    NpyArray a = scalar(npz, arrays, key, "int64");
    if (a.dtype().isFloatingPoint() || a.dtype() == DType.BOOL) {
      throw new HazeWeightsException(npz + ": key '" + key + "': dtype " + dtypeName(a.dtype()) + ", expected int64 (a 0-d integer)");
    }
    long value = a.toLongArray()[0];
    if (value < 1 || value > 1 << 24) {
      throw new HazeWeightsException(npz + ": key '" + key + "' is " + value + "; expected a size between 1 and " + (1 << 24));
    }
    return (int) value;
  }

  /** A finite real stored as a one-element numeric array. */
  private static double real(Path npz, Map<String, NpyArray> arrays, String key) throws HazeWeightsException {
    NpyArray a = scalar(npz, arrays, key, "float64");
    if (a.dtype() == DType.BOOL) throw new HazeWeightsException(npz + ": key '" + key + "': dtype bool, expected float64 (a 0-d number)");
    double value = a.toDoubleArray()[0];
    if (!Double.isFinite(value)) throw new HazeWeightsException(npz + ": key '" + key + "' is " + value + "; expected a finite number");
    return value;
  }

  private static NpyArray scalar(Path npz, Map<String, NpyArray> arrays, String key, String dtype) throws HazeWeightsException {
    NpyArray a = arrays.get(key);
    if (a == null) throw new HazeWeightsException(npz + ": missing key '" + key + "' (" + dtype + " 0-d)");
    if (a.size() != 1) {
      throw new HazeWeightsException(npz + ": key '" + key + "': shape " + shape(a.shape()) + ", expected a 0-d " + dtype + " scalar");
    }
    return a;
  }

  // ---------------------------------------------------------------- messages

  /** numpy's dtype name ({@code float32}, {@code int64}). */
  private static String dtypeName(DType t) {
    return switch (t) {
      case BOOL -> "bool";
      case U8 -> "uint8";
      case I8 -> "int8";
      case U16 -> "uint16";
      case I16 -> "int16";
      case U32 -> "uint32";
      case I32 -> "int32";
      case U64 -> "uint64";
      case I64 -> "int64";
      case F16 -> "float16";
      case F32 -> "float32";
      case F64 -> "float64";
      default -> t.name();
    };
  }

  /** numpy's shape notation: (), (5,), (64, 32). */
  private static String shape(int[] s) {
    if (s.length == 1) return "(" + s[0] + ",)";
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < s.length; i++) sb.append(i == 0 ? "" : ", ").append(s[i]);
    return sb.append(')').toString();
  }

  private static String describe(ModelConfig c) {
    return c.headKind() + " heads, T " + c.context() + ", E " + c.dim() + ", N " + c.mlpHidden() + ", " + c.layers() + " blocks, "
        + c.heads() + " heads, V " + c.vocabSize();
  }

  private static String describeKeys(Set<String> keys) {
    List<String> list = new ArrayList<>(keys);
    String shown = String.join(", ", list.subList(0, Math.min(10, list.size())));
    return list.isEmpty() ? "none" : "[" + shown + (list.size() > 10 ? ", … " + (list.size() - 10) + " more" : "") + "]";
  }
}
