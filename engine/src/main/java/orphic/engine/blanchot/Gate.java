package orphic.engine.blanchot;

import java.util.Arrays;
import orphic.engine.autograd.Autograd;
import orphic.engine.kernel.Parallel;
import orphic.engine.tensor.Tensor;

/**
 * The sigmoid output gate of gated attention (Qiu et al. 2025): y = a ⊙ σ(z), elementwise.
 *
 * <p>Backward: da += g·σ(z), dz += g·a·σ(z)(1 − σ(z)); σ is recomputed from z (nothing saved).
 */
public final class Gate {
  private Gate() {}

  /** Elements per parallel chunk: below this one thread does it all. */
  private static final int GRAIN = 16_384;

  /** a, z: same shape → same shape. */
  public static Tensor forward(Tensor a, Tensor z) {
    if (!Arrays.equals(a.shape(), z.shape())) {
      throw new IllegalArgumentException("gate: value " + Arrays.toString(a.shape()) + " and gate logits " + Arrays.toString(z.shape())
          + " must have the same shape");
    }
    Tensor ac = a.contiguous(), zc = z.contiguous();
    Tensor out = Tensor.empty(ac.shape());
    float[] ad = ac.data(), zd = zc.data(), od = out.data();
    int ao = ac.offset(), zo = zc.offset(), oo = out.offset();
    int n = ac.size();
    over(n, (s, e) -> {
      for (int i = s; i < e; i++) od[oo + i] = ad[ao + i] * sigmoid(zd[zo + i]);
    });
    if (Autograd.needsGrad(ac, zc)) {
      Autograd.record(out, () -> {
        float[] g = out.gradArray();
        int go = out.gradOffset();
        float[] ag = ac.requiresGrad() ? ac.gradArray() : null, zg = zc.requiresGrad() ? zc.gradArray() : null;
        int ago = ag != null ? ac.gradOffset() : 0, zgo = zg != null ? zc.gradOffset() : 0;
        over(n, (s, e) -> {
          for (int i = s; i < e; i++) {
            float sg = sigmoid(zd[zo + i]);
            float gi = g[go + i];
            if (ag != null) ag[ago + i] += gi * sg;
            if (zg != null) zg[zgo + i] += gi * ad[ao + i] * sg * (1f - sg);
          }
        });
      });
    }
    return out;
  }

  /** σ(x) = 1 / (1 + e^{−x}), stable for large |x|. */
  static float sigmoid(float x) {
    if (x >= 0) return (float) (1.0 / (1.0 + Math.exp(-x)));
    double e = Math.exp(x);
    return (float) (e / (1.0 + e));
  }

  private static void over(int n, Parallel.RangeBody task) {
    if (n <= GRAIN) task.run(0, n);
    else Parallel.range(n, task);
  }
}
