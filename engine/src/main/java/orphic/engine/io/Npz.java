package orphic.engine.io;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The numpy {@code .npz} format: a zip archive whose members are {@code .npy} files named {@code
 * <key>.npy}, stored ({@code numpy.savez}) or deflated ({@code numpy.savez_compressed}).
 *
 * <p>Reading returns the arrays in archive order, keyed without the {@code .npy} suffix. Because
 * a small archive can inflate to a huge one, reading is bounded: a member whose declared or actual
 * uncompressed size exceeds the limit, or members adding up to more than it, are refused (default
 * {@link #DEFAULT_MAX_BYTES}); member sizes and CRCs are checked against the zip directory. Every
 * failure is an {@link NpyFormatException} naming the file and member. Writing is atomic and
 * deterministic (fixed timestamps), readable by {@code numpy.load}.
 */
public final class Npz {
  /** Default limit on uncompressed bytes, per member and for the whole archive: 2 GiB. */
  public static final long DEFAULT_MAX_BYTES = 2L << 30;

  /**
   * Fixed member times make identical arrays give identical files. Not the zip epoch itself: the
   * JDK stores that as "before 1980" with an extra, time-zone-dependent timestamp field.
   */
  private static final LocalDateTime MEMBER_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private Npz() {}

  /** Reads every array of {@code path} with the default size limit. */
  public static LinkedHashMap<String, NpyArray> read(Path path) throws IOException {
    return read(path, DEFAULT_MAX_BYTES);
  }

  /** Reads every array of {@code path}, refusing more than {@code maxBytes} uncompressed bytes. */
  public static LinkedHashMap<String, NpyArray> read(Path path, long maxBytes) throws IOException {
    Objects.requireNonNull(path, "path");
    if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    ZipFile zip;
    try {
      zip = new ZipFile(path.toFile());
    } catch (FileSystemException e) {
      throw e; // missing, unreadable: not a format problem
    } catch (IOException | RuntimeException e) {
      throw new NpyFormatException(path + ": not a valid zip archive (" + e.getMessage() + ")", e);
    }
    try (zip) {
      List<? extends ZipEntry> entries;
      try {
        entries = listEntries(zip);
      } catch (RuntimeException e) {
        throw new NpyFormatException(path + ": corrupt zip directory (" + e.getMessage() + ")", e);
      }
      // Names first: ZipFile finds a member's data by name, so a duplicate would read the wrong one.
      Set<String> names = new HashSet<>();
      for (ZipEntry entry : entries) {
        if (entry.isDirectory()) continue;
        String member = entry.getName();
        String where = path + ": member '" + NpyHeader.cut(member) + "'";
        if (!member.endsWith(".npy")) throw new NpyFormatException(where + " is not a .npy file");
        if (!names.add(member)) throw new NpyFormatException(where + " appears twice in the archive");
      }
      LinkedHashMap<String, NpyArray> out = new LinkedHashMap<>();
      long total = 0;
      for (ZipEntry entry : entries) {
        if (entry.isDirectory()) continue;
        String member = entry.getName();
        String where = path + ": member '" + NpyHeader.cut(member) + "'";
        String key = member.substring(0, member.length() - 4);
        long declared = entry.getSize();
        long budget = maxBytes - total;
        if (declared > budget) {
          throw new NpyFormatException(where + " declares " + declared + " uncompressed bytes, over the limit of " + maxBytes
              + (total > 0 ? " (with the " + total + " bytes before it)" : "") + "; raise the limit only for a trusted file");
        }
        Counted in;
        NpyArray array;
        try {
          in = new Counted(zip.getInputStream(entry), budget, where, maxBytes);
          try (in) {
            array = Npy.read(in, where, budget);
          }
        } catch (NpyFormatException e) {
          throw e;
        } catch (EOFException e) {
          throw new NpyFormatException(where + ": compressed data ends early (truncated archive)", e);
        } catch (ZipException e) {
          throw new NpyFormatException(where + ": corrupt compressed data (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
          throw new NpyFormatException(where + ": unreadable (" + e + ")", e);
        }
        if (declared >= 0 && in.count != declared) {
          throw new NpyFormatException(where + ": " + in.count + " bytes, but the zip directory declares " + declared + " (corrupt archive)");
        }
        if (entry.getCrc() >= 0 && in.crc.getValue() != entry.getCrc()) {
          throw new NpyFormatException(where + ": CRC mismatch (corrupt archive)");
        }
        total += in.count;
        out.put(key, array);
      }
      return out;
    }
  }

  /** Writes {@code arrays} as stored members, like {@code numpy.savez}. */
  public static void write(Path path, Map<String, NpyArray> arrays) throws IOException {
    write(path, arrays, false);
  }

  /** Writes {@code arrays} as deflated members, like {@code numpy.savez_compressed}. */
  public static void writeCompressed(Path path, Map<String, NpyArray> arrays) throws IOException {
    write(path, arrays, true);
  }

  private static void write(Path path, Map<String, NpyArray> arrays, boolean deflate) throws IOException {
    Objects.requireNonNull(path, "path");
    for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
      if (e.getKey() == null) throw new IllegalArgumentException("npz keys must not be null");
      if (e.getValue() == null) throw new IllegalArgumentException("array '" + e.getKey() + "' is null");
    }
    AtomicFiles.write(path, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
        byte[] head = Npy.preamble(e.getValue());
        byte[] data = e.getValue().rawData();
        ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
        entry.setTimeLocal(MEMBER_TIME);
        if (deflate) {
          entry.setMethod(ZipEntry.DEFLATED);
        } else {
          // A stored member's size and CRC go in its local header, so they are needed up front.
          CRC32 crc = new CRC32();
          crc.update(head);
          crc.update(data);
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(head.length + (long) data.length);
          entry.setCompressedSize(head.length + (long) data.length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(head);
        zip.write(data);
        zip.closeEntry();
      }
      zip.close(); // AtomicFiles keeps the file itself open until it is synced
    });
  }

  private static List<? extends ZipEntry> listEntries(ZipFile zip) {
    List<ZipEntry> list = new ArrayList<>();
    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) list.add(en.nextElement());
    return list;
  }

  /** Counts and checksums what a member inflates to, and stops it at the byte budget. */
  private static final class Counted extends FilterInputStream {
    final CRC32 crc = new CRC32();
    final String where;
    final long budget;
    final long maxBytes;
    long count;

    Counted(InputStream in, long budget, String where, long maxBytes) {
      super(in);
      this.budget = budget;
      this.where = where;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        crc.update(b);
        advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        crc.update(b, off, n);
        advance(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("skip is not supported");
    }

    private void advance(int n) throws NpyFormatException {
      count += n;
      if (count > budget) {
        throw new NpyFormatException(where + " inflates past the limit of " + maxBytes + " uncompressed bytes; raise the limit only for a trusted file");
      }
    }
  }
}
