package orphic.engine.tensor;

import java.util.Arrays;

/** Small helpers for row-major shapes and strides. */
public final class Shape {
  private Shape() {}

  public static int size(int[] shape) {
    long n = 1;
    for (int d : shape) n *= d;
    if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31 elements");
    return (int) n;
  }

  static int[] check(int[] shape) {
    for (int d : shape) {
      if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
    }
    return shape.clone();
  }

  public static int[] contiguousStrides(int[] shape) {
    int[] st = new int[shape.length];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      st[i] = s;
      s *= shape[i];
    }
    return st;
  }

  static boolean isContiguous(int[] shape, int[] strides) {
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && strides[i] != s) return false;
      s *= shape[i];
    }
    return true;
  }

  /** Resolves one -1 entry so the shape holds {@code size} elements. */
  static int[] infer(int[] shape, int size) {
    int[] s = shape.clone();
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        if (unknown >= 0) throw new IllegalArgumentException("only one -1 allowed in " + Arrays.toString(shape));
        unknown = i;
      } else if (s[i] < 0) {
        throw new IllegalArgumentException("bad dimension in " + Arrays.toString(shape));
      } else {
        known *= s[i];
      }
    }
    if (unknown >= 0) {
      if (known == 0 || size % known != 0) throw new IllegalArgumentException("cannot reshape " + size + " elements to " + Arrays.toString(shape));
      s[unknown] = (int) (size / known);
    } else if (known != size) {
      throw new IllegalArgumentException("cannot reshape " + size + " elements to " + Arrays.toString(shape));
    }
    return s;
  }

  /** Product of all axes but the last (the number of "rows"). */
  public static int rows(int[] shape) {
    int n = 1;
    for (int i = 0; i < shape.length - 1; i++) n *= shape[i];
    return n;
  }

  /** Throws unless the two shapes are equal. */
  public static void requireSame(String op, Tensor a, Tensor b) {
    if (!Arrays.equals(a.shape(), b.shape())) {
      throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()) + " differ");
    }
  }
}
