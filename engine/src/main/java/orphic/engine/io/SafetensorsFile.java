package orphic.engine.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orphic.engine.tensor.Tensor;

/**
 * An open safetensors file: the header is parsed and validated once, and the data section stays
 * memory-mapped until {@link #close()}. Every accessor copies out of the mapping, so the tensors
 * and arrays it returns outlive the file.
 *
 * <p>Opened by {@link Safetensors#open}. Reads may run concurrently from several threads; closing
 * while another thread reads makes that read fail with an {@link IllegalStateException}.
 */
public final class SafetensorsFile implements AutoCloseable {
  /** The reserved header key for free-form string metadata. */
  static final String METADATA_KEY = "__metadata__";

  static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private final String source;
  private final Arena arena;
  private final MemorySegment data;
  private final Map<String, TensorInfo> entries;
  private final List<String> names;
  private final Map<String, String> metadata;
  private volatile boolean closed;

  private SafetensorsFile(String source, Arena arena, MemorySegment data, Map<String, TensorInfo> entries, Map<String, String> metadata) {
    this.source = source;
    this.arena = arena;
    this.data = data;
    this.entries = entries;
    this.names = List.copyOf(entries.keySet());
    this.metadata = Collections.unmodifiableMap(metadata);
  }

  /** Tensor names in header order (the {@code __metadata__} key excluded). */
  public List<String> names() {
    return names;
  }

  /** The {@code __metadata__} strings in header order; empty if the file has none. */
  public Map<String, String> metadata() {
    return metadata;
  }

  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /** Type, shape and byte range of tensor {@code name}. */
  public TensorInfo info(String name) {
    TensorInfo info = entries.get(name);
    if (info == null) {
      throw new IllegalArgumentException(source + ": no tensor " + quote(name) + "; the file has " + listNames());
    }
    return info;
  }

  /**
   * Tensor {@code name} as a new contiguous float32 tensor. F32 is copied as is; F64, F16, BF16
   * and the two F8 types are converted. Integer types are refused: read them with {@link #ints} or
   * {@link #longs}.
   */
  public Tensor tensor(String name) {
    TensorInfo info = info(name);
    if (!info.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(source + ": tensor " + quote(name) + " has integer dtype " + info.dtype()
          + "; read it with ints() or longs()");
    }
    float[] values = new float[elementCount(info)];
    checkOpen();
    Elements.toFloats(data, info.begin(), info.dtype(), ByteOrder.LITTLE_ENDIAN, values, values.length);
    return Tensor.wrap(values, 0, info.shape());
  }

  /** Integer (or BOOL) tensor {@code name}, row-major; fails if a value does not fit an int. */
  public int[] ints(String name) {
    TensorInfo info = requireInteger(name);
    int[] values = new int[elementCount(info)];
    checkOpen();
    try {
      Elements.toInts(data, info.begin(), info.dtype(), ByteOrder.LITTLE_ENDIAN, values, values.length);
    } catch (Elements.OutOfRange e) {
      throw new IllegalArgumentException(source + ": tensor " + quote(name) + ": " + e.getMessage() + "; read it with longs()");
    }
    return values;
  }

  /** Integer (or BOOL) tensor {@code name}, row-major; fails for U64 values above 2^63 - 1. */
  public long[] longs(String name) {
    TensorInfo info = requireInteger(name);
    long[] values = new long[elementCount(info)];
    checkOpen();
    try {
      Elements.toLongs(data, info.begin(), info.dtype(), ByteOrder.LITTLE_ENDIAN, values, values.length);
    } catch (Elements.OutOfRange e) {
      throw new IllegalArgumentException(source + ": tensor " + quote(name) + ": " + e.getMessage());
    }
    return values;
  }

