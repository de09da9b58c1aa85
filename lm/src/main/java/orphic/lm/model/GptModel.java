package orphic.lm.model;

import java.util.ArrayList;
import java.util.List;
import orphic.engine.nn.CausalSelfAttention;
import orphic.engine.nn.Dropout;
import orphic.engine.nn.Embedding;
import orphic.engine.nn.Init;
import orphic.engine.nn.LayerNorm;
import orphic.engine.nn.Linear;
import orphic.engine.nn.MLP;
import orphic.engine.nn.Module;
import orphic.engine.ops.CausalAttention;
import orphic.engine.ops.Gelu;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/**
 * The baseline: a pre-LayerNorm GPT (nanoGPT with bias=True and dropout, as in
 * bench/torch_gpt_reference.py).
 *
 * <pre>
 *   x = wte[ids] + wpe[0..T)                                  [B, T, C]
 *   per block: x += attn(ln1(x));  x += mlp(ln2(x))           mlp = proj(GELU_erf(fc(·))), 4·C hidden
 *   logits = head(ln_f(x))                                    [B, T, V]  (head tied to wte optionally)
 * </pre>
 *
 * Init: N(0, σ) weights and embeddings, zero biases, residual projections (attn.wo, mlp.proj)
 * N(0, σ/√(2·layers)), drawn from (seed, parameter name).
 *
 * <p>The poetic options ({@link PoeticOptions}, docs/poetic.md), each absent unless switched on, so
 * with all off the parameters, init and logits are the baseline's: a phonetic adapter
 * ({@code phon.weight} [K, C], added to the token embedding), positional noise/drop (training only),
 * a stochastic attention mask (training only), and style conditioning: {@code style.weight} [S, E]
 * and per block {@code blocks.i.film} and {@code blocks.i.film_mlp} (E → 2C each, zero init) modulating
 * ln1's and ln2's outputs, ln(x)·(1 + γ) + β, so FiLM starts as the identity.
 */
public final class GptModel extends Module implements LanguageModel, StyleConditioned {
  private final ModelConfig config;
  private final Embedding wte;
  private final Embedding wpe;
  private final List<Block> blocks;
  private final LayerNorm lnF;
  private final Linear head; // null when tied
  private final Dropout drop;
  private final int[] positions;
  private AttentionProbe probe;
  private final PoeticOptions poetic;
  private final Embedding style;       // [S, E], null without style conditioning
  private final Embedding phon;        // [K, C], null without the phonetic adapter
  private final int[] phoneticClasses;
  private final SeedStream positionStream; // null without positional noise/drop
  private float[] styleVector;         // the free style (outside training); null = mean of the learned ones
  private int[] rowStyles;             // training: style id per batch row

  /** One pre-norm transformer block: [B, T, C] → [B, T, C]. */
  static final class Block extends Module {
    final LayerNorm ln1;
    final CausalSelfAttention attn;
    final LayerNorm ln2;
    final MLP mlp;
    final Dropout drop;
    final Linear film;          // E → 2C (γ offset, β) for ln1's output, zero init; null without style conditioning
    final Linear filmMlp;       // the same for ln2's output (the MLP's input)
    final SeedStream maskStream; // null without the attention mask
    final float maskDrop;

    Block(ModelConfig c, int index) {
      PoeticOptions po = c.poeticOrNone();
      Init w = Init.normal(c.initStd());
      Init residual = Init.scaledResidual(c.initStd(), c.layers());
      ln1 = child("ln1", new LayerNorm(c.dim(), 1e-5f, c.bias()));
      attn = child("attn", new CausalSelfAttention(c.dim(), c.heads(), c.bias(), w, residual));
      ln2 = child("ln2", new LayerNorm(c.dim(), 1e-5f, c.bias()));
      mlp = child("mlp", new MLP(c.dim(), c.mlpHidden(), Gelu.Mode.ERF, c.bias(), w, residual));
      drop = c.dropout() > 0 ? child("drop", new Dropout(c.dropout(), c.seed() * 31 + index)) : null;
      film = po.styled() ? child("film", new Linear(po.styleDim(), 2 * c.dim(), true, Init.zeros())) : null;
      filmMlp = po.styled() ? child("film_mlp", new Linear(po.styleDim(), 2 * c.dim(), true, Init.zeros())) : null;
      maskDrop = po.attentionDrop();
      maskStream = maskDrop > 0 ? child("attn_mask", new SeedStream(c.seed() * 131 + 7 * index + 3)) : null;
    }

