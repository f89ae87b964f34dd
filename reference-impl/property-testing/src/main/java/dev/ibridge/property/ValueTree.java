package dev.ibridge.property;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.internal.Json;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JSON of counterexample files: Java values rendered as trees, read and written with the
 * project's one JSON configuration ({@link Json#STRICT}: a duplicate member or trailing text is an
 * error) and two additions the file format needs: numbers read exactly, and every character
 * outside printable ASCII escaped on writing, so a file is the same bytes on every platform.
 */
public final class ValueTree {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final ObjectReader READER =
      Json.STRICT.reader().with(NODES).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final ObjectWriter SCALARS =
      Json.STRICT.writer().with(new AsciiOnly()).with(JsonWriteFeature.ESCAPE_NON_ASCII);

  private ValueTree() {}

  /**
   * Renders a Java value as a JSON tree. Records become objects of their components, in
   * declaration order; a record that implements a sealed interface is wrapped as
   * {@code {"TypeName": {...}}} so that alternatives stay distinguishable. Collections become
   * arrays, maps objects, byte arrays hex strings, integers exact numbers, enums their names, and
   * anything else its {@code toString()}.
   */
  public static JsonNode render(Object v) {
    return render(v, x -> null);
  }

  /**
   * Renders a Java value as {@link #render(Object)} does, except for the values {@code known}
   * renders itself: it is asked first, for the value and for each of its parts, and returns null
   * for a value it leaves to the generic rendering.
   */
  public static JsonNode render(Object v, Function<Object, JsonNode> known) {
    JsonNode own = v == null ? null : known.apply(v);
    if (own != null) {
      return own;
    }
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof String s) {
      return NODES.textNode(s);
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return NODES.numberNode(((Number) v).longValue());
    }
    if (v instanceof BigInteger i) {
      return NODES.numberNode(i);
    }
    if (v instanceof BigDecimal d) {
      return NODES.numberNode(d);
    }
    if (v instanceof Double || v instanceof Float) {
      return NODES.numberNode(new BigDecimal(v.toString()));
    }
    if (v instanceof Enum<?> e) {
      return NODES.textNode(e.name());
    }
    if (v instanceof byte[] b) {
      return NODES.textNode(HexFormat.of().formatHex(b));
    }
    if (v instanceof Optional<?> o) {
      return render(o.orElse(null), known);
    }
    if (v instanceof Collection<?> c) {
      ArrayNode out = NODES.arrayNode(c.size());
      for (Object x : c) {
        out.add(render(x, known));
      }
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode out = NODES.objectNode();
      m.forEach((k, x) -> out.set(String.valueOf(k), render(x, known)));
      return out;
    }
    if (v.getClass().isRecord()) {
      ObjectNode fields = NODES.objectNode();
      for (RecordComponent rc : v.getClass().getRecordComponents()) {
        try {
          rc.getAccessor().setAccessible(true);
          fields.set(rc.getName(), render(rc.getAccessor().invoke(v), known));
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
          fields.put(rc.getName(), "<unreadable: " + e + ">");
        }
      }
      for (Class<?> i : v.getClass().getInterfaces()) {
        if (i.isSealed()) {
          ObjectNode wrapped = NODES.objectNode();
          wrapped.set(v.getClass().getSimpleName(), fields);
          return wrapped;
        }
      }
      return fields;
    }
    return NODES.textNode(v.toString());
  }

  /**
   * {@code tree} indented by two spaces, {@code "name": value}, {@code \n} line ends, no final
   * newline; an array of scalars stays on one line, {@code [1, 2]}. Jackson writes every scalar.
   */
  public static String write(JsonNode tree) {
    StringBuilder out = new StringBuilder();
    write(tree, out, 0);
    return out.toString();
  }

  private static void write(JsonNode v, StringBuilder out, int indent) {
    if (v.isArray() && !v.isEmpty()) {
      boolean flat = true;
      for (JsonNode x : v) {
        flat &= x.isValueNode();
      }
      out.append('[');
      for (int i = 0; i < v.size(); i++) {
        out.append(i == 0 ? "" : flat ? ", " : ",");
        if (!flat) {
          newline(out, indent + 1);
        }
        write(v.get(i), out, indent + 1);
      }
      if (!flat) {
        newline(out, indent);
      }
      out.append(']');
    } else if (v.isObject() && !v.isEmpty()) {
      out.append('{');
      boolean first = true;
      for (var member : (Iterable<Map.Entry<String, JsonNode>>) v::fields) {
        out.append(first ? "" : ",");
        first = false;
        newline(out, indent + 1);
        out.append(scalar(NODES.textNode(member.getKey()))).append(": ");
        write(member.getValue(), out, indent + 1);
      }
      newline(out, indent);
      out.append('}');
    } else {
      out.append(scalar(v));
    }
  }

  private static void newline(StringBuilder out, int indent) {
    out.append('\n').append("  ".repeat(indent));
  }

  private static String scalar(JsonNode v) {
    try {
      return SCALARS.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("rendering a JSON value cannot fail", e);
    }
  }

  /** Parses JSON text strictly; malformed input is an IllegalArgumentException that says where. */
  public static JsonNode parse(String text) {
    try {
      return READER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at offset " + e.getLocation().getCharOffset()), e);
    }
  }

  /** Jackson's standard escapes, plus DEL, the one ASCII character that is not printable. */
  private static final class AsciiOnly extends CharacterEscapes {
    private final int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();

    AsciiOnly() {
      escapes[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
