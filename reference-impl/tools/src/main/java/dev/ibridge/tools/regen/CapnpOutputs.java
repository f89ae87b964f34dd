package dev.ibridge.tools.regen;

import dev.ibridge.capnpc.CapnpTool;
import dev.ibridge.capnpc.JavaGenerator;
import dev.ibridge.capnpc.Schema;
import dev.ibridge.capnpc.Schema.Field;
import dev.ibridge.capnpc.Schema.FileNode;
import dev.ibridge.capnpc.Schema.Nested;
import dev.ibridge.capnpc.Schema.Primitive;
import dev.ibridge.capnpc.Schema.StructNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What is generated from the compiled Cap'n Proto schema ({@code capnp compile -o-}): the Java
 * bindings (capnpc-java), the Rust struct layout constants and the spec's table of struct layouts.
 */
final class CapnpOutputs {
  static final String SOURCE = "schemas/v1/ibridge.capnp";
  static final String FIXTURE = "reference-impl/capnpc-java/src/test/resources/fixture.capnp";

  private CapnpOutputs() {}

  static List<GeneratedFile> generate(Path root) throws IOException {
    Schema schema = CapnpTool.compile(root, SOURCE);
    long file = schema.requestedFiles().get(0).id();
    Schema fixture = CapnpTool.compile(root, FIXTURE);
    return List.of(
        new GeneratedFile("reference-impl/core/src/generated/java/dev/ibridge/capnp/schema/Ibridge.java",
            JavaGenerator.generate(schema, file, "dev.ibridge.capnp.schema", "Ibridge")),
        new GeneratedFile("reference-impl/capnpc-java/src/test/generated/java/dev/ibridge/capnpc/fixture/Fixture.java",
            JavaGenerator.generate(fixture, fixture.requestedFiles().get(0).id(), "dev.ibridge.capnpc.fixture", "Fixture")),
        new GeneratedFile("emitters/rust/crates/ibridge/src/generated/capnp_layout.rs", rust(schema, file)),
        new GeneratedFile("spec/generated/struct-layouts.adoc", asciidoc(schema, file)));
  }

  // ---------------------------------------------------------------- Rust

  /**
   * One module per struct: {@code STRUCT_SIZE} (data words and pointers), and per field its data
   * offset in units of the field's width (bits for a Bool) or its pointer index. A union has
   * {@code DISCRIMINANT} (in 16-bit units) and one {@code *_TAG} per member; a group is a nested
   * module.
   */
  static String rust(Schema schema, long fileId) throws IOException {
    StringBuilder out = new StringBuilder(GeneratedFile.header("//", SOURCE));
    out.append("\n//! The struct layouts of `ibridge.capnp`, as `capnp compile` assigns them: each struct's size,\n")
        .append("//! each field's data offset (in units of its own width; bits for a Bool) or pointer index, and\n")
        .append("//! each union's discriminant offset (in 16-bit units) and member tags; and the access to\n")
        .append("//! structs by those offsets, the crate's only use of the capnp runtime's private layout API.\n\n")
        .append(access());
    FileNode file = (FileNode) schema.node(fileId).orElseThrow();
    for (Nested n : file.nested()) {
      if (schema.node(n.id()).orElseThrow() instanceof StructNode s) {
        out.append("\n/// `").append(n.name()).append("`.\npub mod ").append(snake(n.name())).append(" {\n")
            .append("    use super::Size;\n\n")
            .append("    pub const STRUCT_SIZE: Size = Size { data: ").append(s.dataWords())
            .append(", pointers: ").append(s.pointerCount()).append(" };\n");
        rustMembers(schema, s, "    ", out);
        out.append("}\n");
      }
    }
    return out.toString();
  }

  /**
   * The access layer over the capnp runtime's layout API that the layout constants are used with:
   * the same for every schema, so it is kept as Rust text next to this class, without its
   * two-line comment.
   */
  private static String access() throws IOException {
    try (InputStream in = CapnpOutputs.class.getResourceAsStream("capnp_access.rs")) {
      if (in == null) {
        throw new IOException("capnp_access.rs is not on the class path of dev.ibridge.tools.regen");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.substring(text.indexOf("\n\n") + 2);
    }
  }

  private static void rustMembers(Schema schema, StructNode s, String indent, StringBuilder out) {
    if (s.hasUnion()) {
      out.append(indent).append("/// The union discriminant, in 16-bit units.\n")
          .append(indent).append("pub const DISCRIMINANT: usize = ").append(s.discriminantOffset()).append(";\n");
    }
    for (Field f : s.fields()) {
      String name = snake(f.name()).toUpperCase(Locale.ROOT);
      if (f.inUnion()) {
        out.append(indent).append("pub const ").append(name).append("_TAG: u16 = ").append(f.discriminantValue()).append(";\n");
      }
      if (f.isGroup()) {
        out.append(indent).append("/// The group `").append(f.name()).append("`.\n")
            .append(indent).append("pub mod ").append(snake(f.name())).append(" {\n");
        rustMembers(schema, (StructNode) schema.node(f.groupId()).orElseThrow(), indent + "    ", out);
        out.append(indent).append("}\n");
      } else if (f.slot().type() != Primitive.VOID) {
        out.append(indent).append("/// `").append(f.name()).append(" @").append(f.ordinal()).append("`: ")
            .append(location(f.slot())).append(".\n")
            .append(indent).append("pub const ").append(name).append(": usize = ").append(f.slot().offset()).append(";\n");
      }
    }
  }

  /** outputFingerprint becomes output_fingerprint; KeyMaterial becomes key_material. */
  static String snake(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------- AsciiDoc

  static String asciidoc(Schema schema, long fileId) {
    StringBuilder out = new StringBuilder(GeneratedFile.header("//", SOURCE));
    out.append("[cols=\"2,1,1,6\",options=\"header\"]\n|===\n| Struct | Data words | Pointers | Fields\n\n");
    FileNode file = (FileNode) schema.node(fileId).orElseThrow();
    for (Nested n : file.nested()) {
      if (schema.node(n.id()).orElseThrow() instanceof StructNode s) {
        out.append("| `").append(n.name()).append("` | ").append(s.dataWords()).append(" | ").append(s.pointerCount())
            .append(" | ").append(members(schema, s)).append('\n');
      }
    }
    return out.append("|===\n").toString();
  }

  private static String members(Schema schema, StructNode s) {
    List<String> parts = new ArrayList<>();
    if (s.hasUnion()) {
      long bit = s.discriminantOffset() * 16;
      parts.add("union discriminant bits [" + bit + ", " + (bit + 16) + ")");
    }
    for (Field f : s.fields()) {
      String tag = f.inUnion() ? " (tag " + f.discriminantValue() + ")" : "";
      if (f.isGroup()) {
        parts.add("`" + f.name() + "`" + tag + ": { "
            + members(schema, (StructNode) schema.node(f.groupId()).orElseThrow()) + " }");
      } else {
        parts.add("`" + f.name() + "`" + tag + " " + location(f.slot()));
      }
    }
    return String.join("; ", parts);
  }

  /** {@code ptr[1]}, {@code bits [0, 64)}, {@code bit 0} or {@code void}. */
  private static String location(Schema.Slot slot) {
    int bits = slot.dataBits();
    if (bits < 0) {
      return "ptr[" + slot.offset() + "]";
    }
    if (bits == 0) {
      return "void";
    }
    if (bits == 1) {
      return "bit " + slot.offset();
    }
    long start = slot.offset() * bits;
    return "bits [" + start + ", " + (start + bits) + ")";
  }
}
