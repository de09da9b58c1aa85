package orphic.engine.io;

import java.util.Arrays;

/**
 * One entry of a safetensors header: its name, element type, shape, and byte range {@code [begin,
 * end)} relative to the start of the data section.
 */
public record TensorInfo(String name, DType dtype, int[] shape, long begin, long end) {
  public TensorInfo {
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements (1 for a scalar, 0 if any axis is 0). */
  public long elementCount() {
    long n = 1;
    for (int d : shape) n *= d;
    return n;
  }

  public long byteLength() {
    return end - begin;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
        && begin == t.begin && end == t.end;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape) + " bytes [" + begin + ", " + end + ")";
  }
}
