package orphic.engine.ops;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import orphic.engine.autograd.Autograd;
import orphic.engine.kernel.Parallel;
import orphic.engine.tensor.Tensor;

/**
 * Row lookup: out[i] = table[ids[i]]. table [V, C], ids with shape idsShape → [...idsShape, C].
 * Backward scatter-adds each output row's gradient into its table row, positions in order, so a
 * token that occurs many times always sums in the same order.
 */
public final class Embedding {
  private Embedding() {}

  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  /**
   * table [V, C], ids in [0, V) → [...idsShape, C]. An empty {@code idsShape} means [ids.length].
   * The ids array is read now and not kept.
   */
  public static Tensor forward(Tensor table, int[] ids, int... idsShape) {
    if (table.rank() != 2) {
      throw new IllegalArgumentException("embedding: table must be [V, C], got " + Arrays.toString(table.shape()));
    }
    int[] is = idsShape.length == 0 ? new int[] {ids.length} : idsShape.clone();
    long count = 1;
    for (int d : is) {
      if (d < 0) throw new IllegalArgumentException("embedding: negative axis in ids shape " + Arrays.toString(is));
      count *= d;
    }
    if (count != ids.length) {
      throw new IllegalArgumentException("embedding: " + ids.length + " ids do not fill ids shape " + Arrays.toString(is));
    }
    int v = table.dim(0), c = table.dim(1);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= v) {
        throw new IllegalArgumentException("embedding: id " + ids[i] + " at position " + i + " is outside the table's "
            + v + " rows [0, " + v + "); the tokenizer and the model disagree on the vocabulary size");
      }
    }
    // Rows must be unit-stride; any table a caller builds is, but a transposed view is not.
    if (c > 1 && table.strides()[1] != 1) table = table.contiguous();
    Tensor t = table;
    int rowStride = v > 1 ? t.strides()[0] : c;
    int[] os = Arrays.copyOf(is, is.length + 1);
    os[is.length] = c;
    Tensor out = Tensor.empty(os);
    float[] td = t.data(), od = out.data();
    int to = t.offset(), oo = out.offset();
    int[] saved = ids.clone();
    int n = ids.length;
    Parallel.parts(n, n * (long) c < (1 << 16) ? 1 : Parallel.threads(), (p, s, e) -> {
      for (int i = s; i < e; i++) System.arraycopy(td, to + saved[i] * rowStride, od, oo + i * c, c);
    });
    if (Autograd.needsGrad(t)) {
      Autograd.record(out, () -> {
        float[] g = out.gradArray();
        int go = out.gradOffset();
        float[] tg = t.gradArray();
        int tgo = t.gradOffset();
        for (int i = 0; i < n; i++) addRow(g, go + i * c, tg, tgo + saved[i] * rowStride, c);
      });
    }
    return out;
  }

  /** dst[dOff..dOff+c) += src[sOff..sOff+c). */
  private static void addRow(float[] src, int sOff, float[] dst, int dOff, int c) {
    int j = 0;
    for (int bound = F.loopBound(c); j < bound; j += F.length()) {
      FloatVector.fromArray(F, dst, dOff + j).add(FloatVector.fromArray(F, src, sOff + j)).intoArray(dst, dOff + j);
    }
    for (; j < c; j++) dst[dOff + j] += src[sOff + j];
  }
}
