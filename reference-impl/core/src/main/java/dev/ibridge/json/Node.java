package dev.ibridge.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.Digest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON value together with its JSONPath-like location ({@code $.keyMaterial.inputs[2]}), so that
 * every validation error names the place it was found.
 */
final class Node {
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern DIGEST_TEXT = Pattern.compile("[a-z0-9]+:[0-9a-f]*");

  private final JsonNode json;
  private final String path;

  private Node(JsonNode json, String path) {
    this.json = json;
    this.path = path;
  }

  static Node root(JsonNode json) {
    return new Node(json, "$");
  }

  DecodeException error(String what) {
    return new DecodeException(path + ": " + what);
  }

  /** Checks that this is an object with exactly the fields {@code names}, and returns it. */
  Node object(String... names) throws DecodeException {
    if (!json.isObject()) {
      throw error("expected an object, got " + describe(json));
    }
    for (String name : names) {
      if (!json.has(name)) {
        throw error("missing field \"" + name + "\"");
      }
    }
    Set<String> known = Set.of(names);
    Iterator<String> present = json.fieldNames();
    while (present.hasNext()) {
      String name = present.next();
      if (!known.contains(name)) {
        throw error("unknown field \"" + name + "\"");
      }
    }
    return this;
  }

  /** The field {@code name} of an object already checked with {@link #object}. */
  Node field(String name) {
    String child = PLAIN_NAME.matcher(name).matches() ? path + "." + name : path + "[\"" + name + "\"]";
    return new Node(json.get(name), child);
  }

  /** The single field name of an object holding exactly one of {@code choices}. */
  String choice(String... choices) throws DecodeException {
    if (!json.isObject()) {
      throw error("expected an object, got " + describe(json));
    }
    Set<String> allowed = Set.of(choices);
    if (json.size() != 1) {
      throw error("expected exactly one of " + String.join(", ", choices) + ", got " + json.size() + " fields");
    }
    String name = json.fieldNames().next();
    if (!allowed.contains(name)) {
      throw error("unknown field \"" + name + "\", expected one of " + String.join(", ", choices));
    }
    return name;
  }

  String text() throws DecodeException {
    if (!json.isTextual()) {
      throw error("expected a string, got " + describe(json));
    }
    return json.textValue();
  }

  String nullableText() throws DecodeException {
    return json.isNull() ? null : text();
  }

  long longValue() throws DecodeException {
    if (!json.isIntegralNumber() || !json.canConvertToLong()) {
      throw error("expected an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE
          + ", got " + describe(json));
    }
    return json.longValue();
  }

  int intValue() throws DecodeException {
    if (!json.isIntegralNumber() || !json.canConvertToInt()) {
      throw error("expected an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE
          + ", got " + describe(json));
    }
    return json.intValue();
  }

  boolean bool() throws DecodeException {
    if (!json.isBoolean()) {
      throw error("expected true or false, got " + describe(json));
    }
    return json.booleanValue();
  }

  List<Node> elements() throws DecodeException {
    if (!json.isArray()) {
      throw error("expected an array, got " + describe(json));
    }
    List<Node> out = new ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      out.add(new Node(json.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  Digest digest() throws DecodeException {
    String text = text();
    if (!DIGEST_TEXT.matcher(text).matches()) {
      throw error("expected a digest like \"sha256:<lower-case hex>\", got \"" + text + "\"");
    }
    return build(() -> Digest.parse(text));
  }

  /**
   * Builds a model value, turning the model's validation failure into an error at this path.
   */
  <T> T build(Builder<T> builder) throws DecodeException {
    try {
      return builder.build();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new DecodeException(path + ": " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  interface Builder<T> {
    T build() throws DecodeException;
  }

  @FunctionalInterface
  interface JsonReader<T> {
    T read(Node node) throws DecodeException;
  }

  static String describe(JsonNode json) {
    if (json == null || json.isMissingNode()) {
      return "nothing";
    }
    return switch (json.getNodeType()) {
      case NULL -> "null";
      case BOOLEAN -> json.asText();
      case NUMBER -> json.toString();
      case STRING -> "a string";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> json.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
