package orphic.lm.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import orphic.engine.nn.Dropout;
import orphic.engine.nn.Init;
import orphic.engine.nn.LayerNorm;
import orphic.engine.nn.Module;
import orphic.engine.ops.CausalAttention;
import orphic.engine.ops.Gelu;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/**
 * haze's PostGPT (specs/haze.md §4), made trainable: the same forward, with every weight, the
 * layer norms and the hybrid gates learned by back-propagation.
 *
 * <pre>
 *   x = embed[ids] + pos[0..L)                                          [B, L, E]
 *   per block:  h = concat over heads of head_k(LN1(x));  x += h          head_k: [B, L, E] → [B, L, d]
 *               x += GELU_tanh(LN2(x)·W0)·W1                              W0 [E, N], W1 [N, E], no biases
 *   logits = LN_f(x)·W2                                                  [B, L, V], W2 [E, V], untied
 * </pre>
 *
 * Heads (d = E/H), all of one kind per model ({@link ModelConfig#headKind()}):
 * <ul>
 *   <li><b>rrpram</b>: S = x·Wr[:, :L] (the query's content against the key's absolute position,
 *       never the key's content), out = causal_softmax(S)·(x·Wv).
 *   <li><b>content</b>: out = causal_softmax((x·Wq)(x·Wk)ᵀ/√d)·(x·Wv).
 *   <li><b>hybrid</b>: out = g·rrpram(x) + (1 − g)·content(x), with a learned gate g per head,
 *       starting at {@link ModelConfig#alpha()}.
 * </ul>
 * Layer norms use ε = 1e-5 and the population variance; gains start at 1, biases at 0. Every other
 * weight starts N(0, initStd), as haze's 0.02 (no residual scaling). With {@code dropout} > 0,
 * dropout applies to the embedding sum and to each residual branch, as in {@link GptModel}.
 * {@code bias} and {@code tieWeights} of the config do not apply to this architecture.
 *
 * <p><b>Context.</b> The model scores at most T = {@link ModelConfig#context()} positions: the
 * positions are learned and an RRPRAM head has one pattern column per position. A longer text is
 * the caller's to window: full recomputation keeps the last T tokens and recomputes that window
 * for each new token; {@code orphic.lm.generate.IncrementalDecoder} caches within a window and,
 * when it is full, re-encodes the last T/2 tokens at positions 0.. (positions shift as a window
 * slides, so cached rows cannot move to new positions).
 *
 * <p><b>Parameters</b> (state-dict names, used by {@code orphic.lm.haze.HazeWeights}):
 * {@code embed [V, E]}, {@code pos [T, E]}, {@code ln_f.weight|bias [E]}, {@code w2 [E, V]}; per
 * block {@code blocks.b.ln1.weight|bias}, {@code blocks.b.ln2.weight|bias [E]},
 * {@code blocks.b.w0 [E, N]}, {@code blocks.b.w1 [N, E]}; per head
 * {@code blocks.b.heads.h.rrpram.wv [E, d]}, {@code blocks.b.heads.h.rrpram.wr [E, T]},
 * {@code blocks.b.heads.h.content.wq|wk|wv [E, d]}, {@code blocks.b.heads.h.gate [1]} (hybrid):
 * haze's shapes, so its arrays load as they are. The first L columns of {@code wr} are read in
 * place as a strided view (row stride T).
 */
public final class HazeModel extends Module implements LanguageModel {
  private static final float LN_EPS = 1e-5f;

  private final ModelConfig config;
  private final Tensor embed;
  private final Tensor pos;
  private final Dropout drop;
  private final List<Block> blocks;
  private final LayerNorm lnF;
  private final Tensor w2;
  private final int[] positions;
  private AttentionProbe probe;

  /** RRPRAM half of a head: [B, L, E] → [B, L, d]. */
  static final class Rrpram extends Module {
    final Tensor wv;
    final Tensor wr;

    Rrpram(ModelConfig c, Init w) {
      wv = parameter("wv", w, c.dim(), c.headDim());
      wr = parameter("wr", w, c.dim(), c.context());
    }

    /** xn [B, L, E], value weights [E, d] (possibly gated) → [B, L, d]. */
    Tensor forward(Tensor xn, Tensor valueWeights) {
      return Ops.matmul(pattern(xn), Ops.matmul(xn, valueWeights));   // [B, L, d]
    }

    /** The attention pattern: xn [B, L, E] → causal_softmax(xn · Wr[:, :L]) [B, L, L]. */
    Tensor pattern(Tensor xn) {
      int l = xn.dim(1);
      Tensor s = Ops.matmul(xn, firstColumns(wr, l));                // [B, L, L]: x_i · Wr[:, j]
      return Ops.causalSoftmax(s, 1f);
    }
  }

