package orphic.engine.blanchot;

import java.util.ArrayList;
import java.util.List;
import orphic.engine.nn.Module;
import orphic.engine.tensor.Tensor;

/**
 * "The infinite conversation": a stack of {@link BlanchotianBlock}s, optionally with DenseFormer's
 * depth-weighted averages between them. [B, T, C] → [B, T, C].
 *
 * <pre>
 *   X_0 = input;  X_i = B_i(Y_{i−1});  Y_i = Σ_{j ∈ J_i} α_{i,j} X_j  (i = 1..L);  output Y_L
 *   J_i = { j ≤ i : (i − j) mod dilation = 0, and i − j &lt; window when window &gt; 0 }
 * </pre>
 *
 * α_{i,i} starts at 1 and every other weight at 0, so at initialisation the output equals the plain
 * stack (Y_i = X_i) exactly. Without windows or dilation that adds L(L+3)/2 scalars. Without dense
 * composition Y_i = X_i and there are no α at all.
 */
public final class BlanchotianTransformer extends Module {
  /** Sizes and switches. Defaults: the void on (key and value), everything else off, N(0, 0.02) init. */
  public static final class Builder {
    final int dim;
    final int layers;
    final int heads;
    int mlpHidden;
    boolean bias = true;
    float dropout;
    long dropoutSeed;
    float initStd = 0.02f;
    BlanchotianAttention.VoidMode voidMode = BlanchotianAttention.VoidMode.KEY_VALUE;
    boolean residualScores;
    boolean outputGate;
    boolean dense;
    int denseWindow;
    int denseDilation = 1;

    private Builder(int dim, int layers, int heads) {
      this.dim = dim;
      this.layers = layers;
      this.heads = heads;
      this.mlpHidden = 4 * dim;
    }

    public Builder mlpHidden(int n) {
      mlpHidden = n;
      return this;
    }

    public Builder bias(boolean on) {
      bias = on;
      return this;
    }

    /** Dropout probability on the residual branches; block i draws its masks from seed·31 + i. */
    public Builder dropout(float p, long seed) {
      dropout = p;
      dropoutSeed = seed;
      return this;
    }

    public Builder initStd(float std) {
      initStd = std;
      return this;
    }

    public Builder voidMode(BlanchotianAttention.VoidMode m) {
      voidMode = m == null ? BlanchotianAttention.VoidMode.OFF : m;
      return this;
    }

    public Builder residualScores(boolean on) {
      residualScores = on;
      return this;
    }

    public Builder outputGate(boolean on) {
      outputGate = on;
      return this;
    }

    /** Depth-weighted averaging; window 0 = all earlier outputs, dilation 1 = every one. */
    public Builder dense(boolean on, int window, int dilation) {
      if (window < 0 || dilation < 1) {
        throw new IllegalArgumentException("dense composition needs window >= 0 (0 = all) and dilation >= 1, got " + window + " and " + dilation);
      }
      dense = on;
      denseWindow = window;
      denseDilation = dilation;
      return this;
    }

    public BlanchotianTransformer build() {
      return new BlanchotianTransformer(this);
    }
  }

  /** The weights α_i of one average, over the outputs {@code sources}. */
  private static final class DepthWeights extends Module {
    final int[] sources;
    final Tensor alpha;

    DepthWeights(int[] sources) {
      this.sources = sources;
      float[] init = new float[sources.length];
      init[sources.length - 1] = 1f; // the newest output, X_i: identity
      this.alpha = parameter("alpha", Tensor.of(init, sources.length));
    }
  }

  private final int layers;
  private final List<BlanchotianBlock> blocks;
  private final List<DepthWeights> dwa; // null without dense composition
  private float[][] lastMeanVoidMass;

  public static Builder builder(int dim, int layers, int heads) {
    return new Builder(dim, layers, heads);
  }

  private BlanchotianTransformer(Builder c) {
    if (c.layers < 1) throw new IllegalArgumentException("a transformer needs layers >= 1, got " + c.layers);
    this.layers = c.layers;
    List<BlanchotianBlock> list = new ArrayList<>();
    for (int i = 0; i < c.layers; i++) list.add(new BlanchotianBlock(c, i));
    blocks = children("blocks", list);
    if (c.dense) {
      List<DepthWeights> w = new ArrayList<>();
      for (int i = 1; i <= c.layers; i++) w.add(new DepthWeights(sources(i, c.denseWindow, c.denseDilation)));
      dwa = children("dwa", w);
    } else {
      dwa = null;
    }
  }

  /** J_i in increasing order (i itself last). */
  static int[] sources(int i, int window, int dilation) {
    List<Integer> js = new ArrayList<>();
    for (int j = 0; j <= i; j++) {
      if ((i - j) % dilation == 0 && (window == 0 || i - j < window)) js.add(j);
    }
    return js.stream().mapToInt(Integer::intValue).toArray();
  }

  /** x [B, T, C] → [B, T, C]. */
  public Tensor forward(Tensor x) {
    return forward(x, false);
  }

  /** x [B, T, C] → [B, T, C]; with {@code keepVoidMass}, {@link #lastMeanVoidMass()} is updated. */
  public Tensor forward(Tensor x, boolean keepVoidMass) {
    List<Tensor> outputs = new ArrayList<>(layers + 1);
    outputs.add(x);
    Tensor y = x;
    Tensor scores = null;
    float[][] mass = keepVoidMass ? new float[layers][] : null;
    for (int i = 1; i <= layers; i++) {
      BlanchotianBlock b = blocks.get(i - 1);
      BlanchotianBlock.Result r = b.forward(y, scores, keepVoidMass);
      scores = r.scores();
      if (keepVoidMass) mass[i - 1] = b.attention().lastMeanVoidMass();
      outputs.add(r.output());
      if (dwa == null) {
        y = r.output();
      } else {
        DepthWeights w = dwa.get(i - 1);
        List<Tensor> xs = new ArrayList<>(w.sources.length);
        for (int j : w.sources) xs.add(outputs.get(j));
        y = DepthWeightedAverage.forward(xs, w.alpha);
      }
    }
    if (keepVoidMass) lastMeanVoidMass = mass;
    return y;
  }

  /** Mean void mass [layer][head] of the last forward that kept it, or null if none has. */
  public float[][] lastMeanVoidMass() {
    if (lastMeanVoidMass == null) return null;
    float[][] out = new float[lastMeanVoidMass.length][];
    for (int i = 0; i < out.length; i++) out[i] = lastMeanVoidMass[i].clone();
    return out;
  }

  public List<BlanchotianBlock> blocks() {
    return blocks;
  }

  /** α_i [|J_i|] of the average after block i (1-based), or null without dense composition. */
  public Tensor depthWeights(int i) {
    return dwa == null ? null : dwa.get(i - 1).alpha;
  }

  /** The sources J_i of α_i (1-based i), or null without dense composition. */
  public int[] depthSources(int i) {
    return dwa == null ? null : dwa.get(i - 1).sources.clone();
  }

  public int layers() {
    return layers;
  }
}
