package orphic.engine.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;

/**
 * Concatenation along an axis and its inverse, split. Both copy into contiguous outputs; their
 * backwards copy gradient blocks back.
 *
 * <p>Seen around the axis, a contiguous tensor is [outer, size(axis), inner]: every part
 * contributes one block of size(axis)·inner floats per outer index.
 */
public final class Concat {
  private Concat() {}

  /** parts: equal shapes except along axis (negative counts from the end) → concatenation. */
  public static Tensor concat(List<Tensor> parts, int axis) {
    if (parts == null || parts.isEmpty()) throw new IllegalArgumentException("concat: no tensors given");
    int[] first = parts.get(0).shape();
    int ax = axis(axis, first.length, "concat");
    int[] os = first.clone();
    os[ax] = 0;
    for (Tensor p : parts) {
      int[] s = p.shape();
      boolean fits = s.length == first.length;
      for (int i = 0; fits && i < s.length; i++) fits = i == ax || s[i] == first[i];
      if (!fits) {
        throw new IllegalArgumentException("concat along axis " + axis + ": shapes " + shapes(parts)
            + " must agree on every other axis");
      }
      os[ax] += s[ax];
    }
    int outer = prefix(first, ax), inner = suffix(first, ax);
    List<Tensor> in = new ArrayList<>(parts.size());
    for (Tensor p : parts) in.add(p.contiguous());
    Tensor out = Tensor.empty(os);
    float[] od = out.data();
    int outBlock = os[ax] * inner;
    int at = 0;
    for (Tensor p : in) {
      int block = p.dim(ax) * inner;
      float[] pd = p.data();
      for (int o = 0; o < outer; o++) System.arraycopy(pd, p.offset() + o * block, od, out.offset() + o * outBlock + at, block);
      at += block;
    }
    if (Autograd.needsGrad(in.toArray(new Tensor[0]))) {
      Autograd.record(out, () -> {
        float[] g = out.gradArray();
        int go = out.gradOffset();
        int from = 0;
        for (Tensor p : in) {
          int block = p.dim(ax) * inner;
          if (p.requiresGrad()) addBlocks(g, go + from, outBlock, p.gradArray(), p.gradOffset(), block, outer, block);
          from += block;
        }
      });
    }
    return out;
  }

  /** x split along axis into pieces of the given sizes (which must add up to that axis). */
  public static List<Tensor> split(Tensor x, int axis, int... sizes) {
    int[] xs = x.shape();
    int ax = axis(axis, xs.length, "split");
    long total = 0;
    for (int s : sizes) {
      if (s < 0) throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
      total += s;
    }
    if (total != xs[ax]) {
      throw new IllegalArgumentException("split of " + Arrays.toString(xs) + " along axis " + axis + ": sizes "
          + Arrays.toString(sizes) + " add up to " + total + ", not " + xs[ax]);
    }
    Tensor src = x.contiguous();
    int outer = prefix(xs, ax), inner = suffix(xs, ax);
    int srcBlock = xs[ax] * inner;
    boolean grad = Autograd.needsGrad(src);
    List<Tensor> pieces = new ArrayList<>(sizes.length);
    int from = 0;
    for (int s : sizes) {
      int[] ps = xs.clone();
      ps[ax] = s;
      Tensor piece = Tensor.empty(ps);
      int block = s * inner;
      float[] sd = src.data(), pd = piece.data();
      for (int o = 0; o < outer; o++) System.arraycopy(sd, src.offset() + o * srcBlock + from, pd, piece.offset() + o * block, block);
      if (grad) {
        int start = from;
        Autograd.record(piece, () -> addBlocks(piece.gradArray(), piece.gradOffset(), block,
            src.gradArray(), src.gradOffset() + start, srcBlock, outer, block));
      }
      pieces.add(piece);
      from += block;
    }
    return List.copyOf(pieces);
  }

  /** For each of {@code count} blocks of {@code len} floats: dst block += src block, each side with its own stride. */
  private static void addBlocks(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int count, int len) {
    for (int o = 0; o < count; o++) {
      int s = srcOff + o * srcStride, d = dstOff + o * dstStride;
      for (int j = 0; j < len; j++) dst[d + j] += src[s + j];
    }
  }

  private static int axis(int axis, int rank, String op) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for rank " + rank);
    }
    return a;
  }

  private static int prefix(int[] shape, int axis) {
    int n = 1;
    for (int i = 0; i < axis; i++) n *= shape[i];
    return n;
  }

  private static int suffix(int[] shape, int axis) {
    int n = 1;
    for (int i = axis + 1; i < shape.length; i++) n *= shape[i];
    return n;
  }

  private static String shapes(List<Tensor> parts) {
    StringBuilder sb = new StringBuilder();
    for (Tensor p : parts) sb.append(sb.length() == 0 ? "" : ", ").append(Arrays.toString(p.shape()));
    return sb.toString();
  }
}
