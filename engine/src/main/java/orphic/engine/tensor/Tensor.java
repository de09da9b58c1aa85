package orphic.engine.tensor;

import java.util.Arrays;
import java.util.SplittableRandom;
import orphic.engine.autograd.Autograd;

/**
 * An n-dimensional float32 array with an optional gradient, the unit every op consumes and
 * produces.
 *
 * <p>Storage is a {@code float[]} plus an offset, so many tensors can live in one arena (all the
 * parameters of a model, all the activations of a training step). Shapes are row-major; {@link
 * #strides()} are element strides. Tensors made by factories and ops are contiguous; three views
 * are cheap and share storage: {@link #reshape}, {@link #slice} (along the first axis) and {@link
 * #transpose} (the last two axes). Ops that need contiguous input call {@link #contiguous()}.
 *
 * <p>Gradients accumulate in the same layout as the data: the gradient of a view is the same view
 * of its root's gradient buffer. A root's gradient buffer is allocated (zeroed) on first use, from
 * the current {@link Arena} if one is open. Because views share gradient storage, they need no
 * node on the autograd tape.
 *
 * <p>Not thread-safe; a tensor belongs to one computation at a time.
 */
public final class Tensor {
  private float[] data;
  private int offset;
  private final int[] shape;
  private final int[] strides;
  private final int size;
  /** The tensor that owns the storage (itself for roots); gradients live on the root. */
  private final Tensor root;

  private float[] grad;
  private int gradOffset;
  private boolean requiresGrad;
  private String name;

  private Tensor(float[] data, int offset, int[] shape, int[] strides, Tensor root) {
    this.data = data;
    this.offset = offset;
    this.shape = shape;
    this.strides = strides;
    this.size = Shape.size(shape);
    this.root = root == null ? this : root;
    if (root != null) this.requiresGrad = root.requiresGrad;
  }

  // ---------------------------------------------------------------- factories

  /** Wraps {@code data} (not copied) as a contiguous tensor of {@code shape}. */
  public static Tensor wrap(float[] data, int offset, int... shape) {
    int[] s = Shape.check(shape);
    if (offset < 0 || offset + Shape.size(s) > data.length) {
      throw new IllegalArgumentException(
          "storage of " + data.length + " floats cannot hold shape " + Arrays.toString(s) + " at offset " + offset);
    }
    return new Tensor(data, offset, s, Shape.contiguousStrides(s), null);
  }

  /** A contiguous tensor holding a copy of {@code values}. */
  public static Tensor of(float[] values, int... shape) {
    int[] s = Shape.check(shape);
    if (Shape.size(s) != values.length) {
      throw new IllegalArgumentException(values.length + " values do not fill shape " + Arrays.toString(s));
    }
    Tensor t = empty(s);
    System.arraycopy(values, 0, t.data, t.offset, values.length);
    return t;
  }

  /** A scalar (shape []). */
  public static Tensor scalar(float value) {
    Tensor t = empty();
    t.data[t.offset] = value;
    return t;
  }

  /**
   * An uninitialised contiguous tensor: from the current {@link Arena} when one is open (contents
   * are whatever the arena held), otherwise a fresh zeroed array. Ops use this for outputs they
   * fully overwrite.
   */
  public static Tensor empty(int... shape) {
    int[] s = Shape.check(shape);
    int n = Shape.size(s);
    Arena arena = Arena.current();
    if (arena != null) {
      Arena.Slice slice = arena.take(n);
      return new Tensor(slice.array(), slice.offset(), s, Shape.contiguousStrides(s), null);
    }
    return new Tensor(new float[n], 0, s, Shape.contiguousStrides(s), null);
  }

  /** A contiguous tensor of zeros (from the current arena when one is open). */
  public static Tensor zeros(int... shape) {
    Tensor t = empty(shape);
    if (Arena.current() != null) Arrays.fill(t.data, t.offset, t.offset + t.size, 0f);
    return t;
  }

  /** A contiguous tensor filled with {@code value}. */
  public static Tensor full(float value, int... shape) {
    Tensor t = empty(shape);
    Arrays.fill(t.data, t.offset, t.offset + t.size, value);
    return t;
  }

