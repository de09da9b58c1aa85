package orphic.lm.adapter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import orphic.engine.nn.Module;
import orphic.engine.tensor.Tensor;

/**
 * A fingerprint of a model's weights: SHA-256 over every parameter's name, shape and float bits
 * (little-endian), in state-dict order. Metadata and file layout do not enter it, so the same
 * weights saved twice have the same digest, and any changed weight changes it. An adapter records
 * its base's digest and is refused on any other model.
 */
public final class ModelDigest {
  private ModelDigest() {}

  /** "sha256:" followed by 64 hex digits. */
  public static String of(Module module) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (Map.Entry<String, Tensor> e : module.stateDict().entrySet()) {
      md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      Tensor t = e.getValue();
      buf.clear();
      buf.putInt(t.rank());
      for (int d : t.shape()) buf.putInt(d);
      md.update(buf.array(), 0, buf.position());
      float[] v = t.toArray();
      int i = 0;
      while (i < v.length) {
        buf.clear();
        while (i < v.length && buf.remaining() >= 4) buf.putFloat(v[i++]);
        md.update(buf.array(), 0, buf.position());
      }
    }
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  /** The first 12 hex digits, for messages. */
  static String brief(String digest) {
    String h = digest.startsWith("sha256:") ? digest.substring(7) : digest;
    return h.length() > 12 ? h.substring(0, 12) : h;
  }
}