    /** x [B, T, C]; styleRows [B or 1, E] or null. */
    Tensor forward(Tensor x, AttentionProbe probe, int layer, Tensor styleRows) {
      Tensor xn = ln1.forward(x);
      if (film != null) xn = Ops.film(xn, film.forward(styleRows));          // [B, T, C]·(1+γ) + β
      Tensor a;
      if (maskStream != null && isTraining()) {
        a = attn.forward(xn, CausalAttention.Options.NONE.droppingConnections(maskDrop, maskStream.next()));
      } else {
        a = probe == null ? attn.forward(xn) : probed(xn, probe, layer);
      }
      x = Ops.add(x, drop == null ? a : drop.forward(a));
      Tensor xm = ln2.forward(x);
      if (filmMlp != null) xm = Ops.film(xm, filmMlp.forward(styleRows));
      Tensor m = mlp.forward(xm);
      return Ops.add(x, drop == null ? m : drop.forward(m));
    }

    /** attn(xn) as CausalSelfAttention computes it, handing each head's weights [L, L] to the probe. */
    private Tensor probed(Tensor xn, AttentionProbe probe, int layer) {
      CausalAttention.Result r = CausalAttention.forwardWithProbabilities(attn.wq().forward(xn), attn.wk().forward(xn),
          attn.wv().forward(xn), attn.heads(), CausalAttention.Options.NONE.keepingProbabilities());
      Tensor p = r.probabilities(); // [B, H, L, L], contiguous
      int b = p.dim(0), h = p.dim(1), l = p.dim(2);
      for (int s = 0; s < b; s++) {
        for (int k = 0; k < h; k++) probe.onAttention(layer, k, s, l, p.data(), p.offset() + (s * h + k) * l * l);
      }
      return attn.wo().forward(r.output());
    }
  }