  /** Standard normal values times {@code std}, from a seeded generator (deterministic). */
  public static Tensor randn(long seed, float std, int... shape) {
    Tensor t = empty(shape);
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < t.size; i++) t.data[t.offset + i] = (float) (gaussian(rng) * std);
    return t;
  }

  /** Uniform values in [lo, hi), from a seeded generator (deterministic). */
  public static Tensor uniform(long seed, float lo, float hi, int... shape) {
    Tensor t = empty(shape);
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < t.size; i++) t.data[t.offset + i] = (float) (lo + (hi - lo) * rng.nextDouble());
    return t;
  }

  /** Box–Muller; written out so results do not depend on the JDK's Gaussian algorithm. */
  private static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    if (u1 < 1e-300) u1 = 1e-300;
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  // ---------------------------------------------------------------- shape and storage

  public int[] shape() {
    return shape.clone();
  }

  /** Size of axis {@code axis}; negative axes count from the end. */
  public int dim(int axis) {
    return shape[axis < 0 ? shape.length + axis : axis];
  }

  public int rank() {
    return shape.length;
  }

  /** Number of elements. */
  public int size() {
    return size;
  }

  public int[] strides() {
    return strides.clone();
  }

  public boolean isContiguous() {
    return Shape.isContiguous(shape, strides);
  }

  /** Backing array; elements start at {@link #offset()} and follow {@link #strides()}. */
  public float[] data() {
    return data;
  }

  public int offset() {
    return offset;
  }

  /** The storage owner (itself unless this is a view). */
  public Tensor root() {
    return root;
  }

  public String name() {
    return name;
  }

  public Tensor name(String name) {
    this.name = name;
    return this;
  }

  /**
   * Moves this root tensor's data (and gradient, if any) into external storage, copying values.
   * Used to pack all parameters of a model into one arena.
   */
  public void relocate(float[] newData, int newOffset, float[] newGrad, int newGradOffset) {
    if (root != this) throw new IllegalStateException("only a root tensor can be relocated");
    if (!isContiguous()) throw new IllegalStateException("only a contiguous tensor can be relocated");
    System.arraycopy(data, offset, newData, newOffset, size);
    this.data = newData;
    this.offset = newOffset;
    if (newGrad != null) {
      if (grad != null) System.arraycopy(grad, gradOffset, newGrad, newGradOffset, size);
      this.grad = newGrad;
      this.gradOffset = newGradOffset;
    }
  }

  // ---------------------------------------------------------------- gradients

  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** Marks this root tensor as a leaf whose gradient should be computed. */
  public Tensor requiresGrad(boolean value) {
    if (root != this) throw new IllegalStateException("set requiresGrad on the root tensor, not a view");
    this.requiresGrad = value;
    return this;
  }

  /** True once a gradient buffer exists for this tensor's root. */
  public boolean hasGrad() {
    return root.grad != null;
  }

  /**
   * The gradient buffer, laid out like {@link #data()} with offset {@link #gradOffset()}; allocated
   * and zeroed on first call (from the current arena when one is open).
   */
  public float[] gradArray() {
    if (root.grad == null) {
      Arena arena = Arena.current();
      if (arena != null) {
        Arena.Slice slice = arena.take(root.size);
        Arrays.fill(slice.array(), slice.offset(), slice.offset() + root.size, 0f);
        root.grad = slice.array();
        root.gradOffset = slice.offset();
      } else {
        root.grad = new float[root.size];
        root.gradOffset = 0;
      }
    }
    return root.grad;
  }

  /** Offset of this tensor's first gradient element in {@link #gradArray()}. */
  public int gradOffset() {
    gradArray();
    return root.gradOffset + (offset - root.offset);
  }

  /** The gradient as a tensor view (shares storage; no grad of its own). */
  public Tensor grad() {
    float[] g = gradArray();
    return new Tensor(g, gradOffset(), shape.clone(), strides.clone(), null);
  }

  /** Zeroes the gradient buffer if there is one. */
  public void zeroGrad() {
    if (root.grad != null) Arrays.fill(root.grad, root.gradOffset, root.gradOffset + root.size, 0f);
  }

  /** Drops the gradient buffer (it will be reallocated on next use). */
  public void clearGrad() {
    root.grad = null;
  }

  /**
   * Back-propagates from this scalar: seeds d(this)/d(this) = 1 and runs the tape in reverse. The
   * tape is cleared afterwards.
   */
  public void backward() {
    if (size != 1) throw new IllegalStateException("backward() needs a scalar; this tensor has shape " + Arrays.toString(shape));
    if (!requiresGrad) throw new IllegalStateException("this tensor does not depend on anything that requires a gradient");
    gradArray()[gradOffset()] += 1f;
    Autograd.runBackward();
  }

  // ---------------------------------------------------------------- views

  /** A view with a new shape (one axis may be -1); needs contiguous storage. */
  public Tensor reshape(int... newShape) {
    int[] s = Shape.infer(newShape, size);
    if (!isContiguous()) {
      throw new IllegalStateException("reshape of a non-contiguous tensor: call contiguous() first");
    }
    return new Tensor(data, offset, s, Shape.contiguousStrides(s), root);
  }

  /** Rows [from, to) along the first axis, as a view. */
  public Tensor slice(int from, int to) {
    if (shape.length == 0) throw new IllegalStateException("cannot slice a scalar");
    if (from < 0 || to > shape[0] || from > to) {
      throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of axis 0 with size " + shape[0]);
    }
    int[] s = shape.clone();
    s[0] = to - from;
    return new Tensor(data, offset + from * strides[0], s, strides.clone(), root);
  }

  /** Row {@code i} of the first axis, as a view with one axis fewer. */
  public Tensor row(int i) {
    return slice(i, i + 1).reshapeDropFirst();
  }

  private Tensor reshapeDropFirst() {
    return new Tensor(data, offset, Arrays.copyOfRange(shape, 1, shape.length),
        Arrays.copyOfRange(strides, 1, strides.length), root);
  }

  /** The last two axes swapped, as a view (no copy). */
  public Tensor transpose() {
    if (shape.length < 2) throw new IllegalStateException("transpose needs rank >= 2");
    int[] s = shape.clone();
    int[] st = strides.clone();
    int a = s.length - 2, b = s.length - 1;
    int t = s[a]; s[a] = s[b]; s[b] = t;
    t = st[a]; st[a] = st[b]; st[b] = t;
    return new Tensor(data, offset, s, st, root);
  }

  /** This tensor if contiguous, otherwise a contiguous copy (recorded on the tape). */
  public Tensor contiguous() {
    return isContiguous() ? this : orphic.engine.ops.Copy.contiguous(this);
  }

  /** A detached contiguous copy (no gradient link). */
  public Tensor copy() {
    Tensor out = new Tensor(new float[size], 0, shape.clone(), Shape.contiguousStrides(shape), null);
    copyInto(out.data, 0);
    return out;
  }

  /** A view of the same storage that does not require a gradient. */
  public Tensor detach() {
    Tensor t = new Tensor(data, offset, shape.clone(), strides.clone(), null);
    return t;
  }

  // ---------------------------------------------------------------- element access (slow paths)

  /** Element at a multi-index (slow; for tests and tools). */
  public float get(int... index) {
    return data[index(index)];
  }

  public void set(float value, int... index) {
    data[index(index)] = value;
  }

  /** The single value of a one-element tensor. */
  public float item() {
    if (size != 1) throw new IllegalStateException("item() needs one element; shape is " + Arrays.toString(shape));
    return data[offset];
  }

  private int index(int[] index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException("index of rank " + index.length + " for tensor of rank " + shape.length);
    }
    int p = offset;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) throw new IndexOutOfBoundsException("index " + index[i] + " on axis " + i + " of size " + shape[i]);
      p += index[i] * strides[i];
    }
    return p;
  }

  /** Values in row-major order, as a new array. */
  public float[] toArray() {
    float[] out = new float[size];
    copyInto(out, 0);
    return out;
  }

  /** Copies values in row-major order into {@code dst} at {@code dstOffset}. */
  public void copyInto(float[] dst, int dstOffset) {
    if (isContiguous()) {
      System.arraycopy(data, offset, dst, dstOffset, size);
      return;
    }
    int[] idx = new int[shape.length];
    for (int i = 0; i < size; i++) {
      int p = offset;
      for (int a = 0; a < idx.length; a++) p += idx[a] * strides[a];
      dst[dstOffset + i] = data[p];
      for (int a = idx.length - 1; a >= 0; a--) {
        if (++idx[a] < shape[a]) break;
        idx[a] = 0;
      }
    }
  }

  /** Overwrites this contiguous tensor's values with {@code src} (row-major). */
  public Tensor copyFrom(float[] src) {
    if (src.length != size) throw new IllegalArgumentException(src.length + " values for " + size + " elements");
    if (!isContiguous()) throw new IllegalStateException("copyFrom needs a contiguous tensor");
    System.arraycopy(src, 0, data, offset, size);
    return this;
  }

  public Tensor fill(float value) {
    if (!isContiguous()) throw new IllegalStateException("fill needs a contiguous tensor");
    Arrays.fill(data, offset, offset + size, value);
    return this;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor");
    if (name != null) sb.append(' ').append(name);
    sb.append(Arrays.toString(shape));
    if (size <= 16) sb.append(' ').append(Arrays.toString(toArray()));
    return sb.toString();
  }
}
