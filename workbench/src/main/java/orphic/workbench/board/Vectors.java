package orphic.workbench.board;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Unit vectors: dot product (= cosine) and the BLOB form stored in SQLite (float32 little-endian). */
final class Vectors {
  private Vectors() {}

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
    return s;
  }

  static byte[] toBlob(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) b.putFloat(x);
    return b.array();
  }

  static float[] fromBlob(byte[] blob) {
    ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[blob.length / 4];
    for (int i = 0; i < v.length; i++) v[i] = b.getFloat();
    return v;
  }
}
