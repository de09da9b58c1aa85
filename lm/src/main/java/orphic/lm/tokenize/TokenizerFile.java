package orphic.lm.tokenize;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/** Reads and writes tokenizer.json (docs/tokenizer-format.md). */
final class TokenizerFile {
  static final String FORMAT = "orphic-tokenizer";
  static final int VERSION = 1;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private TokenizerFile() {}

  /** A folder means the tokenizer.json inside it. */
  static Path resolve(Path path) {
    return Files.isDirectory(path) ? path.resolve(Tokenizer.FILE_NAME) : path;
  }

  static void writeChar(Path file, CharTokenizer t) {
    StringBuilder sb = header("char", t.normalization());
    sb.append("  \"unknown\": ").append(quote(t.unknownPolicy().jsonName())).append(",\n");
    sb.append("  \"vocab_size\": ").append(t.vocabSize()).append(",\n");
    sb.append("  \"vocab\": [");
    int[] cps = t.codePoints();
    for (int i = 0; i < cps.length; i++) {
      sb.append(i == 0 ? "\n    " : i % 16 == 0 ? ",\n    " : ", ");
      sb.append(quote(Character.toString(cps[i])));
    }
    sb.append(cps.length == 0 ? "]\n}\n" : "\n  ]\n}\n");
    writeAtomically(file, sb.toString());
  }

  static void writeBpe(Path file, BpeTokenizer t) {
    StringBuilder sb = header("bpe", Normalization.NONE);
    sb.append("  \"pretokenizer\": ").append(quote(Chunker.NAME)).append(",\n");
    sb.append("  \"vocab_size\": ").append(t.vocabSize()).append(",\n");
    sb.append("  \"merges\": [");
    int[][] merges = t.merges();
    for (int i = 0; i < merges.length; i++) {
      sb.append(i == 0 ? "\n    " : ",\n    ");
      sb.append('[').append(merges[i][0]).append(", ").append(merges[i][1]).append(']');
    }
    sb.append(merges.length == 0 ? "]\n}\n" : "\n  ]\n}\n");
    writeAtomically(file, sb.toString());
  }

  private static StringBuilder header(String type, Normalization normalization) {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("{\n");
    sb.append("  \"format\": ").append(quote(FORMAT)).append(",\n");
    sb.append("  \"version\": ").append(VERSION).append(",\n");
    sb.append("  \"type\": ").append(quote(type)).append(",\n");
    sb.append("  \"normalization\": ").append(quote(normalization.jsonName())).append(",\n");
    return sb;
  }

  private static String quote(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }

