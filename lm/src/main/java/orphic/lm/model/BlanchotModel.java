package orphic.lm.model;

import java.util.Arrays;
import orphic.engine.autograd.Autograd;
import orphic.engine.blanchot.BlanchotianAttention.VoidMode;
import orphic.engine.blanchot.BlanchotianTransformer;
import orphic.engine.blanchot.OrphicEmbedding;
import orphic.engine.nn.Dropout;
import orphic.engine.nn.Embedding;
import orphic.engine.nn.Init;
import orphic.engine.nn.LayerNorm;
import orphic.engine.nn.Linear;
import orphic.engine.nn.Module;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/**
 * The blanchot architecture: the GPT baseline ({@link GptModel}) with the Blanchotian components,
 * each switched by {@link BlanchotOptions} (docs/blanchot.md).
 *
 * <pre>
 *   x = e(ids) + wpe[0..T)          e: wte, or the {@link OrphicEmbedding} (wte + γ·r·solitude)   [B, T, C]
 *   h = {@link BlanchotianTransformer}(x)   blocks of void / residual-score / gated attention, dense composition
 *   logits = head(ln_f(h))                                                                         [B, T, V]
 * </pre>
 *
 * With the backward twin (β &gt; 0), a training forward also runs a small right-to-left model on the
 * reversed ids and sets {@link #auxiliaryLoss()} = CE_twin + β·MSE(g(ln_f(h)_t), sg(twin state that
 * has read x_{t+1..T−1})). The logits never depend on the twin, so no future token reaches them.
 *
 * <p>Outside training every forward records the void mass ({@link VoidMass}). Generation uses full
 * recomputation (no KV cache for this family).
 */
public final class BlanchotModel extends Module implements LanguageModel, AuxiliaryLoss, VoidMass {
  private final ModelConfig config;
  private final BlanchotOptions options;
  private final Embedding wte;         // plain embedding, or null
  private final OrphicEmbedding orphic; // orphic embedding (registered as wte), or null
  private final Embedding wpe;
  private final Dropout drop;
  private final BlanchotianTransformer transformer;
  private final LayerNorm lnF;
  private final Linear head;
  private final BackwardTwin twin;
  private final int[] positions;
  private Tensor lastAuxiliary;
  private float[][] lastVoid;
  private double voidSum;
  private long voidTokens;

  /** The right-to-left twin: its own embeddings, blocks (no void), norm and head, and the map g. */
  static final class BackwardTwin extends Module {
    final Embedding wte;
    final Embedding wpe;
    final BlanchotianTransformer blocks;
    final LayerNorm lnF;
    final Linear head;
    final Linear match;

    BackwardTwin(ModelConfig c, int layers) {
      Init w = Init.normal(c.initStd());
      wte = child("wte", new Embedding(c.vocabSize(), c.dim(), w));
      wpe = child("wpe", new Embedding(c.context(), c.dim(), w));
      blocks = child("transformer", BlanchotianTransformer.builder(c.dim(), layers, c.heads()).mlpHidden(c.mlpHidden()).bias(c.bias())
          .initStd(c.initStd()).voidMode(VoidMode.OFF).build());
      lnF = child("ln_f", new LayerNorm(c.dim(), 1e-5f, c.bias()));
      head = child("head", new Linear(c.dim(), c.vocabSize(), false, w));
      match = child("match", new Linear(c.dim(), c.dim(), true, w));
    }
  }

  public BlanchotModel(ModelConfig config) {
    if (!config.arch().equals("blanchot")) throw new IllegalArgumentException("BlanchotModel needs arch blanchot, got " + config.arch());
    this.config = config;
    this.options = config.blanchot();
    Init w = Init.normal(config.initStd());
    if (options.orphicEmbedding()) {
      orphic = child("wte", new OrphicEmbedding(config.vocabSize(), config.dim(), options.tokenCounts(), options.orphicGamma(), w));
      wte = null;
    } else {
      wte = child("wte", new Embedding(config.vocabSize(), config.dim(), w));
      orphic = null;
    }
    wpe = child("wpe", new Embedding(config.context(), config.dim(), w));
    drop = config.dropout() > 0 ? child("drop", new Dropout(config.dropout(), config.seed())) : null;
    transformer = child("transformer", BlanchotianTransformer.builder(config.dim(), config.layers(), config.heads())
        .mlpHidden(config.mlpHidden()).bias(config.bias()).dropout(config.dropout(), config.seed()).initStd(config.initStd())
        .voidMode(voidMode(options.voidMode())).residualScores(options.residualScores()).outputGate(options.outputGate())
        .dense(options.dense(), options.denseWindow(), options.denseDilation()).build());
    lnF = child("ln_f", new LayerNorm(config.dim(), 1e-5f, config.bias()));
    head = config.tieWeights() ? null : child("head", new Linear(config.dim(), config.vocabSize(), false, w));
    twin = options.backwardTwin() > 0 ? child("twin", new BackwardTwin(config, options.twinLayers())) : null;
    positions = new int[config.context()];
    for (int i = 0; i < positions.length; i++) positions[i] = i;
    initialize(config.seed());
  }

