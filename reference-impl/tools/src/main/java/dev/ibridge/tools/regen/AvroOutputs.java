package dev.ibridge.tools.regen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.idl.IdlFile;
import org.apache.avro.idl.IdlReader;

/**
 * The Avro schemas the Rust implementation embeds, as JSON texts parsed from the IDL in
 * {@code schemas/v1} by avro-idl, the parser the Java build uses.
 */
final class AvroOutputs {
  /** A schema the Rust implementation embeds: the IDL file that declares it and its simple name. */
  record Embedded(String idlFile, String type) {}

  static final List<Embedded> EMBEDDED = List.of(
      new Embedded("ibridge.avdl", "KeyMaterial"),
      new Embedded("ibridge.avdl", "OutputManifest"),
      new Embedded("ibridge.avdl", "Subject"),
      new Embedded("ibridge.avdl", "JournalEvent"),
      new Embedded("harness.avdl", "HarnessFrame"));

  private static final String NAMESPACE = "dev.ibridge.protocol.";

  private AvroOutputs() {}

  static List<GeneratedFile> generate(Path schemasDir) throws IOException {
    StringBuilder out = new StringBuilder(GeneratedFile.header("//", "schemas/v1/ibridge.avdl and schemas/v1/harness.avdl"));
    out.append("\n//! The Avro schemas of version 1 in their JSON form, as avro-idl parses them from the IDL.\n");
    for (Embedded e : EMBEDDED) {
      IdlFile idl = new IdlReader().parse(schemasDir.resolve(e.idlFile()));
      Schema schema = idl.getNamedSchema(NAMESPACE + e.type());
      if (schema == null) {
        throw new IllegalArgumentException("schemas/v1/" + e.idlFile() + " declares no type " + NAMESPACE + e.type());
      }
      out.append("\n/// `").append(NAMESPACE).append(e.type()).append("`, from `schemas/v1/").append(e.idlFile()).append("`.\n")
          .append("pub const ").append(constant(e.type())).append(": &str = ")
          .append(Rust.rawString(schema.toString(true) + "\n")).append(";\n");
    }
    return List.of(new GeneratedFile("emitters/rust/crates/ibridge/src/generated/avro_schemas.rs", out.toString()));
  }

  /** KeyMaterial becomes KEY_MATERIAL. */
  static String constant(String type) {
    return type.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
