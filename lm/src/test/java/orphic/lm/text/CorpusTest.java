package orphic.lm.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.write(p, bytes);
  }

  private Path write(String name, String text) throws IOException {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsOneFile() throws IOException {
    Path f = write("a.txt", "héllo — wörld\n");
    Corpus c = Corpus.read(f);
    assertThat(c.text()).isEqualTo("héllo — wörld\n");
    assertThat(c.files()).containsExactly(f);
  }

  @Test
  void invalidUtf8NamesFileByteOffsetAndLine() throws IOException {
    // "abc\né" is 6 bytes; the lone 0xFF is at byte offset 6 on line 2.
    Path f = write("bad.txt", concat(utf8("abc\né"), new byte[] {(byte) 0xFF}, utf8("xyz")));
    assertThatThrownBy(() -> Corpus.read(f))
        .isInstanceOf(CorpusException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("not valid UTF-8")
        .hasMessageContaining("0xFF")
        .hasMessageContaining("byte offset 6 (line 2)");
  }

  @Test
  void invalidUtf8BeyondTheFirstBufferReportsTheFileOffset() throws IOException {
    byte[] prefix = new byte[200_003];
    Arrays.fill(prefix, (byte) 'a');
    Path f = write("big.txt", concat(prefix, new byte[] {(byte) 0xC3, (byte) 0x28}));
    assertThatThrownBy(() -> Corpus.read(f))
        .isInstanceOf(CorpusException.class)
        .hasMessageContaining("0xC3 at byte offset 200003");
  }

  @Test
  void truncatedSequenceAtEndOfFileIsReported() throws IOException {
    Path f = write("cut.txt", concat(utf8("ab"), new byte[] {(byte) 0xE2, (byte) 0x82}));
    assertThatThrownBy(() -> Corpus.read(f)).hasMessageContaining("byte offset 2");
  }

  @Test
  void encodedSurrogateIsInvalid() throws IOException {
    Path f = write("sur.txt", concat(utf8("x"), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    assertThatThrownBy(() -> Corpus.read(f)).hasMessageContaining("byte offset 1");
  }

  @Test
  void charactersStraddlingBufferBoundariesDecode() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 65_535; i++) sb.append('a');
    for (int i = 0; i < 40_000; i++) sb.append(i % 3 == 0 ? "€" : i % 3 == 1 ? "😀" : "é");
    Path f = write("multi.txt", sb.toString());
    assertThat(Corpus.read(f).text()).isEqualTo(sb.toString());
  }

  @Test
  void binaryFileWithNulIsRejected() throws IOException {
    Path f = write("img.bin", concat(utf8("PNG"), new byte[] {0, 1, 2, 3}));
    assertThatThrownBy(() -> Corpus.read(f))
        .isInstanceOf(CorpusException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("binary")
        .hasMessageContaining("NUL byte at offset 3");
  }

  @Test
  void binaryFileWithManyControlCharactersIsRejected() throws IOException {
    byte[] b = new byte[1000];
    for (int i = 0; i < b.length; i++) b[i] = (byte) (i % 4 == 0 ? 0x01 : 'x');
    Path f = write("ctl.dat", b);
    assertThatThrownBy(() -> Corpus.read(f)).hasMessageContaining(f.toString()).hasMessageContaining("control");
  }

  @Test
  void utf16IsRejectedWithAHint() throws IOException {
    Path f = write("u16.txt", concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "hi".getBytes(StandardCharsets.UTF_16LE)));
    assertThatThrownBy(() -> Corpus.read(f)).hasMessageContaining("UTF-16").hasMessageContaining(f.toString());
  }

  @Test
  void emptyCorpusIsAnError() throws IOException {
    Path e1 = write("e1.txt", "");
    Path e2 = write("e2.txt", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})); // BOM only
    assertThatThrownBy(() -> Corpus.read(e1)).isInstanceOf(CorpusException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> Corpus.read(e1, e2)).isInstanceOf(CorpusException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> Corpus.read(List.of())).isInstanceOf(CorpusException.class);
    assertThatThrownBy(() -> Corpus.ofText("")).isInstanceOf(CorpusException.class);
  }

  @Test
  void missingFileIsNamed() {
    Path f = dir.resolve("nope.txt");
    assertThatThrownBy(() -> Corpus.read(f))
        .isInstanceOf(CorpusException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining(f.toString());
  }

  @Test
  void leadingBomIsStrippedAndLineEndsNormalised() throws IOException {
    Path f = write("bom.txt", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("one\r\ntwo\rthree\n\uFEFFfour")));
    // Only a leading BOM is dropped; one inside the text is kept.
    assertThat(Corpus.read(f).text()).isEqualTo("one\ntwo\nthree\n\uFEFFfour");
    assertThat(Corpus.ofText("\uFEFFa\r\nb").text()).isEqualTo("a\nb");
  }

  @Test
  void crlfSplitAcrossBuffersIsOneLineEnd() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 65_535; i++) sb.append('a');
    sb.append("\r\nb"); // the CR is the last byte of the first 64 KB buffer
    assertThat(Corpus.read(write("crlf.txt", sb.toString())).text()).endsWith("a\nb").hasSize(65_537);
  }

  @Test
  void foldersAreReadRecursivelyInPathOrderSkippingHiddenFiles() throws IOException {
    write("corpus/b.txt", "B");
    write("corpus/a.txt", "A\n");
    write("corpus/sub/c.txt", "C");
    write("corpus/empty.txt", "");
    write("corpus/.hidden.txt", "H");
    write("corpus/.git/config", "G");
    Path extra = write("extra.txt", "X");
    Corpus c = Corpus.read(dir.resolve("corpus"), extra);
    assertThat(c.files()).extracting(p -> dir.relativize(p).toString())
        .containsExactly("corpus/a.txt", "corpus/b.txt", "corpus/empty.txt", "corpus/sub/c.txt", "extra.txt");
    // One '\n' between non-empty documents; a.txt's own final newline stays.
    assertThat(c.text()).isEqualTo("A\n\nB\nC\nX");
  }

  @Test
  void folderWithOnlyHiddenFilesIsAnError() throws IOException {
    write("h/.x", "x");
    assertThatThrownBy(() -> Corpus.read(dir.resolve("h"))).hasMessageContaining("contains no files");
  }

  @Test
  void digestIsSha256OfTheNormalisedText() throws IOException {
    assertThat(Corpus.ofText("hello").digest())
        .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    Path f = write("crlf.txt", "hello\r\n");
    assertThat(Corpus.read(f).digest()).isEqualTo(Corpus.ofText("hello\n").digest());
  }

  @Test
  void unpairedSurrogateInMemoryTextIsRejected() {
    assertThatThrownBy(() -> Corpus.ofText("a\uD800b")).hasMessageContaining("U+D800").hasMessageContaining("index 1");
    assertThat(Corpus.ofText("a😀").text()).isEqualTo("a😀");
  }

  @Test
  void sharedHazeCorpusReads() {
    Path p = SharedCorpora.require("haze-text.txt");
    Corpus c = Corpus.read(p);
    assertThat(c.text().codePointCount(0, c.text().length())).isEqualTo(19_135);
  }
}
