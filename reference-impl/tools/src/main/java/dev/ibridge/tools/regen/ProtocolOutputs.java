package dev.ibridge.tools.regen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol version and the limits, {@code schemas/v1/protocol.json}: Java constants in core,
 * Rust constants, and the spec's table of limits (chapter "Security considerations").
 */
final class ProtocolOutputs {
  static final String SOURCE = "schemas/v1/protocol.json";

  /** One limit: its constant's name, value, unit (bytes, words or count), table row and Javadoc. */
  record Limit(String name, long value, String unit, String limit, String doc) {}

  /** The facts of the file. */
  record Facts(int major, int minor, List<Limit> limits) {}

  private ProtocolOutputs() {}

  static Facts parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(SOURCE + " is not valid JSON", e);
    }
    List<Limit> limits = new ArrayList<>();
    for (JsonNode l : root.path("limits")) {
      String unit = l.path("unit").asText();
      if (!List.of("bytes", "words", "count").contains(unit)) {
        throw new IllegalArgumentException(SOURCE + ": limit " + l.path("name").asText() + " has unit \"" + unit
            + "\"; the units are bytes, words and count");
      }
      long value = l.path("value").asLong(-1);
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(SOURCE + ": limit " + l.path("name").asText()
            + " must be an integer from 0 to " + Integer.MAX_VALUE);
      }
      limits.add(new Limit(l.path("name").asText(), value, unit, l.path("limit").asText(), l.path("doc").asText()));
    }
    return new Facts(root.path("version").path("major").asInt(), root.path("version").path("minor").asInt(), limits);
  }

  static List<GeneratedFile> generate(String json) {
    Facts facts = parse(json);
    String java = "reference-impl/core/src/generated/java/dev/ibridge/model/";
    return List.of(
        new GeneratedFile(java + "ProtocolVersion.java", javaVersion(facts)),
        new GeneratedFile(java + "Limits.java", javaLimits(facts)),
        new GeneratedFile("emitters/rust/crates/ibridge/src/generated/protocol.rs", rust(facts)),
        new GeneratedFile("spec/generated/limits.adoc", asciidoc(facts)));
  }

  static String javaVersion(Facts f) {
    return GeneratedFile.header("//", SOURCE)
        + "package dev.ibridge.model;\n\n"
        + "/** The protocol version this implementation speaks. */\n"
        + "public final class ProtocolVersion {\n"
        + "  public static final int MAJOR = " + f.major() + ";\n"
        + "  public static final int MINOR = " + f.minor() + ";\n\n"
        + "  private ProtocolVersion() {}\n}\n";
  }

  static String javaLimits(Facts f) {
    StringBuilder out = new StringBuilder(GeneratedFile.header("//", SOURCE));
    out.append("package dev.ibridge.model;\n\n")
        .append("/**\n * Upper bounds on every variable-sized part of a protocol value. Readers reject anything larger\n")
        .append(" * before allocating for it, so a hostile file cannot exhaust memory.\n */\n")
        .append("public final class Limits {\n");
    for (Limit l : f.limits()) {
      out.append("  /** ").append(l.doc()).append(" */\n")
          .append("  public static final int ").append(l.name()).append(" = ").append(Rust.integer(l.value())).append(";\n");
    }
    return out.append("\n  private Limits() {}\n}\n").toString();
  }

  static String rust(Facts f) {
    StringBuilder out = new StringBuilder(GeneratedFile.header("//", SOURCE));
    out.append("\n//! The protocol version and the limits of the data model and its readers (spec chapter\n")
        .append("//! \"Security considerations\").\n\n")
        .append("/// The protocol major version this implementation speaks.\n")
        .append("pub const PROTOCOL_MAJOR: u16 = ").append(f.major()).append(";\n")
        .append("/// The protocol minor version this implementation writes.\n")
        .append("pub const PROTOCOL_MINOR: u16 = ").append(f.minor()).append(";\n");
    for (Limit l : f.limits()) {
      out.append("/// ").append(l.doc()).append('\n')
          .append("pub const ").append(l.name()).append(": u64 = ").append(Rust.integer(l.value())).append(";\n");
    }
    return out.toString();
  }

  static String asciidoc(Facts f) {
    StringBuilder out = new StringBuilder(GeneratedFile.header("//", SOURCE));
    out.append("[cols=\"3,1,2\",options=\"header\"]\n|===\n| Limit | Value | Constant\n\n");
    for (Limit l : f.limits()) {
      out.append("| ").append(l.limit()).append(" | ").append(value(l)).append(" | `").append(l.name()).append("`\n");
    }
    return out.append("|===\n").toString();
  }

  /** 64 MiB or 1 GiB for whole binary units of bytes; 8,388,608 (64 MiB) for words; 65,536 for a count. */
  static String value(Limit l) {
    return switch (l.unit()) {
      case "bytes" -> bytes(l.value());
      case "words" -> Group.digits(l.value(), ',') + (l.value() >= 128 && l.value() % 128 == 0 ? " (" + bytes(l.value() * 8) + ")" : "");
      default -> Group.digits(l.value(), ',');
    };
  }

  private static String bytes(long value) {
    for (int shift = 30; shift >= 10; shift -= 10) {
      long unit = 1L << shift;
      if (value >= unit && value % unit == 0) {
        return value / unit + (shift == 30 ? " GiB" : shift == 20 ? " MiB" : " KiB");
      }
    }
    return Group.digits(value, ',');
  }
}
