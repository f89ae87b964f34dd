package dev.ibridge.conformance.gen;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    Json.parse(value);
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
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("format", FORMAT);
    tree.put("property", property);
    tree.put("seed", BigInteger.valueOf(seed));
    tree.put("case", BigInteger.valueOf(caseNumber));
    tree.put("size", BigInteger.valueOf(size));
    List<Object> cs = new ArrayList<>(choices.size());
    for (long c : choices) {
      cs.add(BigInteger.valueOf(c));
    }
    tree.put("choices", cs);
    tree.put("value", Json.parse(value));
    tree.put("failure", failure);
    return Json.write(tree) + "\n";
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
    } catch (IllegalArgumentException | ClassCastException | ArithmeticException | NullPointerException e) {
      throw new IOException("not a counterexample file: " + file + ": " + e.getMessage(), e);
    }
  }

  static Counterexample fromJson(String text) {
    if (!(Json.parse(text) instanceof Map<?, ?> tree)) {
      throw new IllegalArgumentException("top level is not an object");
    }
    if (!FORMAT.equals(tree.get("format"))) {
      throw new IllegalArgumentException("format is " + tree.get("format") + ", expected " + FORMAT);
    }
    List<Long> choices = new ArrayList<>();
    for (Object c : (List<?>) require(tree, "choices")) {
      choices.add(((BigInteger) c).longValueExact());
    }
    return new Counterexample(
        (String) require(tree, "property"),
        ((BigInteger) require(tree, "seed")).longValueExact(),
        ((BigInteger) require(tree, "case")).intValueExact(),
        ((BigInteger) require(tree, "size")).intValueExact(),
        choices,
        Json.write(tree.get("value")),
        (String) require(tree, "failure"));
  }

  private static Object require(Map<?, ?> tree, String member) {
    Object v = tree.get(member);
    if (v == null) {
      throw new IllegalArgumentException("member \"" + member + "\" is missing");
    }
    return v;
  }
}
