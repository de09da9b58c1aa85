package orphic.lm.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training text: one or more UTF-8 files, read strictly and joined into one string.
 *
 * <p>What reading does, in order:
 * <ul>
 *   <li>Each argument is a file or a folder. A folder contributes every regular file below it,
 *       recursively, sorted by path; files and folders whose name starts with '.' are skipped
 *       (a file named explicitly is always read).
 *   <li>Each file is decoded as UTF-8 with a strict decoder: a malformed sequence is an error naming
 *       the file, the byte offset and the line. A file that looks binary (a NUL byte, a UTF-16
 *       byte-order mark, or more than 10% control bytes in its first 8 KB) is an error too.
 *   <li>A leading byte-order mark U+FEFF is dropped; line ends are normalised to '\n' (CRLF and a
 *       lone CR both become LF, as Python's universal newlines do).
 *   <li>Non-empty files are joined with one '\n' between them, in the order given (a file that
 *       already ends with '\n' therefore leaves a blank line between documents). Empty files
 *       contribute nothing; if nothing at all is left the corpus is an error.
 * </ul>
 *
 * <p>Files are streamed through a 64 KB buffer into a builder sized from the file sizes, so peak
 * memory is about twice the text (builder plus the final string). Immutable and thread-safe.
 */
public final class Corpus {
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final int SNIFF_BYTES = 8 * 1024;
  private static final double MAX_CONTROL_SHARE = 0.10;

  private final String text;
  private final List<Path> files;
  private volatile String digest;

  private Corpus(String text, List<Path> files) {
    this.text = text;
    this.files = List.copyOf(files);
  }

  /** Reads files and folders; see the class comment for the rules. */
  public static Corpus read(Path... paths) {
    return read(List.of(paths));
  }

  /** Reads files and folders; see the class comment for the rules. */
  public static Corpus read(List<Path> paths) {
    if (paths.isEmpty()) {
      throw new CorpusException("no corpus given: pass one or more text files or folders");
    }
    List<Path> files = expand(paths);
    long totalBytes = 0;
    for (Path f : files) totalBytes += size(f);
    // UTF-8 never yields more UTF-16 chars than bytes, so this capacity is never outgrown.
    long capacity = totalBytes + files.size();
    if (capacity > Integer.MAX_VALUE - 16) {
      throw new CorpusException("corpus too large: " + totalBytes + " bytes in " + files.size()
          + " file(s); the limit is 2 GB of text; train on a subset");
    }
    StringBuilder sb = new StringBuilder((int) capacity);
    FileReader reader = new FileReader();
    for (Path f : files) {
      int mark = sb.length();
      if (mark > 0) sb.append('\n');
      int start = sb.length();
      reader.read(f, sb);
      if (sb.length() == start) sb.setLength(mark); // empty file: no separator either
    }
    if (sb.isEmpty()) {
      throw new CorpusException("corpus is empty: " + describe(files)
          + " contain(s) no text; point --corpus at UTF-8 text files");
    }
    return new Corpus(sb.toString(), files);
  }

  /**
   * A corpus from text already in memory (a bundled demo text, a test). The same normalisation
   * applies: a leading BOM is dropped and line ends become '\n'.
   */
  public static Corpus ofText(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    Normaliser n = new Normaliser(sb);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        n.accept(c);
        n.accept(text.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        throw new CorpusException("text contains an unpaired surrogate U+"
            + HexFormat.of().withUpperCase().toHexDigits(c) + " at index " + i
            + "; it is not valid Unicode text");
      } else {
        n.accept(c);
      }
    }
    if (sb.isEmpty()) throw new CorpusException("corpus is empty: the given text has no characters");
    return new Corpus(sb.toString(), List.of());
  }

  /** The normalised text. */
  public String text() {
    return text;
  }

  /** The files read, in the order they were joined (empty for {@link #ofText}). */
  public List<Path> files() {
    return files;
  }

  /** SHA-256 of the UTF-8 bytes of {@link #text()}, lower-case hex (64 digits), for config.json. */
  public String digest() {
    String d = digest;
    if (d == null) {
      d = sha256(text);
      digest = d;
    }
    return d;
  }

  @Override
  public String toString() {
    return "Corpus[" + text.length() + " chars, " + files.size() + " file(s)]";
  }

  private static List<Path> expand(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<Path> found;
        try (Stream<Path> walk = Files.walk(p)) {
          found = walk.filter(f -> Files.isRegularFile(f) && !hiddenBelow(p, f)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
          throw new CorpusException("cannot list corpus folder " + p + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
          throw new CorpusException("corpus folder " + p
              + " contains no files (hidden files are skipped); put UTF-8 text files in it");
        }
        files.addAll(found);
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else if (Files.exists(p)) {
        throw new CorpusException("corpus path " + p + " is neither a regular file nor a folder");
      } else {
        throw new CorpusException("corpus file not found: " + p + " (check the path; it is resolved"
            + " against " + Path.of("").toAbsolutePath() + ")");
      }
    }
    return files;
  }

  /** True when f, or a folder between root and f, has a name starting with '.'. */
  private static boolean hiddenBelow(Path root, Path f) {
    for (Path part : root.relativize(f)) {
      if (part.toString().startsWith(".")) return true;
    }
    return false;
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      throw new CorpusException("cannot read corpus file " + f + ": " + e.getMessage(), e);
    }
  }

  private static String describe(List<Path> files) {
    return files.size() == 1 ? "file " + files.get(0) : files.size() + " files (" + files.get(0) + ", …)";
  }

  private static String sha256(String s) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    CharsetEncoder enc = StandardCharsets.UTF_8.newEncoder();
    CharBuffer in = CharBuffer.wrap(s);
    ByteBuffer out = ByteBuffer.allocate(BUFFER_BYTES);
    try {
      while (true) {
        CoderResult r = enc.encode(in, out, true);
        if (r.isError()) r.throwException();
        out.flip();
        md.update(out);
        out.clear();
        if (r.isUnderflow()) break;
      }
      enc.flush(out);
      out.flip();
      md.update(out);
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("corpus text is not encodable as UTF-8", e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Drops a leading BOM and turns CRLF / CR into LF while appending. */
  private static final class Normaliser {
    private final StringBuilder sb;
    private boolean atStart = true;
    private boolean afterCr;
    int lines = 1;

    Normaliser(StringBuilder sb) {
      this.sb = sb;
    }

    void accept(char c) {
      if (atStart) {
        atStart = false;
        if (c == '\uFEFF') return;
      }
      if (afterCr) {
        afterCr = false;
        if (c == '\n') return; // the CR already produced this line end
      }
      if (c == '\r') {
        afterCr = true;
        c = '\n';
      }
      if (c == '\n') lines++;
      sb.append(c);
    }
  }

  /** Streams one file at a time through fixed buffers and a strict UTF-8 decoder. */
  private static final class FileReader {
    private final ByteBuffer in = ByteBuffer.allocate(BUFFER_BYTES);
    private final CharBuffer out = CharBuffer.allocate(BUFFER_BYTES);

    void read(Path file, StringBuilder sb) {
      CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      Normaliser norm = new Normaliser(sb);
      in.clear();
      out.clear();
      long consumed = 0; // file offset of in[0]
      boolean first = true;
      boolean eof = false;
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        while (true) {
          while (!eof && in.hasRemaining()) {
            if (ch.read(in) < 0) eof = true;
          }
          in.flip();
          if (first) {
            sniff(file, in);
            first = false;
          }
          while (true) {
            CoderResult r = dec.decode(in, out, eof);
            if (r.isError()) {
              drain(norm); // so the line count covers everything before the bad bytes
              throw malformed(file, consumed + in.position(), r.length(), norm.lines);
            }
            drain(norm);
            if (!r.isOverflow()) break;
          }
          if (eof) break;
          consumed += in.position();
          in.compact();
        }
        dec.flush(out);
        drain(norm);
      } catch (NoSuchFileException e) {
        throw new CorpusException("corpus file not found: " + file, e);
      } catch (IOException e) {
        throw new CorpusException("cannot read corpus file " + file + ": " + e.getMessage(), e);
      }
    }

    private void drain(Normaliser norm) {
      out.flip();
      while (out.hasRemaining()) norm.accept(out.get());
      out.clear();
    }

    private CorpusException malformed(Path file, long offset, int length, int line) {
      StringBuilder bytes = new StringBuilder();
      for (int i = 0; i < length && in.position() + i < in.limit(); i++) {
        if (i > 0) bytes.append(' ');
        bytes.append(String.format("0x%02X", in.get(in.position() + i) & 0xFF));
      }
      return new CorpusException("corpus file " + file + " is not valid UTF-8: invalid byte sequence "
          + bytes + " at byte offset " + offset + " (line " + line + "); re-save the file as UTF-8"
          + " (it may be Latin-1 or Windows-1252) or remove it from the corpus");
    }

    /** Rejects files that are evidently not text, looking at the first 8 KB only. */
    private static void sniff(Path file, ByteBuffer buf) {
      int n = Math.min(buf.limit(), SNIFF_BYTES);
      if (n >= 2) {
        int b0 = buf.get(0) & 0xFF;
        int b1 = buf.get(1) & 0xFF;
        if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
          throw new CorpusException("corpus file " + file + " looks like UTF-16 (it starts with the"
              + " byte-order mark " + String.format("0x%02X 0x%02X", b0, b1) + "); re-save it as UTF-8");
        }
      }
      int controls = 0;
      for (int i = 0; i < n; i++) {
        int b = buf.get(i) & 0xFF;
        if (b == 0) {
          throw new CorpusException("corpus file " + file + " looks binary (a NUL byte at offset " + i
              + "); the corpus must be UTF-8 text, remove this file from it");
        }
        boolean textControl = b == '\t' || b == '\n' || b == '\f' || b == '\r';
        if ((b < 0x20 && !textControl) || b == 0x7F) controls++;
      }
      if (n > 0 && controls > MAX_CONTROL_SHARE * n) {
        throw new CorpusException("corpus file " + file + " looks binary (" + controls + " of its first "
            + n + " bytes are control characters); the corpus must be UTF-8 text, remove this file"
            + " from it");
      }
    }
  }
}
