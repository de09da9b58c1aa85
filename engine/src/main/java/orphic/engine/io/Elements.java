package orphic.engine.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Decodes runs of stored elements (any {@link DType}, either byte order) into Java arrays. Shared
 * by the safetensors reader (a mapped file) and the numpy reader (a heap segment).
 */
final class Elements {
  private Elements() {}

  /** Thrown for a conversion that would lose the value; callers add the tensor's name. */
  static final class OutOfRange extends Exception {
    private static final long serialVersionUID = 1L;

    OutOfRange(String message) {
      super(message, null, false, false);
    }
  }

  /** {@code n} elements of {@code type} at byte {@code offset} of {@code seg}, as floats. */
  static void toFloats(MemorySegment seg, long offset, DType type, ByteOrder order, float[] dst, int n) {
    if (type == DType.F32) {
      MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order), offset, dst, 0, n);
      return;
    }
    if (type.isFloatingPoint()) {
      for (int i = 0; i < n; i++) dst[i] = (float) floatAt(seg, offset, i, type, order);
    } else {
      for (int i = 0; i < n; i++) dst[i] = (float) integerAsDouble(seg, offset, i, type, order);
    }
  }

  /** As {@link #toFloats}, to doubles. */
  static void toDoubles(MemorySegment seg, long offset, DType type, ByteOrder order, double[] dst, int n) {
    if (type == DType.F64) {
      MemorySegment.copy(seg, ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order), offset, dst, 0, n);
      return;
    }
    if (type.isFloatingPoint()) {
      for (int i = 0; i < n; i++) dst[i] = floatAt(seg, offset, i, type, order);
    } else {
      for (int i = 0; i < n; i++) dst[i] = integerAsDouble(seg, offset, i, type, order);
    }
  }

  /** Integer (or bool) elements as longs; U64 values above {@link Long#MAX_VALUE} are refused. */
  static void toLongs(MemorySegment seg, long offset, DType type, ByteOrder order, long[] dst, int n) throws OutOfRange {
    requireInteger(type);
    for (int i = 0; i < n; i++) {
      long v = integerAt(seg, offset, i, type, order);
      if (type == DType.U64 && v < 0) throw new OutOfRange("element " + i + " (" + Long.toUnsignedString(v) + ") does not fit a long");
      dst[i] = v;
    }
  }

  /** Integer (or bool) elements as ints; values outside the int range are refused. */
  static void toInts(MemorySegment seg, long offset, DType type, ByteOrder order, int[] dst, int n) throws OutOfRange {
    requireInteger(type);
    for (int i = 0; i < n; i++) {
      long v = integerAt(seg, offset, i, type, order);
      if (v != (int) v || (type == DType.U64 && v < 0)) {
        String shown = type == DType.U64 ? Long.toUnsignedString(v) : Long.toString(v);
        throw new OutOfRange("element " + i + " (" + shown + ") does not fit an int");
      }
      dst[i] = (int) v;
    }
  }

  private static void requireInteger(DType type) {
    if (type.isFloatingPoint()) throw new IllegalArgumentException("dtype " + type + " is not an integer type");
  }

  private static double floatAt(MemorySegment seg, long offset, int i, DType type, ByteOrder order) {
    return switch (type) {
      case F32 -> seg.get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order), offset + 4L * i);
      case F64 -> seg.get(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order), offset + 8L * i);
      case F16 -> Float.float16ToFloat(seg.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), offset + 2L * i));
      case BF16 -> Float.intBitsToFloat((seg.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), offset + 2L * i) & 0xffff) << 16);
      case F8_E5M2 -> Float.float16ToFloat((short) (seg.get(ValueLayout.JAVA_BYTE, offset + i) << 8));
      case F8_E4M3 -> e4m3(seg.get(ValueLayout.JAVA_BYTE, offset + i));
      default -> throw new IllegalArgumentException("dtype " + type + " is not a float type");
    };
  }

  /** E4M3 "fn": bias 7, subnormals, S.1111.111 is NaN, no infinities. */
  static float e4m3(byte b) {
    int exp = (b >> 3) & 0xf;
    int mant = b & 0x7;
    float sign = b < 0 ? -1f : 1f;
    if (exp == 0xf && mant == 0x7) return Float.NaN;
    if (exp == 0) return sign * mant / 8f * 0x1p-6f;
    return sign * (1f + mant / 8f) * Math.scalb(1f, exp - 7);
  }

  private static double integerAsDouble(MemorySegment seg, long offset, int i, DType type, ByteOrder order) {
    long v = integerAt(seg, offset, i, type, order);
    if (type == DType.U64 && v < 0) return (double) (v >>> 1) * 2.0 + (v & 1);
    return v;
  }

  /** The raw integer; U64 comes back as its two's-complement bit pattern. */
  private static long integerAt(MemorySegment seg, long offset, int i, DType type, ByteOrder order) {
    return switch (type) {
      case BOOL -> seg.get(ValueLayout.JAVA_BYTE, offset + i) != 0 ? 1 : 0;
      case U8 -> seg.get(ValueLayout.JAVA_BYTE, offset + i) & 0xffL;
      case I8 -> seg.get(ValueLayout.JAVA_BYTE, offset + i);
      case U16 -> seg.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), offset + 2L * i) & 0xffffL;
      case I16 -> seg.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), offset + 2L * i);
      case U32 -> seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), offset + 4L * i) & 0xffffffffL;
      case I32 -> seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), offset + 4L * i);
      case U64, I64 -> seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order), offset + 8L * i);
      default -> throw new IllegalArgumentException("dtype " + type + " is not an integer type");
    };
  }
}
