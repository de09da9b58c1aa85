package orphic.engine.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import orphic.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  @TempDir Path dir;

  /** A .npy file built by hand: magic, version, length, header exactly as given, data. */
  static byte[] npy(int major, String header, byte[] data) {
    byte[] h = header.getBytes(major == 3 ? UTF_8 : ISO_8859_1);
    int lengthBytes = major == 1 ? 2 : 4;
    ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(Npy.MAGIC).put((byte) major).put((byte) 0);
    if (lengthBytes == 2) b.putShort((short) h.length);
    else b.putInt(h.length);
    return b.put(h).put(data).array();
  }

  static byte[] npy(String header, byte[] data) {
    return npy(1, header, data);
  }

  static void assertMalformed(byte[] bytes, String... parts) {
    assertThatThrownBy(() -> Npy.read(bytes)).isInstanceOf(NpyFormatException.class).hasMessageContainingAll(parts);
  }

  @Test
  void writesExactlyWhatNumpyWrites() throws IOException {
    // np.save(f, np.array([[1, 2, 3], [4, 5, 6]], dtype='<f4')), header padded to 128 bytes.
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + " ".repeat(20);
    String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
    byte[] data = HexFormat.of().parseHex("0000803f" + "00000040" + "00004040" + "00008040" + "0000a040" + "0000c040");
    byte[] expected = npy(header, data);
    NpyArray a = NpyArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertThat(Npy.toBytes(a)).isEqualTo(expected);
    assertThat(Npy.read(expected)).isEqualTo(a);

    // 0-d int64, as np.save(f, np.int64(32)): no growth padding for an empty shape; 55 + 11 > 64.
    String scalarDict = "{'descr': '<i8', 'fortran_order': False, 'shape': (), }";
    String scalarHeader = scalarDict + " ".repeat(128 - 10 - scalarDict.length() - 1) + "\n";
    assertThat(Npy.toBytes(NpyArray.ofScalar(32L))).isEqualTo(npy(scalarHeader, HexFormat.of().parseHex("2000000000000000")));

    Path p = dir.resolve("a.npy");
    Npy.write(p, a);
    assertThat(Npy.read(p)).isEqualTo(a);
  }

  @Test
  void headersAreAlwaysAMultipleOf64() {
    for (int rank = 0; rank < 6; rank++) {
      int[] shape = new int[rank];
      Arrays.fill(shape, 1 + rank * 1000);
      if (rank > 0) shape[0] = 0; // no data, but header lengths that vary with the digits
      NpyArray a = NpyArray.of(DType.U8, shape, new byte[rank == 0 ? 1 : 0]);
      byte[] pre = Npy.preamble(a);
      assertThat(pre.length % 64).isZero();
      assertThat(pre[pre.length - 1]).isEqualTo((byte) '\n');
    }
  }

  @Test
  void roundTripsEveryNumpyType() throws NpyFormatException {
    for (DType t : DType.values()) {
      if (t.numpyCode() == null) continue;
      byte[] data = new byte[6 * t.byteSize()];
      for (int i = 0; i < data.length; i++) data[i] = (byte) (t == DType.BOOL ? i % 2 : i * 7 + 1);
      NpyArray a = NpyArray.of(t, new int[] {3, 2}, data);
      NpyArray back = Npy.read(Npy.toBytes(a));
      assertThat(back).as(t.name()).isEqualTo(a);
      assertThat(back.dtype()).isEqualTo(t);
    }
    NpyArray empty = NpyArray.ofFloats(new float[0], 0, 5);
    assertThat(Npy.read(Npy.toBytes(empty)).shape()).containsExactly(0, 5);
  }

  @Test
  void accessorsConvertLikeNumpyAstype() {
    NpyArray f = NpyArray.ofFloats(new float[] {1.5f, -2f}, 2);
    assertThat(f.toDoubleArray()).containsExactly(1.5, -2.0);
    assertThatThrownBy(f::toLongArray).isInstanceOf(IllegalStateException.class).hasMessageContaining("F32");
    assertThatThrownBy(f::scalarDouble).isInstanceOf(IllegalStateException.class).hasMessageContaining("one element");
    NpyArray l = NpyArray.ofLongs(new long[] {3, -4}, 2);
    assertThat(l.toFloatArray()).containsExactly(3f, -4f);
    assertThat(NpyArray.ofScalar(7L).scalarLong()).isEqualTo(7L);
    assertThat(NpyArray.ofScalar(7L).rank()).isZero();
    assertThat(NpyArray.ofScalar(0.5).scalarDouble()).isEqualTo(0.5);
    assertThat(NpyArray.ofScalar(12.0).scalarLong()).isEqualTo(12L);
    assertThatThrownBy(() -> NpyArray.ofScalar(0.5).scalarLong()).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> NpyArray.ofLongs(new long[] {1L << 40}, 1).toIntArray()).isInstanceOf(ArithmeticException.class);
    Tensor t = NpyArray.ofTensor(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).transpose()).toTensor();
    assertThat(t.shape()).containsExactly(3, 2);
    assertThat(t.toArray()).containsExactly(1, 4, 2, 5, 3, 6);
    assertThatThrownBy(() -> NpyArray.ofFloats(new float[3], 2, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NpyArray.of(DType.BF16, new int[] {1}, new byte[2])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsOtherVersionsByteOrdersAndLayouts() throws NpyFormatException {
    byte[] f4 = HexFormat.of().parseHex("0000803f" + "00000040");
    assertThat(Npy.read(npy(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", f4)).toFloatArray()).containsExactly(1f, 2f);
    assertThat(Npy.read(npy(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'note': 'é'}\n", f4)).toFloatArray())
        .containsExactly(1f, 2f);
    // Big-endian float64 1.25 and -3.
    byte[] be = HexFormat.of().parseHex("3ff4000000000000" + "c008000000000000");
    assertThat(Npy.read(npy("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", be)).toDoubleArray()).containsExactly(1.25, -3.0);
    byte[] bei4 = HexFormat.of().parseHex("fffffffe");
    assertThat(Npy.read(npy("{'descr': '>i4', 'fortran_order': False, 'shape': (), }", bei4)).scalarLong()).isEqualTo(-2L);
    // Fortran order: a 2x3 array [[0,1,2],[3,4,5]] stored column by column, read back in C order.
    byte[] fortran = HexFormat.of().parseHex("00" + "03" + "01" + "04" + "02" + "05");
    NpyArray c = Npy.read(npy("{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }", fortran));
    assertThat(c.shape()).containsExactly(2, 3);
    assertThat(c.toIntArray()).containsExactly(0, 1, 2, 3, 4, 5);
    // Python 2 style: double quotes, long suffix, no trailing comma, key order free.
    NpyArray py2 = Npy.read(npy("{\"shape\": (2L, 1L), \"fortran_order\": False, \"descr\": \"|b1\"}", HexFormat.of().parseHex("0100")));
    assertThat(py2.toLongArray()).containsExactly(1L, 0L);
  }

  @Test
  void fortranToCHandlesHigherRanks() {
    int[] shape = {2, 3, 4};
    byte[] fortran = new byte[24];
    // element (i, j, k) has value 12i + 4j + k, stored at i + 2j + 6k
    for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) fortran[i + 2 * j + 6 * k] = (byte) (12 * i + 4 * j + k);
    byte[] c = Npy.fortranToC(fortran, shape, 1);
    for (int v = 0; v < 24; v++) assertThat(c[v]).isEqualTo((byte) v);
  }

  @Test
  void rejectsMalformedFiles() {
    byte[] four = new byte[4];
    String f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }";
    assertMalformed("PK\3\4 not npy".getBytes(ISO_8859_1), "not a .npy file");
    assertMalformed(Arrays.copyOf(Npy.MAGIC, 4), "truncated", "4 bytes");
    byte[] v4 = npy(f4, four);
    v4[6] = 4;
    assertMalformed(v4, "unsupported .npy version 4.0");
    byte[] shortHeader = npy(f4, four);
    assertMalformed(Arrays.copyOf(shortHeader, 20), "truncated header");
    byte[] hugeHeader = npy(2, f4, four);
    ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(8, Integer.MAX_VALUE);
    assertMalformed(hugeHeader, "header length 2147483647 exceeds the limit");

    assertMalformed(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,) ", four), "not a Python literal", "expected '}'");
    assertMalformed(npy("{'descr': '<f4', 'fortran_order': Flase, 'shape': (1,), }", four), "unknown name 'Flase'");
    assertMalformed(npy("[1, 2]", four), "not a dictionary");
    assertMalformed(npy("{'descr': '<f4', 'shape': (1,), }", four), "lacks the key 'fortran_order'");
    assertMalformed(npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", four), "duplicate key 'descr'");
    assertMalformed(npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8]), "unsupported dtype '<c8'");
    assertMalformed(npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new byte[8]), "unsupported dtype '|O'");
    assertMalformed(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", four), "unsupported dtype", "structured");
    assertMalformed(npy("{'descr': '|f4', 'fortran_order': False, 'shape': (1,), }", four), "has no byte order");
    assertMalformed(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", four), "fortran_order is 0");
    assertMalformed(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", four), "axis 0 is not an integer in [0, 2147483647]");
    assertMalformed(npy("{'descr': '<f4', 'fortran_order': False, 'shape': 3, }", four), "shape is 3, not a tuple");
    assertMalformed(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", four), "too large");
    assertMalformed(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", four),
        "truncated data: shape [3] of F32 needs 12 bytes but only 4 are present");
    assertMalformed(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", new byte[5]), "data size mismatch", "needs 4 bytes but more follow");
    assertMalformed(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (65536, 65536), }", four), "more than one Java array holds");
    byte[] badUtf8 = npy(3, f4 + "'x'", four);
    badUtf8[12 + f4.length() + 1] = (byte) 0xc3;
    assertMalformed(badUtf8, "not valid UTF-8");
    assertMalformed(npy("(".repeat(40) + ")".repeat(40), four), "nesting too deep");
  }

  @Test
  void aMissingFileIsAnIoError(@TempDir Path tmp) {
    assertThatThrownBy(() -> Npy.read(tmp.resolve("none.npy"))).isInstanceOf(IOException.class).isNotInstanceOf(NpyFormatException.class);
  }

  @Test
  void fuzzedBytesFailOnlyWithFormatExceptions() {
    byte[][] seeds = {
        Npy.toBytes(NpyArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)),
        Npy.toBytes(NpyArray.ofScalar(5L)),
        npy("{'descr': '>f8', 'fortran_order': True, 'shape': (2, 1), }", new byte[16]),
    };
    SplittableRandom rng = new SplittableRandom(7);
    String alphabet = "0123456789(),:'{} -<>|fiubTrueFalsL";
    long deadline = System.nanoTime() + 1_000_000_000L;
    int ok = 0;
    for (int it = 0; it < 5000 && System.nanoTime() < deadline; it++) {
      byte[] b = seeds[rng.nextInt(seeds.length)].clone();
      switch (rng.nextInt(3)) {
        case 0 -> b = Arrays.copyOf(b, rng.nextInt(b.length));
        case 1 -> {
          for (int k = 1 + rng.nextInt(3); k > 0; k--) b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
        }
        default -> {
          for (int k = 1 + rng.nextInt(3); k > 0; k--) b[10 + rng.nextInt(50)] = (byte) alphabet.charAt(rng.nextInt(alphabet.length()));
        }
      }
      try {
        NpyArray a = Npy.read(b);
        a.toDoubleArray();
        ok++;
      } catch (NpyFormatException e) {
        assertThat(e.getMessage()).startsWith("npy data: ");
      } catch (Throwable t) {
        fail("iteration " + it + " threw " + t + " for bytes " + HexFormat.of().formatHex(b), t);
      }
    }
    assertThat(ok).isPositive();
  }
}
