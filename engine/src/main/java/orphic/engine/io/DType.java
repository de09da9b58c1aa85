package orphic.engine.io;

/**
 * Element types of the tensor file formats. The constant names are the safetensors dtype strings;
 * {@link #numpyCode()} is the numpy type code without its byte-order character ({@code f4} for
 * {@code <f4}), or null where numpy has no such type.
 */
public enum DType {
  BOOL(1, "b1"),
  U8(1, "u1"),
  I8(1, "i1"),
  U16(2, "u2"),
  I16(2, "i2"),
  U32(4, "u4"),
  I32(4, "i4"),
  U64(8, "u8"),
  I64(8, "i8"),
  F16(2, "f2"),
  BF16(2, null),
  F32(4, "f4"),
  F64(8, "f8"),
  /** 8-bit float, 4 exponent bits, 3 mantissa bits, no infinities (the "fn" variant). */
  F8_E4M3(1, null),
  /** 8-bit float, 5 exponent bits, 2 mantissa bits: the top byte of an IEEE half. */
  F8_E5M2(1, null);

  private final int byteSize;
  private final String numpyCode;

  DType(int byteSize, String numpyCode) {
    this.byteSize = byteSize;
    this.numpyCode = numpyCode;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** True for the floating-point types. */
  public boolean isFloatingPoint() {
    return switch (this) {
      case F16, BF16, F32, F64, F8_E4M3, F8_E5M2 -> true;
      default -> false;
    };
  }

  /** The numpy type code without byte order ({@code "f4"}), or null if numpy lacks the type. */
  public String numpyCode() {
    return numpyCode;
  }

  /** The type whose safetensors name is {@code name}, or null. */
  static DType fromSafetensorsName(String name) {
    for (DType d : values()) {
      if (d.name().equals(name)) return d;
    }
    return null;
  }

  /** The type whose numpy code is {@code code} ({@code "f4"}), or null. */
  static DType fromNumpyCode(String code) {
    for (DType d : values()) {
      if (code.equals(d.numpyCode)) return d;
    }
    return null;
  }
}