  public GptModel(ModelConfig config) {
    if (!config.arch().equals("gpt")) throw new IllegalArgumentException("GptModel needs arch gpt, got " + config.arch());
    this.config = config;
    poetic = config.poeticOrNone();
    Init w = Init.normal(config.initStd());
    wte = child("wte", new Embedding(config.vocabSize(), config.dim(), w));
    wpe = child("wpe", new Embedding(config.context(), config.dim(), w));
    if (poetic.phonetic() && poetic.phoneticClasses() == null) {
      throw new IllegalArgumentException("the phonetic adapter needs the sound class of every token (model.poetic.phoneticClasses, "
          + "which training fills in): compute them with PhoneticClasses.of(tokenizer, K)");
    }
    phoneticClasses = poetic.phonetic() ? poetic.phoneticClasses() : null;
    phon = poetic.phonetic() ? child("phon", new Embedding(poetic.phoneticBuckets(), config.dim(), w)) : null;
    style = poetic.styled() ? child("style", new Embedding(poetic.styles().size(), poetic.styleDim(), Init.normal(1.0))) : null;
    positionStream = poetic.positionNoise() > 0 || poetic.positionDrop() > 0 ? child("pos_noise", new SeedStream(config.seed() * 17 + 5)) : null;
    drop = config.dropout() > 0 ? child("drop", new Dropout(config.dropout(), config.seed())) : null;
    List<Block> list = new ArrayList<>();
    for (int i = 0; i < config.layers(); i++) list.add(new Block(config, i));
    blocks = children("blocks", list);
    lnF = child("ln_f", new LayerNorm(config.dim(), 1e-5f, config.bias()));
    head = config.tieWeights() ? null : child("head", new Linear(config.dim(), config.vocabSize(), false, w));
    positions = new int[config.context()];
    for (int i = 0; i < positions.length; i++) positions[i] = i;
    initialize(config.seed());
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
  public void setAttentionProbe(AttentionProbe probe) {
    this.probe = probe;
  }

  @Override
  public Tensor forward(int[] ids, int batch, int time) {
    if (time > config.context()) {
      throw new IllegalArgumentException("sequence of " + time + " tokens is longer than the model's context " + config.context() + ": slide a window");
    }
    if (ids.length != batch * time) throw new IllegalArgumentException(ids.length + " ids for batch " + batch + " × time " + time);
    Tensor tok = wte.forward(ids, batch, time);                                     // [B, T, C]
    if (phon != null) {
      int[] classes = new int[ids.length];
      for (int i = 0; i < ids.length; i++) classes[i] = phoneticClasses[ids[i]];
      tok = Ops.add(tok, phon.forward(classes, batch, time));                       // + sound class [B, T, C]
    }
    Tensor pos = Ops.embedding(wpe.weight(), time == positions.length ? positions : java.util.Arrays.copyOf(positions, time), time); // [T, C]
    if (positionStream != null && isTraining()) pos = perturbPositions(pos, time);
    Tensor x = Ops.add(tok, pos);
    if (drop != null) x = drop.forward(x);
    Tensor styleRows = style == null ? null : styleRows(batch);                     // [B or 1, E]
    for (int i = 0; i < blocks.size(); i++) x = blocks.get(i).forward(x, probe, i, styleRows);
    x = lnF.forward(x);
    return head != null ? head.forward(x) : Ops.linear(x, wte.weight(), null);      // [B, T, V]
  }

  /**
   * Training only: pos [T, C] → pos·keep + noise, where a share positionDrop of the positions is
   * zeroed (keep = 0, no rescaling) and position t gets N(0, (σ·t/T)²) noise, T the context, all
   * drawn from this call's seed.
   */
  private Tensor perturbPositions(Tensor pos, int time) {
    int c = config.dim();
    java.util.SplittableRandom r = new java.util.SplittableRandom(positionStream.next());
    float sigma = poetic.positionNoise(), share = poetic.positionDrop();
    if (share > 0) {
      Tensor keep = Tensor.empty(time, c); // from the step's arena when one is open: no array per step
      float[] k = keep.data();
      for (int t = 0; t < time; t++) java.util.Arrays.fill(k, keep.offset() + t * c, keep.offset() + t * c + c, r.nextDouble() >= share ? 1f : 0f);
      pos = Ops.mul(pos, keep);
    }
    if (sigma > 0) {
      Tensor noise = Tensor.empty(time, c);
      float[] n = noise.data();
      for (int t = 0; t < time; t++) {
        double std = (double) sigma * t / config.context();
        for (int i = 0; i < c; i++) n[noise.offset() + t * c + i] = (float) (r.nextGaussian() * std);
      }
      pos = Ops.add(pos, noise);
    }
    return pos;
  }

  /** The rows' style vectors: the learned ones of {@link #setRowStyles} in training, else the free vector [1, E]. */
  private Tensor styleRows(int batch) {
    if (isTraining() && rowStyles != null) {
      if (rowStyles.length != batch) {
        throw new IllegalStateException("row styles were set for " + rowStyles.length + " rows but the batch has " + batch);
      }
      return style.forward(rowStyles, batch);                                       // [B, E], learned
    }
    return Tensor.of(style(), 1, poetic.styleDim());
  }

  // ---------------------------------------------------------------- StyleConditioned

  @Override
  public java.util.List<String> styleNames() {
    return poetic.styles();
  }

  @Override
  public float[] styleOf(String name) {
    int i = poetic.styles().indexOf(name);
    if (i < 0) throw new IllegalArgumentException("unknown style '" + name + "': the model knows " + poetic.styles());
    int e = poetic.styleDim();
    float[] out = new float[e];
    Tensor w = style.weight();
    System.arraycopy(w.data(), w.offset() + i * e, out, 0, e);
    return out;
  }

  @Override
  public void setStyle(float[] vector) {
    if (style == null) throw new UnsupportedOperationException("this model has no style conditioning (train with --style-conditioning)");
    if (vector != null && vector.length != poetic.styleDim()) {
      throw new IllegalArgumentException("style vector of " + vector.length + " values; this model's styles have " + poetic.styleDim());
    }
    styleVector = vector == null ? null : vector.clone();
  }

  @Override
  public float[] style() {
    if (style == null) throw new UnsupportedOperationException("this model has no style conditioning (train with --style-conditioning)");
    if (styleVector != null) return styleVector.clone();
    float[] mean = new float[poetic.styleDim()];
    for (String n : poetic.styles()) {
      float[] v = styleOf(n);
      for (int i = 0; i < mean.length; i++) mean[i] += v[i] / poetic.styles().size();
    }
    return mean;
  }

  @Override
  public void setRowStyles(int[] ids) {
    if (ids != null) {
      for (int id : ids) {
        if (id < 0 || id >= poetic.styles().size()) throw new IllegalArgumentException("style id " + id + " outside [0, " + poetic.styles().size() + ")");
      }
    }
    rowStyles = ids == null ? null : ids.clone();
  }
}
