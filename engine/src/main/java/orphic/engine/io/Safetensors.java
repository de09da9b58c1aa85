package orphic.engine.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import orphic.engine.tensor.Tensor;

/**
 * The safetensors format (as written by Hugging Face's {@code safetensors} library): an 8-byte
 * little-endian header length N, N bytes of UTF-8 JSON mapping each tensor name to {@code {"dtype",
 * "shape", "data_offsets": [begin, end]}} (offsets relative to the data section) plus an optional
 * {@code "__metadata__"} object of strings, then the raw little-endian data.
 *
 * <p>Writing keeps the map's order, stores F32, pads the header with spaces to a multiple of 8
 * bytes, and is atomic ({@link AtomicFiles}). Reading validates the whole header before any data is
 * touched and reports a malformed file as a {@link SafetensorsFormatException}; it tolerates gaps
 * between tensors and unknown extra fields in an entry, which the format does not forbid.
 */
public final class Safetensors {
  /** Larger headers are refused as corrupt: a real header is a few bytes per tensor. */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final int CHUNK_FLOATS = 1 << 14;

  private Safetensors() {}

  /** Writes {@code tensors} (in iteration order) as F32, with no metadata. */
  public static void write(Path path, Map<String, Tensor> tensors) throws IOException {
    write(path, tensors, Map.of());
  }

  /**
   * Writes {@code tensors} (in iteration order) as F32 with {@code metadata} (may be empty or null)
   * in the header. Tensors may be non-contiguous views; their values are written in row-major order.
   */
  public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(tensors, "tensors");
    ObjectNode header = SafetensorsFile.MAPPER.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      ObjectNode meta = header.putObject(SafetensorsFile.METADATA_KEY);
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) throw new IllegalArgumentException("metadata keys and values must not be null");
        meta.put(e.getKey(), e.getValue());
      }
    }
    List<Tensor> order = new ArrayList<>(tensors.size());
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      Tensor t = e.getValue();
      if (name == null) throw new IllegalArgumentException("tensor names must not be null");
      if (name.equals(SafetensorsFile.METADATA_KEY)) {
        throw new IllegalArgumentException("'" + SafetensorsFile.METADATA_KEY + "' is reserved for metadata; rename the tensor");
      }
      if (t == null) throw new IllegalArgumentException("tensor " + SafetensorsFile.quote(name) + " is null");
      ObjectNode entry = header.putObject(name);
      entry.put("dtype", DType.F32.name());
      ArrayNode shape = entry.putArray("shape");
      for (int d : t.shape()) shape.add(d);
      long bytes = 4L * t.size();
      entry.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
      order.add(t);
    }
    byte[] json;
    try {
      json = SafetensorsFile.MAPPER.writeValueAsBytes(header);
    } catch (JsonProcessingException e) {
      throw new IOException("cannot write " + path + ": header serialisation failed: " + e.getOriginalMessage(), e);
    }
    // Padding to 8 bytes keeps the data section aligned for readers that map it directly.
    int padded = (json.length + 7) & ~7;
    if (padded > MAX_HEADER_BYTES) {
      throw new IllegalArgumentException("header of " + padded + " bytes exceeds " + MAX_HEADER_BYTES + "; write fewer tensors per file");
    }
    byte[] head = new byte[8 + padded];
    ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
    System.arraycopy(json, 0, head, 8, json.length);
    Arrays.fill(head, 8 + json.length, head.length, (byte) ' ');
    AtomicFiles.write(path, out -> {
      out.write(head);
      ByteBuffer buf = ByteBuffer.allocate(4 * CHUNK_FLOATS).order(ByteOrder.LITTLE_ENDIAN);
      for (Tensor t : order) writeFloats(out, t, buf);
    });
  }

  /** Opens {@code path}, validates its header and maps it; close the result when done. */
  public static SafetensorsFile open(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    Arena arena;
    MemorySegment file;
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < 8) {
        throw new SafetensorsFormatException(path + ": file is " + size
            + " bytes; a safetensors file starts with an 8-byte header length (the file is truncated or not safetensors)");
      }
      // A shared arena lets other threads read, and unmaps deterministically on close.
      arena = Arena.ofShared();
      try {
        file = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
      } catch (IOException | RuntimeException e) {
        arena.close();
        throw e;
      }
    }
    try {
      return SafetensorsFile.parse(file, path.toString(), arena);
    } catch (SafetensorsFormatException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  /** Every tensor of {@code path}, in header order, as float32 (integer tensors are refused). */
  public static LinkedHashMap<String, Tensor> read(Path path) throws IOException {
    try (SafetensorsFile file = open(path)) {
      LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
      for (String name : file.names()) out.put(name, file.tensor(name));
      return out;
    }
  }

  private static void writeFloats(OutputStream out, Tensor t, ByteBuffer buf) throws IOException {
    float[] src;
    int off;
    if (t.isContiguous()) {
      src = t.data();
      off = t.offset();
    } else {
      src = t.toArray();
      off = 0;
    }
    FloatBuffer floats = buf.asFloatBuffer();
    for (int done = 0, n = t.size(); done < n; ) {
      int k = Math.min(CHUNK_FLOATS, n - done);
      floats.clear();
      floats.put(src, off + done, k);
      out.write(buf.array(), 0, 4 * k);
      done += k;
    }
  }
}
