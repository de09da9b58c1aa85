package orphic.engine.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import orphic.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  // ---------------------------------------------------------------- helpers

  /** A file: 8-byte length, the header as given (no padding), then {@code data}. */
  static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(UTF_8);
    return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).put(data).array();
  }

  static byte[] file(String header, int dataBytes) {
    return file(header, new byte[dataBytes]);
  }

  static SafetensorsFile parse(byte[] bytes) throws SafetensorsFormatException {
    return SafetensorsFile.parse(MemorySegment.ofArray(bytes), "t.safetensors", null);
  }

  static void assertMalformed(byte[] bytes, String... messageParts) {
    assertThatThrownBy(() -> parse(bytes)).isInstanceOf(SafetensorsFormatException.class).hasMessageContainingAll(messageParts);
  }

  static String entry(String name, String dtype, String shape, long begin, long end) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
  }

  // ---------------------------------------------------------------- round trip

  @Test
  void roundTripKeepsOrderShapesValuesAndMetadata() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("wte", Tensor.randn(1, 1f, 5, 3));
    tensors.put("scalar", Tensor.scalar(-4.25f));
    tensors.put("empty", Tensor.zeros(0, 7));
    tensors.put("h.0.attn.w", Tensor.randn(2, 1f, 2, 3, 4));
    Tensor base = Tensor.randn(3, 1f, 4, 6);
    tensors.put("transposed", base.transpose()); // a non-contiguous view
    tensors.put("sliced", base.slice(1, 3));
    tensors.put("a", Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0f, Float.MIN_VALUE}, 4));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", "pt");
    meta.put("orphic.step", "1200");
    meta.put("unicode", "Blanchot — l'écriture");
    Path path = dir.resolve("model.safetensors");
    Safetensors.write(path, tensors, meta);

    assertThat((Files.size(path) - 8 - 4L * (15 + 1 + 24 + 24 + 12 + 4)) % 8).isZero();
    try (SafetensorsFile f = Safetensors.open(path)) {
      assertThat(f.names()).containsExactlyElementsOf(tensors.keySet());
      assertThat(f.metadata()).containsExactlyEntriesOf(meta);
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        TensorInfo info = f.info(e.getKey());
        assertThat(info.dtype()).isEqualTo(DType.F32);
        assertThat(info.shape()).containsExactly(e.getValue().shape());
        Tensor back = f.tensor(e.getKey());
        assertThat(back.shape()).containsExactly(e.getValue().shape());
        assertThat(back.isContiguous()).isTrue();
        assertThat(floatBits(back.toArray())).containsExactly(floatBits(e.getValue().toArray()));
      }
      assertThat(f.tensor("scalar").item()).isEqualTo(-4.25f);
    }
    LinkedHashMap<String, Tensor> all = Safetensors.read(path);
    assertThat(all.keySet()).containsExactlyElementsOf(tensors.keySet());
    assertThat(all.get("empty").shape()).containsExactly(0, 7);
  }

  private static int[] floatBits(float[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) out[i] = Float.floatToRawIntBits(v[i]);
    return out;
  }

  @Test
  void writerProducesTheReferenceLayoutByteForByte() throws IOException {
    Path path = dir.resolve("x.safetensors");
    Safetensors.write(path, Map.of("x", Tensor.of(new float[] {1f, -2.5f}, 2)), Map.of("k", "v"));
    String json = "{\"__metadata__\":{\"k\":\"v\"},\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    String padded = json + " ".repeat((8 - json.length() % 8) % 8);
    byte[] expected = file(padded, HexFormat.of().parseHex("0000803f000020c0"));
    assertThat(Files.readAllBytes(path)).isEqualTo(expected);
  }

  @Test
  void writeWithoutMetadataOmitsTheKeyAndEmptyMapsWork() throws IOException {
    Path path = dir.resolve("e.safetensors");
    Safetensors.write(path, new LinkedHashMap<>());
    try (SafetensorsFile f = Safetensors.open(path)) {
      assertThat(f.names()).isEmpty();
      assertThat(f.metadata()).isEmpty();
    }
    assertThat(new String(Files.readAllBytes(path), 8, 8, UTF_8)).isEqualTo("{}      ");
  }

  @Test
  void writeRejectsTheReservedName() {
    assertThatThrownBy(() -> Safetensors.write(dir.resolve("r.safetensors"), Map.of("__metadata__", Tensor.scalar(1f))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
  }

  // ---------------------------------------------------------------- reference bytes

  @Test
  void readsAHandWrittenFileOfEveryCommonDtype() throws IOException {
    String header = "{" + String.join(",",
        entry("a", "F32", "[2]", 0, 8),
        entry("h", "F16", "[2]", 8, 12),
        entry("b", "BF16", "[1]", 12, 14),
        entry("d", "F64", "[]", 14, 22),
        entry("i", "I64", "[2]", 22, 38),
        entry("u", "U8", "[2]", 38, 40),
        entry("k", "BOOL", "[2]", 40, 42),
        entry("n", "I32", "[1,1]", 42, 46),
        entry("e", "F8_E4M3", "[2]", 46, 48),
        entry("z", "I16", "[0,3]", 48, 48)) + ",\"__metadata__\":{\"who\":\"hand\"}}";
    byte[] data = HexFormat.of().parseHex(
        "0000803f" + "000020c0" // F32 1.0, -2.5
            + "003c" + "00b8" // F16 1.0, -0.5
            + "4040" // BF16 3.0
            + "0000000000000040" // F64 2.0
            + "ffffffffffffffff" + "0000000000010000" // I64 -1, 2^40
            + "ff07" // U8 255, 7
            + "0100" // BOOL true, false
            + "f9ffffff" // I32 -7
            + "38" + "fe"); // F8_E4M3 1.0, -448
    Path path = dir.resolve("hand.safetensors");
    Files.write(path, file(header, data));
    SafetensorsFile f = Safetensors.open(path);
    try {
      assertThat(f.names()).containsExactly("a", "h", "b", "d", "i", "u", "k", "n", "e", "z");
      assertThat(f.metadata()).containsExactly(Map.entry("who", "hand"));
      assertThat(f.tensor("a").toArray()).containsExactly(1f, -2.5f);
      assertThat(f.tensor("h").toArray()).containsExactly(1f, -0.5f);
      assertThat(f.tensor("b").toArray()).containsExactly(3f);
      assertThat(f.tensor("d").shape()).isEmpty();
      assertThat(f.tensor("d").item()).isEqualTo(2f);
      assertThat(f.longs("i")).containsExactly(-1L, 1L << 40);
      assertThat(f.ints("u")).containsExactly(255, 7);
      assertThat(f.ints("k")).containsExactly(1, 0);
      assertThat(f.ints("n")).containsExactly(-7);
      assertThat(f.tensor("e").toArray()).containsExactly(1f, -448f);
      assertThat(f.ints("z")).isEmpty();
      assertThat(f.info("n")).isEqualTo(new TensorInfo("n", DType.I32, new int[] {1, 1}, 42, 46));

      assertThatThrownBy(() -> f.tensor("i")).isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll("'i'", "I64", "longs()");
      assertThatThrownBy(() -> f.ints("i")).isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll("'i'", "does not fit an int");
      assertThatThrownBy(() -> f.longs("a")).isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll("'a'", "F32");
      assertThatThrownBy(() -> f.tensor("missing")).isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll("'missing'", "10 tensors");
    } finally {
      f.close();
    }
    assertThatThrownBy(() -> f.tensor("a")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    f.close(); // idempotent
    assertThatThrownBy(() -> Safetensors.read(path)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("integer dtype");
  }

  @Test
  void gapsBetweenTensorsAndExtraFieldsAreTolerated() throws SafetensorsFormatException {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8],\"note\":1}}";
    try (SafetensorsFile f = parse(file(header, HexFormat.of().parseHex("ffffffff0000c03f")))) {
      assertThat(f.tensor("a").item()).isEqualTo(1.5f);
    }
  }

  // ---------------------------------------------------------------- malformed files

  @Test
  void rejectsFilesTooShortOrWithImpossibleHeaderLengths() throws IOException {
    assertMalformed(new byte[5], "5 bytes", "8-byte header length");
    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[3]);
    assertThatThrownBy(() -> Safetensors.open(tiny)).isInstanceOf(SafetensorsFormatException.class).hasMessageContainingAll(tiny.toString(), "3 bytes");

    byte[] past = file("{}", 0);
    ByteBuffer.wrap(past).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
    assertMalformed(past, "header length 1000", "runs past the end of the file (10 bytes)");

    byte[] absurd = file("{}", 0);
    ByteBuffer.wrap(absurd).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
    assertMalformed(absurd, "header length 1099511627776", "exceeds the limit");
    ByteBuffer.wrap(absurd).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
    assertMalformed(absurd, "header length 18446744073709551615", "exceeds the limit");
  }

  @Test
  void rejectsHeadersThatAreNotUtf8JsonObjects() {
    byte[] bad = file("{\"a\":1}", 0);
    bad[10] = (byte) 0xff; // inside the key
    assertMalformed(bad, "not valid UTF-8");
    assertMalformed(file("{\"a\": {", 0), "not valid JSON");
    assertMalformed(file("", 0), "not a JSON object");
    assertMalformed(file("[1, 2]", 0), "not a JSON object");
    assertMalformed(file("{} {}", 0), "after the header object");
    assertMalformed(file("{\"x\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[],\"data_offsets\":[0,4]}}", 4), "'x'", "Duplicate");
  }

  @Test
  void rejectsBadEntries() {
    assertMalformed(file("{\"w\": 3}", 0), "tensor 'w'", "a number, not an object");
    assertMalformed(file("{\"w\": {\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor 'w'", "missing dtype");
    assertMalformed(file("{\"w\": {\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor 'w'", "dtype is a number");
    assertMalformed(file("{" + entry("w", "F33", "[1]", 0, 4) + "}", 4), "tensor 'w'", "unknown dtype \"F33\"");
    assertMalformed(file("{\"w\": {\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4), "tensor 'w'", "missing shape");
    assertMalformed(file("{" + entry("w", "F32", "{}", 0, 4) + "}", 4), "tensor 'w'", "shape is an object");
    assertMalformed(file("{" + entry("w", "F32", "[-1]", 0, 4) + "}", 4), "tensor 'w'", "axis 0 is -1", "outside");
    assertMalformed(file("{" + entry("w", "F32", "[1.5]", 0, 4) + "}", 4), "tensor 'w'", "axis 0 is 1.5, not an integer");
    assertMalformed(file("{" + entry("w", "F32", "[\"2\"]", 0, 4) + "}", 4), "tensor 'w'", "not an integer");
    assertMalformed(file("{" + entry("w", "F32", "[3000000000]", 0, 4) + "}", 4), "tensor 'w'", "outside [0, 2147483647]");
    assertMalformed(file("{\"w\": {\"dtype\":\"F32\",\"shape\":[1]}}", 4), "tensor 'w'", "missing data_offsets");
    assertMalformed(file("{\"w\": {\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4), "tensor 'w'", "data_offsets is [0]");
    assertMalformed(file("{" + entry("w", "F32", "[1]", -4, 0) + "}", 4), "tensor 'w'", "data_offsets begin is -4");
    assertMalformed(file("{\"w\": {\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.0]}}", 4), "tensor 'w'", "end is 4.0, not an integer");
    assertMalformed(file("{\"w\": {\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}", 4),
        "tensor 'w'", "data_offsets end", "outside");
  }

  @Test
  void rejectsSizeMismatchesOutOfRangeAndOverlappingData() {
    assertMalformed(file("{" + entry("w", "F32", "[2]", 0, 4) + "}", 8), "tensor 'w'", "shape [2] of F32 needs 8 bytes", "hold 4");
    assertMalformed(file("{" + entry("w", "F16", "[2,3]", 0, 24) + "}", 24), "tensor 'w'", "needs 12 bytes");
    assertMalformed(file("{" + entry("w", "F32", "[25]", 0, 100) + "}", 8), "tensor 'w'", "run past the data section (8 bytes)");
    assertMalformed(file("{" + entry("w", "F32", "[1]", 8, 4) + "}", 8), "tensor 'w'", "end before they begin");
    assertMalformed(file("{" + entry("w", "F64", "[2147483647,2147483647,2147483647]", 0, 8) + "}", 8),
        "tensor 'w'", "needs more than 2^63 bytes");
    assertMalformed(file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", 12),
        "tensors 'a' [0, 8) and 'b' [4, 12) overlap");
    assertMalformed(file("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("a", "F32", "[1]", 4, 8) + "}", 8), "duplicate entry 'a'");
  }

  @Test
  void rejectsBadMetadata() {
    assertMalformed(file("{\"__metadata__\": {\"step\": 3}}", 0), "__metadata__ value for key 'step' is a number, not a string");
    assertMalformed(file("{\"__metadata__\": [\"a\"]}", 0), "__metadata__ is an array");
  }

  // ---------------------------------------------------------------- atomic replacement

  @Test
  void aFailedRewriteLeavesTheOldFileReadableAndNoTemporaryFiles() throws IOException {
    Path path = dir.resolve("model.safetensors");
    Safetensors.write(path, Map.of("w", Tensor.of(new float[] {1, 2, 3}, 3)));
    Path other = dir.resolve("other.safetensors");
    Safetensors.write(other, Map.of("w", Tensor.randn(9, 1f, 64, 64)));
    byte[] newContent = Files.readAllBytes(other);
    Files.delete(other);

    assertThatThrownBy(() -> AtomicFiles.write(path, out -> {
      out.write(newContent, 0, newContent.length / 2);
      throw new IOException("simulated crash halfway");
    })).isInstanceOf(IOException.class).hasMessageContaining(path.toString());

    assertThat(Safetensors.read(path).get("w").toArray()).containsExactly(1, 2, 3);
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("model.safetensors");
    }
  }

  @Test
  void anOpenFileKeepsItsDataWhenReplaced() throws IOException {
    Path path = dir.resolve("m.safetensors");
    Safetensors.write(path, Map.of("w", Tensor.of(new float[] {1, 2}, 2)));
    try (SafetensorsFile f = Safetensors.open(path)) {
      Safetensors.write(path, Map.of("w", Tensor.of(new float[] {7, 8, 9}, 3)));
      assertThat(f.tensor("w").toArray()).containsExactly(1, 2);
    }
    assertThat(Safetensors.read(path).get("w").toArray()).containsExactly(7, 8, 9);
  }

  @Test
  void writingIntoAMissingDirectoryNamesIt() {
    Path path = dir.resolve("missing/model.safetensors");
    assertThatThrownBy(() -> Safetensors.write(path, Map.of())).isInstanceOf(IOException.class).hasMessageContainingAll(path.toString(), "does not exist");
  }

  // ---------------------------------------------------------------- fuzz

  private static final Pattern NUMBER = Pattern.compile("-?\\d+");
  private static final String[] NUMBERS = {"0", "1", "-1", "3", "8", "2147483647", "2147483648", "9223372036854775807",
      "18446744073709551616", "1.5", "1e3", "null", "\"4\"", "[]"};
  private static final String HEADER_CHARS = "0123456789-[]{}\",:. eEF";

  /** Seeded mutations of valid files: only a clean success or a SafetensorsFormatException may come out. */
  @Test
  void fuzzedFilesFailOnlyWithFormatExceptions() throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    Map<String, Tensor> ts = new LinkedHashMap<>();
    ts.put("a", Tensor.randn(4, 1f, 3, 2));
    ts.put("s", Tensor.scalar(2f));
    ts.put("z", Tensor.zeros(0, 2));
    ts.put("b", Tensor.randn(5, 1f, 5));
    Path p = dir.resolve("seed.safetensors");
    Safetensors.write(p, ts, Map.of("k", "v"));
    seeds.add(Files.readAllBytes(p));
    seeds.add(file("{" + String.join(",", entry("h", "F16", "[2]", 0, 4), entry("i", "I64", "[1]", 4, 12),
        entry("u", "U8", "[3]", 12, 15), entry("e", "F8_E5M2", "[1]", 15, 16), entry("d", "F64", "[]", 16, 24)) + "}", 24));

    SplittableRandom rng = new SplittableRandom(20240611);
    long deadline = System.nanoTime() + 2_000_000_000L; // a bound on work, not an assertion
    int ok = 0, rejected = 0;
    for (int it = 0; it < 5000 && System.nanoTime() < deadline; it++) {
      byte[] mutated = mutate(seeds.get(rng.nextInt(seeds.size())), rng);
      try {
        boolean parsed = tryParse(mutated);
        if (it < 40) { // the real path too: write, map, parse
          Path f = dir.resolve("fuzz.safetensors");
          Files.write(f, mutated);
          try (SafetensorsFile file = Safetensors.open(f)) {
            readEverything(file);
            assertThat(parsed).as("iteration %d: file and memory parses agree", it).isTrue();
          } catch (SafetensorsFormatException e) {
            assertThat(parsed).as("iteration %d: file and memory parses agree", it).isFalse();
          }
        }
        if (parsed) ok++;
        else rejected++;
      } catch (Throwable t) {
        fail("iteration " + it + " threw " + t + " for bytes " + HexFormat.of().formatHex(mutated), t);
      }
    }
    assertThat(ok).as("some mutations stay valid").isPositive();
    assertThat(rejected).as("most mutations are caught").isGreaterThan(ok / 4);
  }

  private static boolean tryParse(byte[] bytes) {
    try (SafetensorsFile f = parse(bytes)) {
      readEverything(f);
      return true;
    } catch (SafetensorsFormatException e) {
      assertThat(e.getMessage()).startsWith("t.safetensors: ");
      return false;
    }
  }

  private static void readEverything(SafetensorsFile f) {
    f.metadata();
    for (String name : f.names()) {
      TensorInfo info = f.info(name);
      if (info.dtype().isFloatingPoint()) {
        assertThat(f.tensor(name).size()).isEqualTo((int) info.elementCount());
      } else if (info.dtype() != DType.U64) {
        assertThat(f.longs(name)).hasSize((int) info.elementCount());
      }
    }
  }

  private static byte[] mutate(byte[] base, SplittableRandom rng) {
    int n = (int) ByteBuffer.wrap(base).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    switch (rng.nextInt(5)) {
      case 0: // truncate
        return Arrays.copyOf(base, rng.nextInt(base.length));
      case 1: { // flip a few bytes anywhere
        byte[] b = base.clone();
        for (int k = 1 + rng.nextInt(4); k > 0; k--) b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
        return b;
      }
      case 2: { // a new header length
        byte[] b = base.clone();
        long len = switch (rng.nextInt(3)) {
          case 0 -> n + rng.nextInt(-9, 10);
          case 1 -> rng.nextLong();
          default -> rng.nextInt(b.length + 16);
        };
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, len);
        return b;
      }
      default: { // edit the header text, and usually fix its length so the edit reaches the parser
        String header = new String(base, 8, n, UTF_8);
        byte[] data = Arrays.copyOfRange(base, 8 + n, base.length);
        String edited;
        Matcher m = NUMBER.matcher(header);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) spans.add(new int[] {m.start(), m.end()});
        if (rng.nextBoolean() && !spans.isEmpty()) {
          int[] s = spans.get(rng.nextInt(spans.size()));
          String replacement = rng.nextBoolean() ? NUMBERS[rng.nextInt(NUMBERS.length)] : Integer.toString(rng.nextInt(-2, 40));
          edited = header.substring(0, s[0]) + replacement + header.substring(s[1]);
        } else {
          int pos = rng.nextInt(header.length() + 1);
          String c = String.valueOf(HEADER_CHARS.charAt(rng.nextInt(HEADER_CHARS.length())));
          edited = switch (rng.nextInt(3)) {
            case 0 -> header.substring(0, pos) + c + header.substring(pos);
            case 1 -> pos < header.length() ? header.substring(0, pos) + header.substring(pos + 1) : header;
            default -> pos < header.length() ? header.substring(0, pos) + c + header.substring(pos + 1) : header + c;
          };
        }
        byte[] b = file(edited, data);
        if (rng.nextInt(5) == 0) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        return b;
      }
    }
  }
}