  /** The first n columns of m [R, C] as a view [R, n] (row stride C): no copy. */
  static Tensor firstColumns(Tensor m, int n) {
    return n == m.dim(1) ? m : m.transpose().slice(0, n).transpose();
  }

  /** Content half of a head: its projections; the block runs all heads' attention fused. */
  static final class Content extends Module {
    final Tensor wq;
    final Tensor wk;
    final Tensor wv;

    Content(ModelConfig c, Init w) {
      wq = parameter("wq", w, c.dim(), c.headDim());
      wk = parameter("wk", w, c.dim(), c.headDim());
      wv = parameter("wv", w, c.dim(), c.headDim());
    }
  }

  /** One head's parameters: an RRPRAM half, a content half, or both and a gate. */
  static final class Head extends Module {
    final Rrpram rrpram;
    final Content content;
    final Tensor gate;

    Head(ModelConfig c, Init w) {
      String kind = c.headKind();
      rrpram = kind.equals("content") ? null : child("rrpram", new Rrpram(c, w));
      content = kind.equals("rrpram") ? null : child("content", new Content(c, w));
      gate = kind.equals("hybrid") ? parameter("gate", Init.constant(c.alpha()), 1) : null;
    }
  }

  /** One pre-norm block: [B, L, E] → [B, L, E]. */
  static final class Block extends Module {
    /** The constant 1 of 1 − g. */
    private static final Tensor ONE = Tensor.wrap(new float[] {1f}, 0, 1);

    final LayerNorm ln1;
    final List<Head> heads;
    final LayerNorm ln2;
    final Tensor w0;
    final Tensor w1;
    final Dropout drop;

    Block(ModelConfig c, int index, Init w) {
      ln1 = child("ln1", new LayerNorm(c.dim(), LN_EPS, true));
      List<Head> list = new ArrayList<>();
      for (int h = 0; h < c.heads(); h++) list.add(new Head(c, w));
      heads = children("heads", list);
      ln2 = child("ln2", new LayerNorm(c.dim(), LN_EPS, true));
      w0 = parameter("w0", w, c.dim(), c.mlpHidden());
      w1 = parameter("w1", w, c.mlpHidden(), c.dim());
      drop = c.dropout() > 0 ? child("drop", new Dropout(c.dropout(), c.seed() * 31 + index)) : null;
    }

    Tensor forward(Tensor x, AttentionProbe probe, int layer) {
      Tensor h = attention(ln1.forward(x), probe, layer);
      x = Ops.add(x, drop == null ? h : drop.forward(h));
      Tensor m = Ops.matmul(Ops.gelu(Ops.matmul(ln2.forward(x), w0), Gelu.Mode.TANH), w1);
      return Ops.add(x, drop == null ? m : drop.forward(m));
    }

    /**
     * concat over heads of head_k(xn): xn [B, L, E] → [B, L, H·d], head 0 first. RRPRAM halves run
     * head by head; content halves run together in the fused attention op, their weights
     * concatenated to [E, H·d]. A hybrid head's g·rrpram + (1 − g)·content scales each half's
     * value weights (g·A·(x·Wv) = A·(x·(g·Wv))): E·d multiplies instead of B·L·d.
     */
    Tensor attention(Tensor xn, AttentionProbe probe, int layer) {
      Tensor rr = null, ct = null;
      Tensor[] patterns = probe == null ? null : new Tensor[heads.size()]; // rrpram halves' [B, L, L]
      Tensor contentProbs = null;                                          // [B, H, L, L]
      if (heads.get(0).rrpram != null) {
        List<Tensor> outs = new ArrayList<>(heads.size());
        for (int k = 0; k < heads.size(); k++) {
          Head head = heads.get(k);
          Tensor wv = head.gate == null ? head.rrpram.wv : gated(head.rrpram.wv, head.gate);
          if (patterns == null) {
            outs.add(head.rrpram.forward(xn, wv));
          } else {
            patterns[k] = head.rrpram.pattern(xn).contiguous();
            outs.add(Ops.matmul(patterns[k], Ops.matmul(xn, wv)));
          }
        }
        rr = outs.size() == 1 ? outs.get(0) : Ops.concat(outs, -1);
      }
      if (heads.get(0).content != null) {
        List<Tensor> wq = new ArrayList<>(heads.size()), wk = new ArrayList<>(heads.size()), wv = new ArrayList<>(heads.size());
        for (Head head : heads) {
          wq.add(head.content.wq);
          wk.add(head.content.wk);
          wv.add(head.gate == null ? head.content.wv : gated(head.content.wv, Ops.sub(ONE, head.gate)));
        }
        Tensor q = Ops.matmul(xn, columns(wq)), k = Ops.matmul(xn, columns(wk)), v = Ops.matmul(xn, columns(wv));
        if (probe == null) {
          ct = Ops.causalAttention(q, k, v, heads.size(), CausalAttention.Options.NONE);          // [B, L, H·d]
        } else {
          CausalAttention.Result r = CausalAttention.forwardWithProbabilities(q, k, v, heads.size(),
              CausalAttention.Options.NONE.keepingProbabilities());
          ct = r.output();
          contentProbs = r.probabilities();
        }
      }
      if (probe != null) report(probe, layer, xn.dim(0), xn.dim(1), patterns, contentProbs);
      return rr == null ? ct : ct == null ? rr : Ops.add(rr, ct);
    }

