package orphic.engine.nn;

import orphic.engine.ops.Gelu;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/** A one-block language model built from every layer, for end-to-end tests of the nn package. */
final class TinyLm extends Module {
  final int vocab;
  final Embedding wte;
  final Embedding wpe;
  final LayerNorm ln1;
  final CausalSelfAttention attn;
  final RMSNorm ln2;
  final MLP mlp;
  final Dropout drop;
  final Linear head;

  TinyLm(int vocab, int context, int dim, int heads, boolean attention) {
    this.vocab = vocab;
    wte = child("wte", new Embedding(vocab, dim));
    wpe = child("wpe", new Embedding(context, dim));
    ln1 = child("ln1", new LayerNorm(dim, 1e-5f, true));
    attn = attention ? child("attn", new CausalSelfAttention(dim, heads, true, Init.normal(0.02), Init.scaledResidual(0.02, 1))) : null;
    ln2 = child("ln2", new RMSNorm(dim, 1e-5f));
    mlp = child("mlp", new MLP(dim, 4 * dim, Gelu.Mode.TANH, true, Init.normal(0.02), Init.scaledResidual(0.02, 1)));
    drop = child("drop", new Dropout(0.1f, 5));
    head = child("head", new Linear(dim, vocab, false));
  }

  /** ids [B, T] → mean cross-entropy of predicting targets [B, T] (a scalar). */
  Tensor loss(int[] ids, int[] targets, int b, int t) {
    int[] pos = new int[b * t];
    for (int i = 0; i < pos.length; i++) pos[i] = i % t;
    Tensor x = Ops.add(wte.forward(ids, b, t), wpe.forward(pos, b, t));                 // [B, T, C]
    if (attn != null) x = Ops.add(x, attn.forward(ln1.forward(x)));
    x = Ops.add(x, drop.forward(mlp.forward(ln2.forward(x))));
    Tensor logits = head.forward(x);                                                       // [B, T, V]
    return Ops.crossEntropy(logits.reshape(b * t, vocab), targets, null, 0f);
  }

  static int[] tokens(int n, int vocab, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) out[i] = r.nextInt(vocab);
    return out;
  }
}
