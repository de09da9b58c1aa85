package orphic.lm.tokenize;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** UTF-8 helpers for byte-level tokens. */
final class Utf8 {
  private Utf8() {}

  /**
   * UTF-8 bytes of s[start, end). An unpaired surrogate (not valid Unicode, but possible in a Java
   * string) is encoded as U+FFFD, so every string has a byte form.
   */
  static byte[] encode(String s, int start, int end) {
    byte[] out = new byte[(end - start) * 3];
    int n = 0;
    for (int i = start; i < end; ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) cp = 0xFFFD;
      if (cp < 0x80) {
        out[n++] = (byte) cp;
      } else if (cp < 0x800) {
        out[n++] = (byte) (0xC0 | (cp >> 6));
        out[n++] = (byte) (0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out[n++] = (byte) (0xE0 | (cp >> 12));
        out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[n++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        out[n++] = (byte) (0xF0 | (cp >> 18));
        out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[n++] = (byte) (0x80 | (cp & 0x3F));
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * A display form of a byte string for UIs: the text where the bytes are valid UTF-8, and
   * {@code <0xNN>} for each byte that is not (a token holding part of a character).
   */
  static String display(byte[] bytes) {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length * 2 + 2);
    StringBuilder sb = new StringBuilder();
    while (true) {
      CoderResult r = dec.decode(in, out, true);
      out.flip();
      sb.append(out);
      out.clear();
      if (r.isError()) {
        for (int i = 0; i < r.length(); i++) sb.append(String.format("<0x%02X>", in.get() & 0xFF));
      } else {
        break;
      }
    }
    return sb.toString();
  }
}