    /** Hands each head's pattern to the probe; a hybrid head's is g·A_rrpram + (1 − g)·A_content. */
    private void report(AttentionProbe probe, int layer, int batch, int l, Tensor[] patterns, Tensor contentProbs) {
      int h = heads.size(), ll = l * l;
      float[] mixed = heads.get(0).gate == null ? null : new float[ll];
      for (int s = 0; s < batch; s++) {
        for (int k = 0; k < h; k++) {
          Head head = heads.get(k);
          Tensor a = patterns == null ? null : patterns[k];
          int co = contentProbs == null ? 0 : contentProbs.offset() + (s * h + k) * ll;
          if (head.gate != null) {
            float g = head.gate.get(0);
            float[] ad = a.data(), cd = contentProbs.data();
            int ao = a.offset() + s * ll;
            for (int i = 0; i < ll; i++) mixed[i] = g * ad[ao + i] + (1 - g) * cd[co + i];
            probe.onAttention(layer, k, s, l, mixed, 0);
          } else if (a != null) {
            probe.onAttention(layer, k, s, l, a.data(), a.offset() + s * ll);
          } else {
            probe.onAttention(layer, k, s, l, contentProbs.data(), co);
          }
        }
      }
    }

    /** [E, d] per head → [E, H·d], head h on columns h·d ..: the fused op's layout. */
    private static Tensor columns(List<Tensor> perHead) {
      return perHead.size() == 1 ? perHead.get(0) : Ops.concat(perHead, 1);
    }

    /** w [E, d] times the one-element g [1] (broadcast through a trailing unit axis). */
    private static Tensor gated(Tensor w, Tensor g) {
      int[] s = w.shape();
      return Ops.mul(w.reshape(s[0], s[1], 1), g).reshape(s[0], s[1]);
    }
  }

  public HazeModel(ModelConfig config) {
    if (!config.arch().equals("haze")) throw new IllegalArgumentException("HazeModel needs arch haze, got " + config.arch());
    this.config = config;
    Init w = Init.normal(config.initStd());
    embed = parameter("embed", w, config.vocabSize(), config.dim());
    pos = parameter("pos", w, config.context(), config.dim());
    drop = config.dropout() > 0 ? child("drop", new Dropout(config.dropout(), config.seed())) : null;
    List<Block> list = new ArrayList<>();
    for (int i = 0; i < config.layers(); i++) list.add(new Block(config, i, w));
    blocks = children("blocks", list);
    lnF = child("ln_f", new LayerNorm(config.dim(), LN_EPS, true));
    w2 = parameter("w2", w, config.dim(), config.vocabSize());
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

  /** ids: B·L token ids, row-major [B, L], 1 ≤ L ≤ T → logits [B, L, V]. */
  @Override
  public Tensor forward(int[] ids, int batch, int time) {
    if (time > config.context()) {
      throw new IllegalArgumentException("sequence of " + time + " tokens is longer than the model's context " + config.context()
          + ": keep the last " + config.context() + " tokens (slide a window)");
    }
    if (time < 1 || batch < 1) throw new IllegalArgumentException("need at least one sequence of one token, got batch " + batch + " × time " + time);
    if (ids.length != batch * time) throw new IllegalArgumentException(ids.length + " ids for batch " + batch + " × time " + time);
    Tensor tok = Ops.embedding(embed, ids, batch, time);                              // [B, L, E]
    Tensor at = Ops.embedding(pos, time == positions.length ? positions : Arrays.copyOf(positions, time), time); // [L, E]
    Tensor x = Ops.add(tok, at);
    if (drop != null) x = drop.forward(x);
    for (int i = 0; i < blocks.size(); i++) x = blocks.get(i).forward(x, probe, i);
    return Ops.matmul(lnF.forward(x), w2);                                            // [B, L, V]
  }
}