  static Tokenizer read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TokenizerException("tokenizer file not found: " + file
          + " (a model directory holds its tokenizer in " + Tokenizer.FILE_NAME + ")", e);
    } catch (IOException e) {
      throw new TokenizerException("cannot read tokenizer file " + file + ": " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new TokenizerException("tokenizer file " + file + " is not valid JSON: " + e.getOriginalMessage()
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
    } catch (IOException e) {
      throw new TokenizerException("cannot read tokenizer file " + file + ": " + e.getMessage(), e);
    }
    return new Reader(file, root).read();
  }

  /** Validates one parsed file, naming the offending field in every error. */
  private static final class Reader {
    private final Path file;
    private final JsonNode root;

    Reader(Path file, JsonNode root) {
      this.file = file;
      this.root = root;
    }

    Tokenizer read() {
      if (root == null || root.isMissingNode()) throw error("the file is empty");
      if (!root.isObject()) throw error("the top level must be a JSON object, found " + kind(root));
      String format = text("format");
      if (!format.equals(FORMAT)) {
        throw field("format", "must be \"" + FORMAT + "\", found \"" + format + "\"; this is not an"
            + " Orphic tokenizer file");
      }
      int version = integer("version");
      if (version != VERSION) {
        throw field("version", "is " + version + ", but this Orphic reads version " + VERSION
            + (version > VERSION ? "; upgrade Orphic to read this file" : ""));
      }
      String type = text("type");
      Normalization normalization = Normalization.fromJson(text("normalization"));
      if (normalization == null) {
        throw field("normalization", "must be \"none\" or \"haze\", found \"" + text("normalization") + "\"");
      }
      return switch (type) {
        case "char" -> readChar(normalization);
        case "bpe" -> readBpe(normalization);
        default -> throw field("type", "must be \"char\" or \"bpe\", found \"" + type + "\"");
      };
    }

    private CharTokenizer readChar(Normalization normalization) {
      String u = text("unknown");
      UnknownPolicy unknown = UnknownPolicy.fromJson(u);
      if (unknown == null) throw field("unknown", "must be \"error\", \"skip\" or \"replace\", found \"" + u + "\"");
      JsonNode vocab = array("vocab");
      int[] cps = new int[vocab.size()];
      Map<Integer, Integer> seen = new HashMap<>();
      for (int i = 0; i < cps.length; i++) {
        JsonNode e = vocab.get(i);
        String where = "vocab\"[" + i + "]";
        if (!e.isTextual()) throw element(where, "must be a string, found " + kind(e));
        String s = e.textValue();
        if (s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
          throw element(where, "must be exactly one character, found \"" + s + "\" ("
              + s.codePointCount(0, s.length()) + " characters)");
        }
        int cp = s.codePointAt(0);
        if (Character.getType(cp) == Character.SURROGATE) {
          throw element(where, "is an unpaired surrogate " + String.format("U+%04X", cp) + ", not a character");
        }
        Integer before = seen.put(cp, i);
        if (before != null) {
          throw element(where, "duplicates \"vocab\"[" + before + "]: " + CharTokenizer.describe(cp)
              + " appears twice");
        }
        cps[i] = cp;
      }
      int size = cps.length + (unknown == UnknownPolicy.REPLACE ? 1 : 0);
      checkVocabSize(size, "the " + cps.length + " vocab entries"
          + (unknown == UnknownPolicy.REPLACE ? " plus <unk>" : ""));
      return CharTokenizer.of(cps, normalization, unknown);
    }

    private BpeTokenizer readBpe(Normalization normalization) {
      if (normalization != Normalization.NONE) {
        throw field("normalization", "must be \"none\" for type bpe (byte-level BPE keeps the text as is)");
      }
      if (root.has("unknown")) {
        throw field("unknown", "does not apply to type bpe (every text has a byte form); remove it");
      }
      String pre = text("pretokenizer");
      if (!pre.equals(Chunker.NAME)) {
        throw field("pretokenizer", "is \"" + pre + "\", but this Orphic knows only \"" + Chunker.NAME + "\"");
      }
      JsonNode merges = array("merges");
      int[][] m = new int[merges.size()][];
      Map<Long, Integer> seen = new HashMap<>();
      for (int i = 0; i < m.length; i++) {
        JsonNode e = merges.get(i);
        String where = "merges\"[" + i + "]";
        if (!e.isArray() || e.size() != 2) {
          throw element(where, "must be a pair [a, b] of token ids, found " + (e.isArray()
              ? "an array of " + e.size() : kind(e)));
        }
        int id = BpeTokenizer.BYTE_TOKENS + i;
        m[i] = new int[2];
        for (int j = 0; j < 2; j++) {
          JsonNode x = e.get(j);
          if (!x.isIntegralNumber() || !x.canConvertToInt()) {
            throw element(where + "[" + j + "]", "must be a token id (a whole number), found " + x);
          }
          int v = x.intValue();
          if (v < 0 || v >= id) {
            throw element(where + "[" + j + "]", "= " + v + " is out of range: merge " + i
                + " creates id " + id + " and may only use ids in [0, " + id + ")");
          }
          m[i][j] = v;
        }
        Integer before = seen.put(PairMap.key(m[i][0], m[i][1]), i);
        if (before != null) {
          throw element(where, "repeats \"merges\"[" + before + "] = [" + m[i][0] + ", " + m[i][1] + "]");
        }
      }
      checkVocabSize(BpeTokenizer.BYTE_TOKENS + m.length, "256 byte tokens plus " + m.length + " merges");
      return BpeTokenizer.of(m);
    }

    private void checkVocabSize(int actual, String what) {
      JsonNode n = root.get("vocab_size");
      if (n == null) return; // optional: informational for readers of the file
      if (!n.isIntegralNumber() || !n.canConvertToInt()) throw field("vocab_size", "must be a whole number, found " + n);
      if (n.intValue() != actual) {
        throw field("vocab_size", "is " + n.intValue() + " but " + what + " make " + actual);
      }
    }

    private String text(String name) {
      JsonNode n = root.get(name);
      if (n == null) throw field(name, "is missing");
      if (!n.isTextual()) throw field(name, "must be a string, found " + kind(n));
      return n.textValue();
    }

    private int integer(String name) {
      JsonNode n = root.get(name);
      if (n == null) throw field(name, "is missing");
      if (!n.isIntegralNumber() || !n.canConvertToInt()) throw field(name, "must be a whole number, found " + n);
      return n.intValue();
    }

    private JsonNode array(String name) {
      JsonNode n = root.get(name);
      if (n == null) throw field(name, "is missing");
      if (!n.isArray()) throw field(name, "must be an array, found " + kind(n));
      return n;
    }

    private TokenizerException error(String message) {
      return new TokenizerException("tokenizer file " + file + ": " + message);
    }

    private TokenizerException field(String name, String message) {
      return error("field \"" + name + "\" " + message);
    }

    /** where is already of the form name"[i]... (the closing quote is inside it). */
    private TokenizerException element(String where, String message) {
      return error("field \"" + where + " " + message);
    }

    private static String kind(JsonNode n) {
      return switch (n.getNodeType()) {
        case ARRAY -> "an array";
        case OBJECT -> "an object";
        case STRING -> "a string";
        case NUMBER -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "null";
        default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
      };
    }
  }

  /**
   * Writes the file atomically: a temporary file in the same folder, forced to disk, then renamed
   * over the target, so a reader never sees half a tokenizer.
   */
  private static void writeAtomically(Path file, String content) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new TokenizerException("cannot write tokenizer file " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The write already failed and is being reported; a leftover temp file is harmless.
        }
      }
    }
  }
}
