package orphic.engine.io;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dictionary of a {@code .npy} header, e.g. {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (3, 4), }}: a Python literal, parsed here by a small recursive-descent reader that
 * accepts dicts, tuples, lists, strings, integers, True, False and None, and nothing else.
 */
record NpyHeader(DType dtype, ByteOrder order, boolean fortranOrder, int[] shape) {
  private static final int MAX_DEPTH = 16;
  /** numpy leaves room after the header for the first axis to grow to this many digits. */
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;

  /** Parses header text; {@code where} prefixes every error message. */
  static NpyHeader parse(String text, String where) throws NpyFormatException {
    Object value;
    try {
      Reader r = new Reader(text);
      value = r.value(0);
      r.skipSpace();
      if (r.pos != text.length()) throw r.error("unexpected text after the dictionary");
    } catch (SyntaxError e) {
      throw new NpyFormatException(where + ": header is not a Python literal: " + e.getMessage() + " in " + cut(text));
    }
    if (!(value instanceof Map<?, ?> dict)) throw new NpyFormatException(where + ": header is not a dictionary: " + cut(text));
    Object descr = require(dict, "descr", where);
    Object fortran = require(dict, "fortran_order", where);
    Object shapeValue = require(dict, "shape", where);

    if (!(descr instanceof String d)) {
      throw new NpyFormatException(where + ": unsupported dtype " + cut(String.valueOf(descr)) + " (structured arrays are not supported)");
    }
    char orderChar = d.isEmpty() ? '?' : d.charAt(0);
    String code = "<>|=".indexOf(orderChar) >= 0 ? d.substring(1) : d;
    DType dtype = DType.fromNumpyCode(code);
    if (dtype == null) {
      throw new NpyFormatException(where + ": unsupported dtype '" + cut(d) + "' (supported: bool, int8-64, uint8-64, float16/32/64, e.g. '<f4')");
    }
    ByteOrder order = switch (orderChar) {
      case '>' -> ByteOrder.BIG_ENDIAN;
      case '=' -> ByteOrder.nativeOrder();
      case '|' -> {
        if (dtype.byteSize() > 1) throw new NpyFormatException(where + ": dtype '" + d + "' has no byte order but needs one");
        yield ByteOrder.LITTLE_ENDIAN;
      }
      default -> ByteOrder.LITTLE_ENDIAN;
    };
    if (!(fortran instanceof Boolean fortranOrder)) throw new NpyFormatException(where + ": fortran_order is " + fortran + ", not True or False");
    if (!(shapeValue instanceof List<?> dims)) throw new NpyFormatException(where + ": shape is " + cut(String.valueOf(shapeValue)) + ", not a tuple");
    int[] shape = new int[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      if (!(dims.get(i) instanceof Long dim) || dim < 0 || dim > Integer.MAX_VALUE) {
        throw new NpyFormatException(where + ": shape " + cut(dims.toString()) + " axis " + i + " is not an integer in [0, " + Integer.MAX_VALUE + "]");
      }
      shape[i] = (int) (long) dim;
    }
    return new NpyHeader(dtype, order, fortranOrder, shape);
  }

  private static Object require(Map<?, ?> dict, String key, String where) throws NpyFormatException {
    if (!dict.containsKey(key)) throw new NpyFormatException(where + ": header lacks the key '" + key + "'");
    return dict.get(key);
  }

  /** Little-endian, C-order header text as numpy writes it (without the padding). */
  String format() {
    if (order != ByteOrder.LITTLE_ENDIAN || fortranOrder) throw new IllegalStateException("only little-endian C-order headers are written");
    String prefix = dtype.byteSize() == 1 ? "|" : "<";
    StringBuilder sb = new StringBuilder("{'descr': '").append(prefix).append(dtype.numpyCode()).append("', 'fortran_order': False, 'shape': (");
    for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
    sb.append(shape.length == 1 ? ",), }" : "), }");
    if (shape.length > 0) sb.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NpyHeader h && dtype == h.dtype && order.equals(h.order) && fortranOrder == h.fortranOrder && Arrays.equals(shape, h.shape);
  }

  @Override
  public int hashCode() {
    return dtype.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "NpyHeader[" + dtype + " " + order + (fortranOrder ? " fortran " : " ") + Arrays.toString(shape) + "]";
  }

  static String cut(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }

  private static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  /** Recursive descent over the Python literal grammar subset numpy headers use. */
  private static final class Reader {
    final String s;
    int pos;

    Reader(String s) {
      this.s = s;
    }

    SyntaxError error(String what) {
      return new SyntaxError(what + " at offset " + pos);
    }

    void skipSpace() {
      while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) pos++;
    }

    Object value(int depth) throws SyntaxError {
      if (depth > MAX_DEPTH) throw error("nesting too deep");
      skipSpace();
      if (pos >= s.length()) throw error("unexpected end");
      char c = s.charAt(pos);
      return switch (c) {
        case '{' -> dict(depth);
        case '(' -> sequence(')', depth);
        case '[' -> sequence(']', depth);
        case '\'', '"' -> string();
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) yield integer();
          if (Character.isLetter(c)) yield word();
          throw error("unexpected character '" + c + "'");
        }
      };
    }

    Map<Object, Object> dict(int depth) throws SyntaxError {
      Map<Object, Object> out = new LinkedHashMap<>();
      pos++;
      while (true) {
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == '}') {
          pos++;
          return out;
        }
        Object key = value(depth + 1);
        if (!(key instanceof String)) throw error("dictionary key is not a string");
        skipSpace();
        expect(':');
        Object v = value(depth + 1);
        if (out.put(key, v) != null) throw error("duplicate key '" + key + "'");
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == ',') {
          pos++;
        } else {
          skipSpace();
          expect('}');
          return out;
        }
      }
    }

    List<Object> sequence(char close, int depth) throws SyntaxError {
      List<Object> out = new ArrayList<>();
      pos++;
      while (true) {
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == close) {
          pos++;
          return out;
        }
        out.add(value(depth + 1));
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == ',') {
          pos++;
        } else {
          expect(close);
          return out;
        }
      }
    }

    void expect(char c) throws SyntaxError {
      if (pos >= s.length() || s.charAt(pos) != c) throw error("expected '" + c + "'");
      pos++;
    }

    String string() throws SyntaxError {
      char quote = s.charAt(pos++);
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (pos >= s.length()) throw error("unterminated string");
        char c = s.charAt(pos++);
        if (c == quote) return sb.toString();
        if (c == '\\') {
          if (pos >= s.length()) throw error("unterminated string");
          sb.append(s.charAt(pos++));
        } else {
          sb.append(c);
        }
      }
    }

    Long integer() throws SyntaxError {
      int start = pos;
      if (s.charAt(pos) == '-') pos++;
      int digits = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) pos++;
      if (pos == digits) throw error("expected digits");
      String text = s.substring(start, pos);
      if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) pos++; // Python 2 long
      if (text.length() > 19) throw error("integer " + cut(text) + " is too large");
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw error("integer " + text + " is too large");
      }
    }

    Object word() throws SyntaxError {
      int start = pos;
      while (pos < s.length() && Character.isLetter(s.charAt(pos))) pos++;
      String w = s.substring(start, pos);
      return switch (w) {
        case "True" -> Boolean.TRUE;
        case "False" -> Boolean.FALSE;
        case "None" -> NONE;
        default -> throw new SyntaxError("unknown name '" + cut(w) + "' at offset " + start);
      };
    }
  }

  /** Python's None, kept distinct from Java null so a present-but-None key is still present. */
  private static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "None";
    }
  };
}
