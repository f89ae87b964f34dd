package dev.ibridge.conformance.gen;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Just enough JSON for counterexample files: a tree of {@code Map<String, Object>} (insertion
 * ordered), {@code List<Object>}, {@code String}, {@code BigInteger}, {@code BigDecimal},
 * {@code Boolean} and {@code null}; a writer that escapes everything outside printable ASCII, so
 * the output is the same bytes on every platform; a parser; and a renderer for Java values.
 */
final class Json {
  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

  private Json() {}

  /**
   * Renders a Java value as a JSON tree. Records become objects of their components, in
   * declaration order; a record that implements a sealed interface is wrapped as
   * {@code {"TypeName": {...}}} so that alternatives stay distinguishable. Collections become
   * arrays, maps objects, byte arrays hex strings, integers exact numbers, enums their names, and
   * anything else its {@code toString()}.
   */
  static Object render(Object v) {
    if (v == null || v instanceof Boolean || v instanceof String) {
      return v;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return BigInteger.valueOf(((Number) v).longValue());
    }
    if (v instanceof BigInteger || v instanceof BigDecimal) {
      return v;
    }
    if (v instanceof Double || v instanceof Float) {
      return new BigDecimal(v.toString());
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    if (v instanceof byte[] b) {
      return HexFormat.of().formatHex(b);
    }
    if (v instanceof Optional<?> o) {
      return render(o.orElse(null));
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object x : c) {
        out.add(render(x));
      }
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), render(x)));
      return out;
    }
    if (v.getClass().isRecord()) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (RecordComponent rc : v.getClass().getRecordComponents()) {
        try {
          rc.getAccessor().setAccessible(true);
          fields.put(rc.getName(), render(rc.getAccessor().invoke(v)));
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
          fields.put(rc.getName(), "<unreadable: " + e + ">");
        }
      }
      for (Class<?> i : v.getClass().getInterfaces()) {
        if (i.isSealed()) {
          Map<String, Object> wrapped = new LinkedHashMap<>();
          wrapped.put(v.getClass().getSimpleName(), fields);
          return wrapped;
        }
      }
      return fields;
    }
    return v.toString();
  }

  static String write(Object tree) {
    StringBuilder out = new StringBuilder();
    write(tree, out, 0);
    return out.toString();
  }

  private static void write(Object v, StringBuilder out, int indent) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Boolean || v instanceof BigInteger || v instanceof BigDecimal) {
      out.append(v);
    } else if (v instanceof String s) {
      quote(s, out);
    } else if (v instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      boolean flat = list.stream().noneMatch(x -> x instanceof Map || x instanceof List);
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(flat ? ", " : ",");
        }
        if (!flat) {
          newline(out, indent + 1);
        }
        write(list.get(i), out, indent + 1);
      }
      if (!flat) {
        newline(out, indent);
      }
      out.append(']');
    } else if (v instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        newline(out, indent + 1);
        quote((String) e.getKey(), out);
        out.append(": ");
        write(e.getValue(), out, indent + 1);
      }
      newline(out, indent);
      out.append('}');
    } else {
      throw new IllegalArgumentException("not a JSON tree node: " + v.getClass().getName());
    }
  }

  private static void newline(StringBuilder out, int indent) {
    out.append('\n');
    out.append("  ".repeat(indent));
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c >= 0x20 && c < 0x7F) {
            out.append(c);
          } else {
            out.append("\\u").append(HEX_DIGITS[(c >> 12) & 15]).append(HEX_DIGITS[(c >> 8) & 15])
                .append(HEX_DIGITS[(c >> 4) & 15]).append(HEX_DIGITS[c & 15]);
          }
        }
      }
    }
    out.append('"');
  }

  /** Parses JSON text; malformed input is an IllegalArgumentException naming the offset. */
  static Object parse(String text) {
    Parser p = new Parser(text);
    p.skipSpace();
    Object v = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("trailing characters");
    }
    return v;
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("malformed JSON at offset " + pos + ": " + what);
    }

    void skipSpace() {
      while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
    }

    char peek() {
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(pos);
    }

    void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    Object value() {
      char c = peek();
      if (c == '{') {
        return object();
      }
      if (c == '[') {
        return array();
      }
      if (c == '"') {
        return string();
      }
      if (s.startsWith("true", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("false", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (s.startsWith("null", pos)) {
        pos += 4;
        return null;
      }
      return number();
    }

    Map<String, Object> object() {
      expect('{');
      Map<String, Object> out = new LinkedHashMap<>();
      skipSpace();
      if (peek() == '}') {
        pos++;
        return out;
      }
      while (true) {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        out.put(key, value());
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else {
          expect('}');
          return out;
        }
      }
    }

    List<Object> array() {
      expect('[');
      List<Object> out = new ArrayList<>();
      skipSpace();
      if (peek() == ']') {
        pos++;
        return out;
      }
      while (true) {
        skipSpace();
        out.add(value());
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else {
          expect(']');
          return out;
        }
      }
    }

    String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = peek();
        pos++;
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = peek();
        pos++;
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("short \\u escape");
            }
            try {
              out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape");
            }
            pos += 4;
          }
          default -> throw error("bad escape \\" + e);
        }
      }
    }

    Object number() {
      int start = pos;
      while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      String t = s.substring(start, pos);
      if (t.isEmpty()) {
        throw error("unexpected character '" + s.charAt(pos) + "'");
      }
      try {
        return t.matches("-?[0-9]+") ? new BigInteger(t) : new BigDecimal(t);
      } catch (NumberFormatException ex) {
        pos = start;
        throw error("bad number " + t);
      }
    }
  }
}