  /** Unmaps the file. Idempotent. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (arena != null) arena.close();
  }

  @Override
  public String toString() {
    return "SafetensorsFile[" + source + ", " + names.size() + " tensors]";
  }

  private TensorInfo requireInteger(String name) {
    TensorInfo info = info(name);
    if (info.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(source + ": tensor " + quote(name) + " has float dtype " + info.dtype() + "; read it with tensor()");
    }
    return info;
  }

  private int elementCount(TensorInfo info) {
    long n = info.elementCount();
    // Java arrays stop a little short of 2^31 elements.
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(source + ": tensor " + quote(info.name()) + " has " + n + " elements, more than one Java array holds");
    }
    return (int) n;
  }

  private void checkOpen() {
    if (closed) throw new IllegalStateException(source + " is closed");
  }

  private String listNames() {
    if (names.isEmpty()) return "no tensors";
    int shown = Math.min(names.size(), 10);
    StringBuilder sb = new StringBuilder(names.size() + " tensors: ");
    for (int i = 0; i < shown; i++) sb.append(i == 0 ? "" : ", ").append(quote(names.get(i)));
    if (shown < names.size()) sb.append(", ...");
    return sb.toString();
  }

  /** A name for messages: quoted, and cut short if a hostile file made it huge. */
  static String quote(String name) {
    return "'" + (name.length() > 120 ? name.substring(0, 120) + "..." : name) + "'";
  }

  // ---------------------------------------------------------------- parsing

