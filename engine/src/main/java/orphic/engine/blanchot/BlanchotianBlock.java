package orphic.engine.blanchot;

import orphic.engine.nn.Dropout;
import orphic.engine.nn.Init;
import orphic.engine.nn.LayerNorm;
import orphic.engine.nn.MLP;
import orphic.engine.nn.Module;
import orphic.engine.ops.Gelu;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/**
 * One pre-LayerNorm block around a {@link BlanchotianAttention}: [B, T, C] → [B, T, C].
 * x += drop(attn(ln1(x))); x += drop(mlp(ln2(x))), with the GPT baseline's names (ln1, attn, ln2,
 * mlp, drop) so that with every option off it is the baseline block.
 */
public final class BlanchotianBlock extends Module {
  private final LayerNorm ln1;
  private final BlanchotianAttention attn;
  private final LayerNorm ln2;
  private final MLP mlp;
  private final Dropout drop;

  /** One forward's output [B, T, C], the attention logits for the next block (or null) and the void mass (or null). */
  public record Result(Tensor output, Tensor scores, Tensor voidMass) {}

  BlanchotianBlock(BlanchotianTransformer.Builder c, int index) {
    Init w = Init.normal(c.initStd);
    Init residual = Init.scaledResidual(c.initStd, c.layers);
    ln1 = child("ln1", new LayerNorm(c.dim, 1e-5f, c.bias));
    attn = child("attn", BlanchotianAttention.builder(c.dim).heads(c.heads).voidMode(c.voidMode)
        .residualScores(c.residualScores).outputGate(c.outputGate).bias(c.bias).init(w, residual).build());
    ln2 = child("ln2", new LayerNorm(c.dim, 1e-5f, c.bias));
    mlp = child("mlp", new MLP(c.dim, c.mlpHidden, Gelu.Mode.ERF, c.bias, w, residual));
    drop = c.dropout > 0 ? child("drop", new Dropout(c.dropout, c.dropoutSeed * 31 + index)) : null;
  }

  /** x [B, T, C], previousScores [B, H, T, T] or null → {@link Result}. */
  public Result forward(Tensor x, Tensor previousScores, boolean keepVoidMass) {
    BlanchotianAttention.Result a = attn.forward(ln1.forward(x), previousScores, keepVoidMass);
    x = Ops.add(x, drop == null ? a.output() : drop.forward(a.output()));
    Tensor m = mlp.forward(ln2.forward(x));
    return new Result(Ops.add(x, drop == null ? m : drop.forward(m)), a.scores(), a.voidMass());
  }

  public BlanchotianAttention attention() {
    return attn;
  }
}
