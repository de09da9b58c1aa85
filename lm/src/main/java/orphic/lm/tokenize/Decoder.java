package orphic.lm.tokenize;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Streaming decoder: turns token ids into text one id at a time, for printing a generation as it
 * happens. A byte-level token may end in the middle of a character; those bytes are held back
 * until the character is complete. Concatenating every {@link #push} result and then
 * {@link #finish()} gives exactly {@link Tokenizer#decode(int[])} of the same ids.
 *
 * <p>Not thread-safe: one decoder per stream. Obtain one from {@link Tokenizer#decoder()}.
 */
public final class Decoder {
  private final IntFunction<byte[]> tokenBytes;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private ByteBuffer pending = ByteBuffer.allocate(64);
  private CharBuffer chars = CharBuffer.allocate(64);

  Decoder(IntFunction<byte[]> tokenBytes) {
    this.tokenBytes = tokenBytes;
  }

  /** Adds one token; returns the text it completes (possibly empty, never null). */
  public String push(int id) {
    byte[] b = tokenBytes.apply(id);
    if (pending.remaining() < b.length) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + b.length));
      pending.flip();
      bigger.put(pending);
      pending = bigger;
    }
    pending.put(b);
    return drain(false);
  }

  /** Ends the stream: bytes of an unfinished character come out as U+FFFD. The decoder is reset. */
  public String finish() {
    String s = drain(true);
    chars.clear();
    utf8.flush(chars);
    chars.flip();
    s += chars;
    chars.clear();
    utf8.reset();
    pending.clear();
    return s;
  }

  private String drain(boolean end) {
    pending.flip();
    StringBuilder sb = new StringBuilder();
    while (true) {
      CoderResult r = utf8.decode(pending, chars, end);
      chars.flip();
      sb.append(chars);
      chars.clear();
      if (!r.isOverflow()) break;
    }
    pending.compact();
    return sb.toString();
  }
}
