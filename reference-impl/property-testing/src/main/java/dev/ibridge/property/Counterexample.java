package dev.ibridge.property;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A failing case, as written to a counterexample file: where it came from, the shrunk choice
 * sequence (which replays the case through the same generator, in Java), and the value rendered as
 * JSON (which any language can read). The file format is described in
 * {@code spec/conformance-generators.adoc}.
 *
 * @param property the property's name, {@code TestClass#method} unless named otherwise
 * @param seed the run's seed
 * @param caseNumber the failing case, counting from 0
 * @param size the case's size (see {@link Draw#size()})
 * @param choices the shrunk choice sequence, each in {@code [0, 2^63 - 1]}
 * @param value the shrunk value, as JSON text
 * @param failure the failure the shrunk value caused, as one line
 */
public record Counterexample(
    String property, long seed, int caseNumber, int size, List<Long> choices, String value, String failure) {

  /** The value of the {@code format} member, which names this file format and its version. */
  public static final String FORMAT = "ibridge-counterexample/1";

  public Counterexample {
    Objects.requireNonNull(property, "property");
    choices = List.copyOf(choices);
    for (long c : choices) {
      if (c < 0) {
        throw new IllegalArgumentException("choices must not be negative, got " + c);
      }
    }
    ValueTree.parse(value);
    Objects.requireNonNull(failure, "failure");
  }

  /** Generates the value again from the recorded choices. */
  public <T> T replay(Gen<T> gen) {
    long[] prefix = new long[choices.size()];
    for (int i = 0; i < prefix.length; i++) {
      prefix[i] = choices.get(i);
    }
    return Choices.replay(prefix, size).draw(gen);
  }

  public String toJson() {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    tree.put("format", FORMAT);
    tree.put("property", property);
    tree.put("seed", seed);
    tree.put("case", caseNumber);
    tree.put("size", size);
    ArrayNode cs = tree.putArray("choices");
    choices.forEach(cs::add);
    tree.set("value", ValueTree.parse(value));
    tree.put("failure", failure);
    return ValueTree.write(tree) + "\n";
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  /** Reads a counterexample file; a malformed one is an IOException that says what is wrong. */
  public static Counterexample read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return fromJson(text);
    } catch (IllegalArgumentException e) {
      throw new IOException("not a counterexample file: " + file + ": " + e.getMessage(), e);
    }
  }

  static Counterexample fromJson(String text) {
    JsonNode tree = ValueTree.parse(text);
    if (!tree.isObject()) {
      throw new IllegalArgumentException("top level is not an object");
    }
    if (!FORMAT.equals(tree.path("format").textValue())) {
      throw new IllegalArgumentException("format is " + tree.get("format") + ", expected " + FORMAT);
    }
    List<Long> choices = new ArrayList<>();
    JsonNode cs = require(tree, "choices");
    if (!cs.isArray()) {
      throw new IllegalArgumentException("member \"choices\" is not an array");
    }
    for (JsonNode c : cs) {
      choices.add(longValue(c, "choices"));
    }
    long caseNumber = longValue(require(tree, "case"), "case");
    long size = longValue(require(tree, "size"), "size");
    if (caseNumber != (int) caseNumber || size != (int) size) {
      throw new IllegalArgumentException("member \"case\" or \"size\" is out of range");
    }
    return new Counterexample(
        text(require(tree, "property"), "property"),
        longValue(require(tree, "seed"), "seed"),
        (int) caseNumber,
        (int) size,
        choices,
        ValueTree.write(tree.has("value") ? tree.get("value") : NullNode.getInstance()),
        text(require(tree, "failure"), "failure"));
  }

  private static JsonNode require(JsonNode tree, String member) {
    JsonNode v = tree.get(member);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("member \"" + member + "\" is missing");
    }
    return v;
  }

  private static long longValue(JsonNode v, String member) {
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("member \"" + member + "\" holds " + v + ", not a 64-bit integer");
    }
    return v.longValue();
  }

  private static String text(JsonNode v, String member) {
    if (!v.isTextual()) {
      throw new IllegalArgumentException("member \"" + member + "\" is not a string");
    }
    return v.textValue();
  }
}
