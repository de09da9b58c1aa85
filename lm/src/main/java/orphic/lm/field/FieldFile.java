package orphic.lm.field;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import orphic.engine.io.AtomicFiles;

/**
 * The binary file of a {@link CooccurrenceField} (conventionally {@code field.bin}). Big-endian
 * (Java's DataOutput), in this order:
 * <pre>
 *   magic    8 bytes   "ORPHFLD\n"
 *   version  int32     1
 *   V        int32     vocabulary size (≥ 1)
 *   window   int32     co-occurrence window (≥ 0)
 *   unigram  V float64 counts
 *   bigrams  int32 n, then n × (int32 a, int32 b, float64 count)
 *   trigrams int32 n, then n × (int32 a, int32 b, int32 c, float64 count)
 *   cooccur  int32 n, then n × (int32 a, int32 b, float64 count)
 *   crc32    int32     CRC-32 of every byte before it
 * </pre>
 * Counts are written with decay applied (the stored values divided by the field's unit), so a
 * loaded field has unit 1 and the same counts and distributions. Writing is atomic. Reading checks
 * every id, count and length and the checksum, and refuses trailing bytes.
 */
final class FieldFile {
  private static final byte[] MAGIC = "ORPHFLD\n".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  private FieldFile() {}

  static void write(CooccurrenceField field, Path path) throws IOException {
    AtomicFiles.write(path, raw -> {
      CRC32 crc = new CRC32();
      DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
      double unit = field.unit();
      int v = field.vocabSize();
      out.write(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(v);
      out.writeInt(field.window());
      double[] unigram = field.storedUnigram();
      for (int t = 0; t < v; t++) out.writeDouble(unigram[t] / unit);
      writePairs(out, field.bigramRows(), unit);
      SparseRows trigram = field.trigramRows();
      out.writeInt(trigram.size());
      for (int row = 0; row < field.trigramContexts(); row++) {
        long context = field.trigramContext(row);
        for (int e = trigram.head(row); e != SparseRows.END; e = trigram.next(e)) {
          out.writeInt((int) (context / v));
          out.writeInt((int) (context % v));
          out.writeInt(trigram.column(e));
          out.writeDouble(trigram.weightOf(e) / unit);
        }
      }
      writePairs(out, field.cooccurrenceRows(), unit);
      out.flush();
      new DataOutputStream(raw).writeInt((int) crc.getValue());
    });
  }

  private static void writePairs(DataOutputStream out, SparseRows rows, double unit) throws IOException {
    out.writeInt(rows.size());
    for (int row = 0; row < rows.rowCapacity(); row++) {
      for (int e = rows.head(row); e != SparseRows.END; e = rows.next(e)) {
        out.writeInt(row);
        out.writeInt(rows.column(e));
        out.writeDouble(rows.weightOf(e) / unit);
      }
    }
  }

  static CooccurrenceField read(Path path) throws IOException {
    CRC32 crc = new CRC32();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
      Reader r = new Reader(path, in, Files.size(path));
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) throw r.bad("it does not start with the field magic bytes (not a field file)");
      int version = in.readInt();
      if (version != VERSION) {
        throw r.bad("format version " + version + " is not supported (this build reads version " + VERSION + ")");
      }
      int v = in.readInt();
      if (v < 1) throw r.bad("vocabulary size " + v + " is not positive");
      r.fits(v, 8, "unigram");
      int window = in.readInt();
      if (window < 0) throw r.bad("window " + window + " is negative");
      CooccurrenceField field = new CooccurrenceField(v, window);
      for (int t = 0; t < v; t++) field.putUnigram(t, r.count("unigram[" + t + "]"));
      int n = r.length("bigram");
      for (int i = 0; i < n; i++) field.putBigram(r.id(v, "bigram"), r.id(v, "bigram"), r.count("bigram"));
      n = r.length("trigram");
      for (int i = 0; i < n; i++) {
        field.putTrigram(r.id(v, "trigram"), r.id(v, "trigram"), r.id(v, "trigram"), r.count("trigram"));
      }
      n = r.length("co-occurrence");
      for (int i = 0; i < n; i++) {
        field.putCooccurrence(r.id(v, "co-occurrence"), r.id(v, "co-occurrence"), r.count("co-occurrence"));
      }
      int expected = (int) crc.getValue();
      int stored = in.readInt();
      if (stored != expected) throw r.bad("checksum mismatch (the file is corrupt)");
      if (raw.read() != -1) throw r.bad("there are bytes after the checksum");
      return field;
    } catch (EOFException e) {
      throw new IOException(path + " is not a valid field file: it ends too early (truncated)", e);
    }
  }

  /** Reads checked values and builds messages that name the file. */
  private record Reader(Path path, DataInputStream in, long size) {
    /** A corrupt length must not make us allocate more than the file could hold. */
    void fits(long count, int bytesEach, String table) throws IOException {
      if (count * bytesEach > size) throw bad(table + " claims " + count + " entries, more than the file holds");
    }

    int id(int v, String table) throws IOException {
      int t = in.readInt();
      if (t < 0 || t >= v) throw bad(table + " entry has token id " + t + " outside [0, " + v + ")");
      return t;
    }

    double count(String what) throws IOException {
      double c = in.readDouble();
      if (!(c >= 0 && c < Double.POSITIVE_INFINITY)) throw bad(what + " count " + c + " is not a finite non-negative number");
      return c;
    }

    int length(String table) throws IOException {
      int n = in.readInt();
      if (n < 0) throw bad(table + " table length " + n + " is negative");
      fits(n, 16, table);
      return n;
    }

    IOException bad(String why) {
      return new IOException(path + " is not a valid field file: " + why);
    }
  }
}
