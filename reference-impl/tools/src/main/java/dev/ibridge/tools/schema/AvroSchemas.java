package dev.ibridge.tools.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.idl.IdlFile;
import org.apache.avro.idl.IdlReader;

/** Reads Avro IDL files with avro-idl's {@link IdlReader}, the parser avro-maven-plugin uses. */
public final class AvroSchemas {
  private AvroSchemas() {}

  /**
   * One IDL file: its protocol's doc comment and the named types it declares itself, in
   * declaration order (types it only imports are left to the file that declares them).
   */
  public record AvroFile(String fileName, String doc, List<Schema> types) {
    public AvroFile {
      types = List.copyOf(types);
    }
  }

  public static AvroFile read(Path file) throws SchemaException {
    IdlFile idl;
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
      idl = new IdlReader().parse(file);
    } catch (IOException | AvroRuntimeException e) {
      throw new SchemaException(file + ": " + e.getMessage(), e);
    }
    List<Schema> own = new ArrayList<>();
    for (Schema s : idl.getNamedSchemas().values()) {
      Pattern declared = Pattern.compile("\\b(record|enum|fixed|error)\\s+" + Pattern.quote(s.getName()) + "\\b");
      if (declared.matcher(text).find()) {
        own.add(s);
      }
    }
    String doc = idl.getProtocol() != null ? idl.getProtocol().getDoc() : null;
    return new AvroFile(file.getFileName().toString(), doc == null ? "" : doc.strip(), own);
  }

  /** A type as the IDL would write it, with named types by their simple name. */
  public static String typeName(Schema s) {
    String base = switch (s.getType()) {
      case RECORD, ENUM, FIXED -> s.getName();
      case ARRAY -> "array<" + typeName(s.getElementType()) + ">";
      case MAP -> "map<" + typeName(s.getValueType()) + ">";
      case UNION -> s.getTypes().stream().map(AvroSchemas::typeName)
          .collect(Collectors.joining(", ", "union { ", " }"));
      default -> s.getType().getName();
    };
    return s.getLogicalType() == null ? base : base + " (" + s.getLogicalType().getName() + ")";
  }
}
