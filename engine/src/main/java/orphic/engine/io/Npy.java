package orphic.engine.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * The numpy {@code .npy} format: the magic {@code \x93NUMPY}, a version byte pair (1.0, 2.0 or
 * 3.0), a little-endian header length (2 bytes in 1.0, 4 in 2.0/3.0), a Python-literal header dict
 * ({@code descr}, {@code fortran_order}, {@code shape}), then the raw elements.
 *
 * <p>Reading supports bool, int8–int64, uint8–uint64 and float16/32/64 in either byte order, 0-d
 * arrays, and Fortran-order arrays, which are transposed into C order on read so that every {@link
 * NpyArray} is C order. Writing produces version 1.0 (2.0 if the header outgrows it), little-endian,
 * C order, with the header padded by spaces and a newline to a multiple of 64 bytes, byte for byte
 * as numpy writes it. Malformed input fails with an {@link NpyFormatException}.
 */
public final class Npy {
  /** numpy itself refuses headers above 10,000 bytes unless told otherwise; we allow more. */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGN = 64;

  private Npy() {}

  /** Reads the {@code .npy} file at {@code path}. */
  public static NpyArray read(Path path) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
      return read(in, path.toString(), Long.MAX_VALUE);
    }
  }

  /** Reads a whole {@code .npy} file held in {@code bytes}. */
  public static NpyArray read(byte[] bytes) throws NpyFormatException {
    try {
      return read(new ByteArrayInputStream(bytes), "npy data", Long.MAX_VALUE);
    } catch (NpyFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("a byte array cannot fail to read", e);
    }
  }

  /** Writes {@code array} to {@code path} atomically. */
  public static void write(Path path, NpyArray array) throws IOException {
    Objects.requireNonNull(array, "array");
    AtomicFiles.write(path, out -> write(out, array));
  }

  /** The {@code .npy} encoding of {@code array}. */
  public static byte[] toBytes(NpyArray array) {
    byte[] head = preamble(array);
    byte[] data = array.rawData();
    byte[] out = Arrays.copyOf(head, head.length + data.length);
    System.arraycopy(data, 0, out, head.length, data.length);
    return out;
  }

  static void write(OutputStream out, NpyArray array) throws IOException {
    out.write(preamble(array));
    out.write(array.rawData());
  }

  /**
   * Magic, version, header length and padded header: everything before the data, a multiple of 64
   * bytes long.
   */
  static byte[] preamble(NpyArray array) {
    String text = new NpyHeader(array.dtype(), ByteOrder.LITTLE_ENDIAN, false, array.shape()).format();
    byte[] header = text.getBytes(StandardCharsets.ISO_8859_1);
    int lengthBytes = 2;
    int total = wrappedLength(header.length, lengthBytes);
    if (total - 8 - lengthBytes > 0xffff) {
      lengthBytes = 4;
      total = wrappedLength(header.length, lengthBytes);
    }
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) (lengthBytes == 2 ? 1 : 2)).put((byte) 0);
    int padded = total - 8 - lengthBytes;
    if (lengthBytes == 2) b.putShort((short) padded);
    else b.putInt(padded);
    b.put(header);
    while (b.remaining() > 1) b.put((byte) ' ');
    b.put((byte) '\n');
    return b.array();
  }

  /** numpy pads with at least one space, then a newline, up to the next multiple of 64. */
  private static int wrappedLength(int headerBytes, int lengthBytes) {
    int unpadded = 8 + lengthBytes + headerBytes + 1;
    return unpadded + ALIGN - (unpadded % ALIGN);
  }

  /**
   * Reads one array from {@code in}, which must end right after the data. Allocation follows the
   * bytes actually present, so a header that claims a huge shape cannot exhaust memory before the
   * truncation is noticed. {@code where} names the file or member in messages.
   */
  static NpyArray read(InputStream in, String where, long maxDataBytes) throws IOException {
    byte[] pre = in.readNBytes(8);
    for (int i = 0; i < Math.min(pre.length, MAGIC.length); i++) {
      if (pre[i] != MAGIC[i]) throw new NpyFormatException(where + ": not a .npy file (it does not start with \\x93NUMPY)");
    }
    if (pre.length < 8) throw new NpyFormatException(where + ": truncated: " + pre.length + " bytes, shorter than the .npy preamble");
    int major = pre[6] & 0xff, minor = pre[7] & 0xff;
    if (major < 1 || major > 3 || minor != 0) {
      throw new NpyFormatException(where + ": unsupported .npy version " + major + "." + minor + " (1.0, 2.0 and 3.0 are supported)");
    }
    int lengthBytes = major == 1 ? 2 : 4;
    byte[] len = in.readNBytes(lengthBytes);
    if (len.length < lengthBytes) throw new NpyFormatException(where + ": truncated inside the header length");
    long headerLength = lengthBytes == 2
        ? ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffffL
        : ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    if (headerLength > MAX_HEADER_BYTES) {
      throw new NpyFormatException(where + ": header length " + headerLength + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
    }
    byte[] headerBytes = in.readNBytes((int) headerLength);
    if (headerBytes.length < headerLength) {
      throw new NpyFormatException(where + ": truncated header (" + headerBytes.length + " of " + headerLength + " bytes)");
    }
    NpyHeader header = NpyHeader.parse(decode(headerBytes, major, where), where);

    int item = header.dtype().byteSize();
    long count = NpyArray.elementCount(header.shape());
    long bytes = count * item; // count is at most 2^31, so no overflow
    String what = "shape " + Arrays.toString(header.shape()) + " of " + header.dtype();
    if (bytes > maxDataBytes) {
      throw new NpyFormatException(where + ": " + what + " needs " + bytes + " bytes, over the limit of " + maxDataBytes);
    }
    if (bytes > NpyArray.MAX_BYTES) {
      throw new NpyFormatException(where + ": " + what + " needs " + bytes + " bytes, more than one Java array holds");
    }
    byte[] data = in.readNBytes((int) bytes);
    if (data.length < bytes) {
      throw new NpyFormatException(where + ": truncated data: " + what + " needs " + bytes + " bytes but only " + data.length + " are present");
    }
    if (in.read() != -1) {
      throw new NpyFormatException(where + ": data size mismatch: " + what + " needs " + bytes + " bytes but more follow");
    }
    if (header.order() == ByteOrder.BIG_ENDIAN && item > 1) swapBytes(data, item);
    if (header.fortranOrder() && header.shape().length > 1) data = fortranToC(data, header.shape(), item);
    return new NpyArray(header.dtype(), header.shape(), data);
  }

  /** Versions 1.0 and 2.0 store the header as latin-1, 3.0 as UTF-8. */
  private static String decode(byte[] header, int major, String where) throws NpyFormatException {
    if (major < 3) return new String(header, StandardCharsets.ISO_8859_1);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(header))
          .toString();
    } catch (CharacterCodingException e) {
      throw new NpyFormatException(where + ": version 3.0 header is not valid UTF-8", e);
    }
  }

  private static void swapBytes(byte[] data, int item) {
    for (int p = 0; p < data.length; p += item) {
      for (int i = 0, j = item - 1; i < j; i++, j--) {
        byte t = data[p + i];
        data[p + i] = data[p + j];
        data[p + j] = t;
      }
    }
  }

  /** Fortran order (first axis fastest) to C order (last axis fastest). */
  static byte[] fortranToC(byte[] data, int[] shape, int item) {
    byte[] out = new byte[data.length];
    int rank = shape.length;
    long[] fStride = new long[rank];
    long s = 1;
    for (int a = 0; a < rank; a++) {
      fStride[a] = s;
      s *= shape[a];
    }
    int[] idx = new int[rank];
    long src = 0;
    for (int dst = 0; dst < out.length; dst += item) {
      System.arraycopy(data, (int) (src * item), out, dst, item);
      for (int a = rank - 1; a >= 0; a--) {
        if (++idx[a] < shape[a]) {
          src += fStride[a];
          break;
        }
        src -= fStride[a] * (shape[a] - 1);
        idx[a] = 0;
      }
    }
    return out;
  }
}
