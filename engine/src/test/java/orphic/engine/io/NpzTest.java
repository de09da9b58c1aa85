package orphic.engine.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
  @TempDir Path dir;

  /** The complete haze layout in miniature: 0-d metadata and float32 weights with dotted names. */
  static LinkedHashMap<String, NpyArray> hazeLike() {
    LinkedHashMap<String, NpyArray> m = new LinkedHashMap<>();
    m.put("meta.T", NpyArray.ofScalar(4L));
    m.put("meta.n_emb", NpyArray.ofScalar(3L));
    m.put("meta.alpha", NpyArray.ofScalar(0.5));
    float[] embed = new float[5 * 3];
    for (int i = 0; i < embed.length; i++) embed[i] = i * 0.25f - 1;
    m.put("embed", NpyArray.ofFloats(embed, 5, 3));
    m.put("blocks.0.heads.1.gate", NpyArray.ofFloats(new float[] {0.75f}, 1));
    m.put("empty", NpyArray.ofFloats(new float[0], 0, 3));
    return m;
  }

  /** A zip built with the JDK's own writer, for archives our writer would never produce. */
  static byte[] zip(boolean stored, Map<String, byte[]> members) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> m : members.entrySet()) {
        ZipEntry e = new ZipEntry(m.getKey());
        if (stored) {
          CRC32 crc = new CRC32();
          crc.update(m.getValue());
          e.setMethod(ZipEntry.STORED);
          e.setSize(m.getValue().length);
          e.setCompressedSize(m.getValue().length);
          e.setCrc(crc.getValue());
        }
        z.putNextEntry(e);
        z.write(m.getValue());
        z.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private Path save(byte[] bytes) throws IOException {
    Path p = dir.resolve("t.npz");
    Files.write(p, bytes);
    return p;
  }

  @Test
  void roundTripStoredAndDeflatedKeepsOrderAndValues() throws IOException {
    LinkedHashMap<String, NpyArray> m = hazeLike();
    Path stored = dir.resolve("stored.npz");
    Path deflated = dir.resolve("deflated.npz");
    Npz.write(stored, m);
    Npz.writeCompressed(deflated, m);
    for (Path p : new Path[] {stored, deflated}) {
      LinkedHashMap<String, NpyArray> back = Npz.read(p);
      assertThat(back.keySet()).containsExactlyElementsOf(m.keySet());
      assertThat(back).containsExactlyEntriesOf(m);
      assertThat(back.get("meta.T").scalarLong()).isEqualTo(4L);
      assertThat(back.get("meta.alpha").scalarDouble()).isEqualTo(0.5);
      assertThat(back.get("embed").toTensor().get(4, 2)).isEqualTo(14 * 0.25f - 1);
    }
    // Deterministic: the same arrays give the same bytes.
    Path again = dir.resolve("again.npz");
    Npz.writeCompressed(again, m);
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(deflated));
  }

  @Test
  void membersAreStandardNpyFilesNamedKeyDotNpy() throws IOException {
    Path p = dir.resolve("a.npz");
    NpyArray a = NpyArray.ofFloats(new float[] {1, 2}, 2);
    Npz.write(p, Map.of("w", a));
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(p.toFile())) {
      ZipEntry e = z.getEntry("w.npy");
      assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
      assertThat(z.getInputStream(e).readAllBytes()).isEqualTo(Npy.toBytes(a));
    }
  }

  @Test
  void readsAHandBuiltArchive() throws IOException {
    // The npy bytes of np.float32([1.5, -2]) as numpy writes them, by hand.
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }" + " ".repeat(20);
    byte[] header = (dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n").getBytes(ISO_8859_1);
    byte[] npy = ByteBuffer.allocate(10 + header.length + 8).order(ByteOrder.LITTLE_ENDIAN)
        .put(Npy.MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header)
        .put(HexFormat.of().parseHex("0000c03f000000c0")).array();
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("x.npy", npy);
    members.put("sub/", new byte[0]); // a directory entry is skipped
    for (boolean stored : new boolean[] {true, false}) {
      LinkedHashMap<String, NpyArray> back = Npz.read(save(zip(stored, members)));
      assertThat(back.keySet()).containsExactly("x");
      assertThat(back.get("x").toFloatArray()).containsExactly(1.5f, -2f);
    }
  }

  @Test
  void rejectsBrokenArchivesNamingTheMember() throws IOException {
    Path notZip = save("this is not a zip file at all".getBytes(ISO_8859_1));
    assertThatThrownBy(() -> Npz.read(notZip)).isInstanceOf(NpyFormatException.class).hasMessageContainingAll(notZip.toString(), "not a valid zip");

    Path p = dir.resolve("ok.npz");
    Npz.writeCompressed(p, hazeLike());
    byte[] whole = Files.readAllBytes(p);
    Path cut = save(Arrays.copyOf(whole, whole.length - 30));
    assertThatThrownBy(() -> Npz.read(cut)).isInstanceOf(NpyFormatException.class).hasMessageContaining("not a valid zip");

    Map<String, byte[]> text = Map.of("readme.txt", new byte[] {'h', 'i'});
    assertThatThrownBy(() -> Npz.read(save(zip(true, text)))).isInstanceOf(NpyFormatException.class)
        .hasMessageContainingAll("member 'readme.txt'", "not a .npy file");

    byte[] truncatedNpy = Arrays.copyOf(Npy.toBytes(NpyArray.ofFloats(new float[8], 8)), 128 + 4);
    assertThatThrownBy(() -> Npz.read(save(zip(false, Map.of("w.npy", truncatedNpy))))).isInstanceOf(NpyFormatException.class)
        .hasMessageContainingAll("member 'w.npy'", "truncated data", "needs 32 bytes but only 4 are present");

    byte[] complex = Npy.toBytes(NpyArray.ofFloats(new float[2], 2));
    byte[] c8 = new String(complex, ISO_8859_1).replace("'<f4'", "'<c8'").getBytes(ISO_8859_1);
    assertThatThrownBy(() -> Npz.read(save(zip(true, Map.of("z.npy", c8))))).isInstanceOf(NpyFormatException.class)
        .hasMessageContainingAll("member 'z.npy'", "unsupported dtype '<c8'");

    // Two members of one name: rename b.npy to a.npy in the local and central headers alike.
    Map<String, byte[]> two = new LinkedHashMap<>();
    two.put("a.npy", Npy.toBytes(NpyArray.ofScalar(1L)));
    two.put("b.npy", Npy.toBytes(NpyArray.ofScalar(2L)));
    byte[] dup = new String(zip(true, two), ISO_8859_1).replace("b.npy", "a.npy").getBytes(ISO_8859_1);
    assertThatThrownBy(() -> Npz.read(save(dup))).isInstanceOf(NpyFormatException.class).hasMessageContainingAll("member 'a.npy'", "twice");
  }

  @Test
  void refusesMembersLargerThanTheLimit() throws IOException {
    Path p = dir.resolve("big.npz");
    Npz.writeCompressed(p, Map.of("zeros", NpyArray.ofFloats(new float[100_000], 100_000)));
    assertThat(Files.size(p)).isLessThan(2_000); // a small archive that inflates 200-fold
    assertThatThrownBy(() -> Npz.read(p, 10_000)).isInstanceOf(NpyFormatException.class)
        .hasMessageContainingAll("member 'zeros.npy'", "declares 400128 uncompressed bytes, over the limit of 10000");
    assertThat(Npz.read(p, 400_128).get("zeros").size()).isEqualTo(100_000);

    // Several members: the limit holds for their sum too.
    Map<String, NpyArray> many = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) many.put("m" + i, NpyArray.ofFloats(new float[1000], 1000));
    Path q = dir.resolve("many.npz");
    Npz.writeCompressed(q, many);
    assertThatThrownBy(() -> Npz.read(q, 10_000)).isInstanceOf(NpyFormatException.class)
        .hasMessageContainingAll("member 'm2.npy'", "with the 8256 bytes before it");
  }

  @Test
  void aDirectoryThatUnderstatesTheSizeIsCaughtWhileInflating() throws IOException {
    Path p = dir.resolve("liar.npz");
    Npz.writeCompressed(p, Map.of("zeros", NpyArray.ofFloats(new float[100_000], 100_000)));
    byte[] b = Files.readAllBytes(p);
    // Central directory header: signature PK\1\2, uncompressed size at offset 24.
    int cen = new String(b, ISO_8859_1).lastIndexOf("PK\1\2");
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(cen + 24, 1000);
    Files.write(p, b);
    assertThatThrownBy(() -> Npz.read(p, 5_000)).isInstanceOf(NpyFormatException.class)
        .hasMessageContainingAll("member 'zeros.npy'", "limit of 5000");
    assertThatThrownBy(() -> Npz.read(p)).isInstanceOf(NpyFormatException.class)
        .hasMessageContainingAll("member 'zeros.npy'", "400128 bytes, but the zip directory declares 1000");
  }

  @Test
  void fuzzedArchivesFailOnlyWithFormatExceptions() throws IOException {
    Path stored = dir.resolve("s.npz");
    Path deflated = dir.resolve("d.npz");
    Npz.write(stored, hazeLike());
    Npz.writeCompressed(deflated, hazeLike());
    byte[][] seeds = {Files.readAllBytes(stored), Files.readAllBytes(deflated)};
    SplittableRandom rng = new SplittableRandom(99);
    Path f = dir.resolve("fuzz.npz");
    long deadline = System.nanoTime() + 1_500_000_000L;
    int ok = 0, rejected = 0;
    for (int it = 0; it < 600 && System.nanoTime() < deadline; it++) {
      byte[] b = seeds[rng.nextInt(seeds.length)].clone();
      if (rng.nextInt(4) == 0) {
        b = Arrays.copyOf(b, rng.nextInt(b.length));
      } else {
        for (int k = 1 + rng.nextInt(3); k > 0; k--) b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
      }
      Files.write(f, b);
      try {
        for (NpyArray a : Npz.read(f, 1 << 20).values()) a.toDoubleArray();
        ok++;
      } catch (NpyFormatException e) {
        assertThat(e.getMessage()).startsWith(f.toString());
        rejected++;
      } catch (Throwable t) {
        fail("iteration " + it + " threw " + t + " for bytes " + HexFormat.of().formatHex(b), t);
      }
    }
    assertThat(rejected).isPositive();
  }
}
