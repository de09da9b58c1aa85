package orphic.engine.io;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import orphic.engine.tensor.Tensor;

/**
 * A numpy array as read from or written to a {@code .npy} file: an element type, a shape (empty for
 * a 0-d scalar) and the elements in C order. Immutable; the accessors return fresh arrays.
 *
 * <p>The converting accessors follow numpy's {@code astype}: {@link #toFloatArray()} and {@link
 * #toDoubleArray()} accept every type; {@link #toLongArray()} and {@link #toIntArray()} accept
 * integer and bool types only, so that no float is silently truncated.
 */
public final class NpyArray {
  /** Java arrays stop a little short of 2^31 elements. */
  static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private final DType dtype;
  private final int[] shape;
  /** Little-endian, C order; never exposed. */
  private final byte[] data;

  /** Takes ownership of {@code data} (little-endian, C order), whose length must match. */
  NpyArray(DType dtype, int[] shape, byte[] data) {
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.shape = shape.clone();
    long count = elementCount(this.shape);
    if (count * dtype.byteSize() != data.length) {
      throw new IllegalArgumentException(data.length + " bytes do not hold shape " + Arrays.toString(shape) + " of " + dtype);
    }
    this.data = data;
  }

  /** An array of {@code dtype} and {@code shape} whose elements are {@code littleEndianData} (copied). */
  public static NpyArray of(DType dtype, int[] shape, byte[] littleEndianData) {
    if (dtype.numpyCode() == null) throw new IllegalArgumentException("numpy has no " + dtype + " type");
    return new NpyArray(dtype, shape, littleEndianData.clone());
  }

  /** A float32 array of {@code shape} holding {@code values}. */
  public static NpyArray ofFloats(float[] values, int... shape) {
    checkCount(values.length, shape);
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new NpyArray(DType.F32, shape, b.array());
  }

  /** A float64 array of {@code shape} holding {@code values}. */
  public static NpyArray ofDoubles(double[] values, int... shape) {
    checkCount(values.length, shape);
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(values);
    return new NpyArray(DType.F64, shape, b.array());
  }

  /** An int32 array of {@code shape} holding {@code values}. */
  public static NpyArray ofInts(int[] values, int... shape) {
    checkCount(values.length, shape);
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return new NpyArray(DType.I32, shape, b.array());
  }

  /** An int64 array of {@code shape} holding {@code values}. */
  public static NpyArray ofLongs(long[] values, int... shape) {
    checkCount(values.length, shape);
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new NpyArray(DType.I64, shape, b.array());
  }

  /** A 0-d int64 array (numpy's type for a Python int). */
  public static NpyArray ofScalar(long value) {
    return ofLongs(new long[] {value});
  }

  /** A 0-d float64 array (numpy's type for a Python float). */
  public static NpyArray ofScalar(double value) {
    return ofDoubles(new double[] {value});
  }

  /** A float32 array with the shape and row-major values of {@code t} (any strides). */
  public static NpyArray ofTensor(Tensor t) {
    return ofFloats(t.toArray(), t.shape());
  }

  public DType dtype() {
    return dtype;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** Number of elements (1 for a 0-d array). */
  public int size() {
    return data.length / dtype.byteSize();
  }

  /** The elements as float32 (converted from any type, as numpy's {@code astype(float32)}). */
  public float[] toFloatArray() {
    float[] out = new float[size()];
    Elements.toFloats(segment(), 0, dtype, ByteOrder.LITTLE_ENDIAN, out, out.length);
    return out;
  }

  /** The elements as float64 (converted from any type). */
  public double[] toDoubleArray() {
    double[] out = new double[size()];
    Elements.toDoubles(segment(), 0, dtype, ByteOrder.LITTLE_ENDIAN, out, out.length);
    return out;
  }

  /** The elements of an integer or bool array as longs. */
  public long[] toLongArray() {
    requireInteger("toLongArray");
    long[] out = new long[size()];
    try {
      Elements.toLongs(segment(), 0, dtype, ByteOrder.LITTLE_ENDIAN, out, out.length);
    } catch (Elements.OutOfRange e) {
      throw new ArithmeticException(e.getMessage());
    }
    return out;
  }

  /** The elements of an integer or bool array as ints; fails if one does not fit. */
  public int[] toIntArray() {
    requireInteger("toIntArray");
    int[] out = new int[size()];
    try {
      Elements.toInts(segment(), 0, dtype, ByteOrder.LITTLE_ENDIAN, out, out.length);
    } catch (Elements.OutOfRange e) {
      throw new ArithmeticException(e.getMessage());
    }
    return out;
  }

  /** The value of a one-element array as a long; a float value must be a whole number. */
  public long scalarLong() {
    requireOneElement("scalarLong");
    if (!dtype.isFloatingPoint()) return toLongArray()[0];
    double v = toDoubleArray()[0];
    if (v != Math.rint(v) || Math.abs(v) >= 0x1p63) throw new ArithmeticException("value " + v + " is not a whole number that fits a long");
    return (long) v;
  }

  /** The value of a one-element array as a double. */
  public double scalarDouble() {
    requireOneElement("scalarDouble");
    return toDoubleArray()[0];
  }

  /** A new float32 tensor of this shape (values converted as {@link #toFloatArray()}). */
  public Tensor toTensor() {
    return Tensor.wrap(toFloatArray(), 0, shape);
  }

  /** The little-endian element bytes, shared: callers in this package must not modify them. */
  byte[] rawData() {
    return data;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NpyArray a && dtype == a.dtype && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
  }

  @Override
  public int hashCode() {
    return (dtype.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "NpyArray[" + dtype + " " + Arrays.toString(shape) + "]";
  }

  private MemorySegment segment() {
    return MemorySegment.ofArray(data);
  }

  private void requireInteger(String method) {
    if (dtype.isFloatingPoint()) {
      throw new IllegalStateException(method + "() needs an integer array; this one is " + dtype + " (use toFloatArray() or toDoubleArray())");
    }
  }

  private void requireOneElement(String method) {
    if (size() != 1) throw new IllegalStateException(method + "() needs one element; shape is " + Arrays.toString(shape));
  }

  /** Element count of {@code shape}, with the same limit as a Java array. */
  static long elementCount(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      n = d == 0 ? 0 : (n > MAX_BYTES / d ? MAX_BYTES + 1 : n * d);
    }
    return n;
  }

  private static void checkCount(int length, int[] shape) {
    if (elementCount(shape) != length) throw new IllegalArgumentException(length + " values do not fill shape " + Arrays.toString(shape));
  }
}