  static VoidMode voidMode(String m) {
    return switch (m) {
      case "off" -> VoidMode.OFF;
      case "sink" -> VoidMode.SINK;
      default -> VoidMode.KEY_VALUE;
    };
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public Module module() {
    return this;
  }

  @Override
  public Tensor forward(int[] ids, int batch, int time) {
    if (time > config.context()) {
      throw new IllegalArgumentException("sequence of " + time + " tokens is longer than the model's context " + config.context() + ": slide a window");
    }
    if (ids.length != batch * time) throw new IllegalArgumentException(ids.length + " ids for batch " + batch + " × time " + time);
    Tensor tok = orphic != null ? orphic.forward(ids, batch, time) : wte.forward(ids, batch, time); // [B, T, C]
    Tensor x = Ops.add(tok, Ops.embedding(wpe.weight(), window(time), time));
    if (drop != null) x = drop.forward(x);
    boolean keepVoid = !isTraining() && options.hasVoid();
    Tensor h = transformer.forward(x, keepVoid);                                        // [B, T, C]
    if (keepVoid) recordVoid(transformer.lastMeanVoidMass(), (long) batch * time);
    Tensor hn = lnF.forward(h);
    Tensor logits = head != null ? head.forward(hn) : Ops.linear(hn, tokenTable(), null); // [B, T, V]
    lastAuxiliary = twin != null && isTraining() && Autograd.isGradEnabled() ? twinLoss(ids, batch, time, hn) : null;
    return logits;
  }

  private int[] window(int time) {
    return time == positions.length ? positions : Arrays.copyOf(positions, time);
  }

  private Tensor tokenTable() {
    return orphic != null ? orphic.weight() : wte.weight();
  }

  /**
   * CE of the twin reading the reversed ids (position s predicts the id before), plus β times the
   * mean squared distance between g(hn_t) and the twin's normed state that has read x_{t+1..T−1},
   * detached (t = 0..T−2). hn: the main model's final normed states [B, T, C].
   */
  private Tensor twinLoss(int[] ids, int b, int t, Tensor hn) {
    int[] rev = new int[ids.length];
    int[] targets = new int[ids.length];
    for (int bi = 0; bi < b; bi++) {
      for (int s = 0; s < t; s++) rev[bi * t + s] = ids[bi * t + t - 1 - s];
      for (int s = 0; s < t; s++) targets[bi * t + s] = s + 1 < t ? ids[bi * t + t - 2 - s] : -1;
    }
    Tensor z = Ops.add(twin.wte.forward(rev, b, t), Ops.embedding(twin.wpe.weight(), window(t), t));
    Tensor hb = twin.lnF.forward(twin.blocks.forward(z));                                 // [B, T, C], reversed time
    Tensor twinLogits = twin.head.forward(hb);
    Tensor ce = Ops.crossEntropy(twinLogits.reshape(b * t, config.vocabSize()), targets, null, 0f);
    if (t < 2) return ce;
    Tensor g = twin.match.forward(hn);                                                  // [B, T, C]
    int c = config.dim();
    float[] target = new float[b * t * c];
    Tensor hbc = hb.contiguous(), gc = g.contiguous();
    float[] hd = hbc.data(), gd = gc.data();
    for (int bi = 0; bi < b; bi++) {
      for (int ti = 0; ti < t; ti++) {
        int dst = (bi * t + ti) * c;
        if (ti + 1 < t) {
          // twin position s = T−2−t has read reversed ids 0..s = x_{t+1..T−1}
          System.arraycopy(hd, hbc.offset() + (bi * t + (t - 2 - ti)) * c, target, dst, c);
        } else {
          System.arraycopy(gd, gc.offset() + dst, target, dst, c); // no future after the last position: zero difference
        }
      }
    }
    Tensor diff = Ops.sub(g, Tensor.of(target, b, t, c));
    Tensor mse = Ops.scale(Ops.sum(Ops.mul(diff, diff)), 1f / ((float) b * (t - 1) * c));
    return Ops.add(ce, Ops.scale(mse, options.backwardTwin()));
  }

  private void recordVoid(float[][] mass, long tokens) {
    lastVoid = mass;
    double s = 0;
    int n = 0;
    for (float[] layer : mass) {
      for (float m : layer) {
        s += m;
        n++;
      }
    }
    if (n > 0) {
      voidSum += s / n * tokens;
      voidTokens += tokens;
    }
  }

  @Override
  public Tensor auxiliaryLoss() {
    return lastAuxiliary;
  }

  @Override
  public float[][] lastMeanVoidMass() {
    if (lastVoid == null) return null;
    float[][] out = new float[lastVoid.length][];
    for (int i = 0; i < out.length; i++) out[i] = lastVoid[i].clone();
    return out;
  }

  @Override
  public void resetVoidMass() {
    voidSum = 0;
    voidTokens = 0;
  }

  @Override
  public double meanVoidMass() {
    return voidTokens == 0 ? Double.NaN : voidSum / voidTokens;
  }

  public BlanchotOptions options() {
    return options;
  }

  public BlanchotianTransformer transformer() {
    return transformer;
  }
}