  /**
   * Parses and validates the whole file held by {@code file}. {@code arena} owns the segment (it is
   * closed with this object) or is null for a heap segment. Package-private so tests can parse
   * bytes without a file.
   */
  static SafetensorsFile parse(MemorySegment file, String source, Arena arena) throws SafetensorsFormatException {
    long size = file.byteSize();
    if (size < 8) {
      throw new SafetensorsFormatException(source + ": file is " + size
          + " bytes; a safetensors file starts with an 8-byte header length (the file is truncated or not safetensors)");
    }
    long n = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
    if (n < 0 || n > Safetensors.MAX_HEADER_BYTES) {
      throw new SafetensorsFormatException(source + ": header length " + Long.toUnsignedString(n) + " exceeds the limit of "
          + Safetensors.MAX_HEADER_BYTES + " bytes (the file is corrupt or not safetensors)");
    }
    if (n > size - 8) {
      throw new SafetensorsFormatException(source + ": header length " + n + " runs past the end of the file (" + size
          + " bytes); the file is truncated or not safetensors");
    }
    byte[] headerBytes = file.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(headerBytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SafetensorsFormatException(source + ": header is not valid UTF-8", e);
    }
    MemorySegment data = file.asSlice(8 + n);
    Map<String, JsonNode> raw = readTopLevel(json, source);
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, TensorInfo> entries = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : raw.entrySet()) {
      if (e.getKey().equals(METADATA_KEY)) {
        readMetadata(e.getValue(), source, metadata);
      } else {
        entries.put(e.getKey(), readEntry(e.getKey(), e.getValue(), data.byteSize(), source));
      }
    }
    checkOverlaps(entries, source);
    return new SafetensorsFile(source, arena, data, entries, metadata);
  }

  /** The header's top-level object, with duplicate keys reported (JSON parsers usually keep the last). */
  private static Map<String, JsonNode> readTopLevel(String json, String source) throws SafetensorsFormatException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    String current = null;
    try (JsonParser p = MAPPER.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new SafetensorsFormatException(source + ": header is not a JSON object");
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        if (t != JsonToken.FIELD_NAME) throw new SafetensorsFormatException(source + ": header is not a well-formed JSON object");
        current = p.currentName();
        p.nextToken();
        JsonNode value = MAPPER.readTree(p);
        if (out.containsKey(current)) {
          throw new SafetensorsFormatException(source + ": duplicate entry " + quote(current) + " in the header");
        }
        out.put(current, value == null ? MAPPER.nullNode() : value);
        current = null;
      }
      if (p.nextToken() != null) throw new SafetensorsFormatException(source + ": unexpected content after the header object");
    } catch (JsonProcessingException e) {
      String where = current == null ? "" : " (in entry " + quote(current) + ")";
      throw new SafetensorsFormatException(source + ": header is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new SafetensorsFormatException(source + ": header cannot be parsed: " + e.getMessage(), e);
    }
    return out;
  }

  private static void readMetadata(JsonNode node, String source, Map<String, String> out) throws SafetensorsFormatException {
    if (node.isNull()) return;
    if (!node.isObject()) {
      throw new SafetensorsFormatException(source + ": " + METADATA_KEY + " is " + kind(node) + ", not an object of strings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new SafetensorsFormatException(source + ": " + METADATA_KEY + " value for key " + quote(e.getKey()) + " is "
            + kind(e.getValue()) + ", not a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
  }

  private static TensorInfo readEntry(String name, JsonNode node, long dataSize, String source) throws SafetensorsFormatException {
    String where = source + ": tensor " + quote(name) + ": ";
    if (!node.isObject()) throw new SafetensorsFormatException(where + "entry is " + kind(node) + ", not an object");
    JsonNode dt = node.get("dtype");
    if (dt == null || !dt.isTextual()) {
      throw new SafetensorsFormatException(where + (dt == null ? "missing dtype" : "dtype is " + kind(dt)) + " (expected a string such as \"F32\")");
    }
    DType dtype = DType.fromSafetensorsName(dt.textValue());
    if (dtype == null) throw new SafetensorsFormatException(where + "unknown dtype " + cut(dt.toString()));

    JsonNode sh = node.get("shape");
    if (sh == null || !sh.isArray()) {
      throw new SafetensorsFormatException(where + (sh == null ? "missing shape" : "shape is " + kind(sh)) + " (expected an array of non-negative integers)");
    }
    int[] shape = new int[sh.size()];
    long elements = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = (int) nonNegative(sh.get(i), Integer.MAX_VALUE, where + "shape " + cut(sh.toString()) + " axis " + i);
      elements = multiplyOrMax(elements, shape[i]);
    }

    JsonNode off = node.get("data_offsets");
    if (off == null || !off.isArray() || off.size() != 2) {
      throw new SafetensorsFormatException(where + (off == null ? "missing data_offsets" : "data_offsets is " + cut(off.toString()))
          + " (expected [begin, end])");
    }
    long begin = nonNegative(off.get(0), Long.MAX_VALUE, where + "data_offsets begin");
    long end = nonNegative(off.get(1), Long.MAX_VALUE, where + "data_offsets end");
    String range = "data_offsets [" + begin + ", " + end + "]";
    if (end < begin) throw new SafetensorsFormatException(where + range + " end before they begin");
    if (end > dataSize) {
      throw new SafetensorsFormatException(where + range + " run past the data section (" + dataSize + " bytes); the file is truncated or corrupt");
    }
    long bytes = multiplyOrMax(elements, dtype.byteSize());
    if (bytes != end - begin) {
      String need = bytes == Long.MAX_VALUE ? "more than 2^63" : Long.toString(bytes);
      throw new SafetensorsFormatException(where + "shape " + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + need
          + " bytes but " + range + " hold " + (end - begin));
    }
    return new TensorInfo(name, dtype, shape, begin, end);
  }

  private static void checkOverlaps(Map<String, TensorInfo> entries, String source) throws SafetensorsFormatException {
    List<TensorInfo> sorted = new ArrayList<>();
    for (TensorInfo t : entries.values()) {
      if (t.end() > t.begin()) sorted.add(t); // an empty range overlaps nothing
    }
    sorted.sort(Comparator.comparingLong(TensorInfo::begin));
    for (int i = 1; i < sorted.size(); i++) {
      TensorInfo a = sorted.get(i - 1), b = sorted.get(i);
      if (b.begin() < a.end()) {
        throw new SafetensorsFormatException(source + ": tensors " + quote(a.name()) + " [" + a.begin() + ", " + a.end() + ") and "
            + quote(b.name()) + " [" + b.begin() + ", " + b.end() + ") overlap");
      }
    }
  }

  private static long nonNegative(JsonNode v, long max, String what) throws SafetensorsFormatException {
    if (v == null || !v.isIntegralNumber()) {
      throw new SafetensorsFormatException(what + " is " + (v == null ? "missing" : cut(v.toString())) + ", not an integer");
    }
    if (!v.canConvertToLong() || v.longValue() < 0 || v.longValue() > max) {
      throw new SafetensorsFormatException(what + " is " + cut(v.toString()) + ", outside [0, " + max + "]");
    }
    return v.longValue();
  }

  /** a * b for non-negative operands, saturating at Long.MAX_VALUE instead of overflowing. */
  private static long multiplyOrMax(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String cut(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
