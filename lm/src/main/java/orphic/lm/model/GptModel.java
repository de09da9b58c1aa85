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
 */
public final class GptModel extends Module implements LanguageModel {
  private final ModelConfig config;
  private final Embedding wte;
  private final Embedding wpe;
  private final List<Block> blocks;
  private final LayerNorm lnF;
  private final Linear head; // null when tied
  private final Dropout drop;
  private final int[] positions;
  private AttentionProbe probe;

  /** One pre-norm transformer block: [B, T, C] → [B, T, C]. */
  static final class Block extends Module {
    final LayerNorm ln1;
    final CausalSelfAttention attn;
    final LayerNorm ln2;
    final MLP mlp;
    final Dropout drop;

    Block(ModelConfig c, int index) {
      Init w = Init.normal(c.initStd());
      Init residual = Init.scaledResidual(c.initStd(), c.layers());
      ln1 = child("ln1", new LayerNorm(c.dim(), 1e-5f, c.bias()));
      attn = child("attn", new CausalSelfAttention(c.dim(), c.heads(), c.bias(), w, residual));
      ln2 = child("ln2", new LayerNorm(c.dim(), 1e-5f, c.bias()));
      mlp = child("mlp", new MLP(c.dim(), c.mlpHidden(), Gelu.Mode.ERF, c.bias(), w, residual));
      drop = c.dropout() > 0 ? child("drop", new Dropout(c.dropout(), c.seed() * 31 + index)) : null;
    }

    Tensor forward(Tensor x, AttentionProbe probe, int layer) {
      Tensor a = probe == null ? attn.forward(ln1.forward(x)) : probed(ln1.forward(x), probe, layer);
      x = Ops.add(x, drop == null ? a : drop.forward(a));
      Tensor m = mlp.forward(ln2.forward(x));
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
    Init w = Init.normal(config.initStd());
    wte = child("wte", new Embedding(config.vocabSize(), config.dim(), w));
    wpe = child("wpe", new Embedding(config.context(), config.dim(), w));
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
    Tensor pos = Ops.embedding(wpe.weight(), time == positions.length ? positions : java.util.Arrays.copyOf(positions, time), time); // [T, C]
    Tensor x = Ops.add(tok, pos);
    if (drop != null) x = drop.forward(x);
    for (int i = 0; i < blocks.size(); i++) x = blocks.get(i).forward(x, probe, i);
    x = lnF.forward(x);
    return head != null ? head.forward(x) : Ops.linear(x, wte.weight(), null);      // [B, T, V]
  }
}
