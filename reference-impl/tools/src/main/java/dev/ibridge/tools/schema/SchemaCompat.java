package dev.ibridge.tools.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaNormalization;

/**
 * The schema-evolution gate: classifies the change from an old schema to a new one as compatible
 * or breaking, with a reason for every difference, following the rule in {@code schemas/README.md}
 * (chapter "Versioning and evolution" of the specification).
 */
public final class SchemaCompat {
  /**
   * Avro types whose binary encoding is hashed into keys and fingerprints: any change to their
   * Parsing Canonical Form changes every key, so it is breaking even when Avro could resolve it.
   */
  public static final Set<String> HASHED_AVRO_TYPES =
      Set.of("dev.ibridge.protocol.KeyMaterial", "dev.ibridge.protocol.OutputManifest");

  private final List<CompatReport.Finding> findings = new ArrayList<>();

  private SchemaCompat() {}

  /**
   * Compares two schema files of the same language ({@code .capnp} or {@code .avdl}), or two
   * directories of them, pairing files by name.
   */
  public static CompatReport compare(Path oldPath, Path newPath) throws SchemaException {
    SchemaCompat gate = new SchemaCompat();
    for (Path p : List.of(oldPath, newPath)) {
      if (!Files.exists(p)) {
        throw new SchemaException(p + ": no such file or directory");
      }
    }
    if (Files.isDirectory(oldPath) && Files.isDirectory(newPath)) {
      gate.directories(oldPath, newPath);
    } else if (Files.isRegularFile(oldPath) && Files.isRegularFile(newPath)) {
      gate.files(oldPath, newPath);
    } else {
      throw new SchemaException("compare two schema files or two directories of schema files, not "
          + oldPath + " and " + newPath);
    }
    return new CompatReport(gate.findings);
  }

  public static CompatReport capnp(CapnpSchema oldSchema, CapnpSchema newSchema) {
    SchemaCompat gate = new SchemaCompat();
    gate.compareCapnp(oldSchema, newSchema);
    return new CompatReport(gate.findings);
  }

  public static CompatReport avro(AvroSchemas.AvroFile oldFile, AvroSchemas.AvroFile newFile) {
    SchemaCompat gate = new SchemaCompat();
    gate.compareAvro(oldFile, newFile);
    return new CompatReport(gate.findings);
  }

  private void directories(Path oldDir, Path newDir) throws SchemaException {
    Set<String> oldNames = schemaFiles(oldDir);
    Set<String> newNames = schemaFiles(newDir);
    for (String name : oldNames) {
      if (newNames.contains(name)) {
        files(oldDir.resolve(name), newDir.resolve(name));
      } else {
        breaking(name, "the schema file was removed");
      }
    }
    for (String name : newNames) {
      if (!oldNames.contains(name)) {
        compatible(name, "new schema file");
      }
    }
  }

  private static Set<String> schemaFiles(Path dir) throws SchemaException {
    try (Stream<Path> list = Files.list(dir)) {
      Set<String> names = new TreeSet<>();
      list.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".capnp") || n.endsWith(".avdl"))
          .forEach(names::add);
      return names;
    } catch (IOException e) {
      throw new SchemaException(dir + ": " + e.getMessage(), e);
    }
  }

  private void files(Path oldFile, Path newFile) throws SchemaException {
    String oldName = oldFile.getFileName().toString();
    String newName = newFile.getFileName().toString();
    if (oldName.endsWith(".capnp") && newName.endsWith(".capnp")) {
      compareCapnp(readCapnp(oldFile), readCapnp(newFile));
    } else if (oldName.endsWith(".avdl") && newName.endsWith(".avdl")) {
      compareAvro(AvroSchemas.read(oldFile), AvroSchemas.read(newFile));
    } else {
      throw new SchemaException("cannot compare " + oldFile + " with " + newFile
          + ": both must be .capnp or both .avdl");
    }
  }

  static CapnpSchema readCapnp(Path file) throws SchemaException {
    try {
      return CapnpParser.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SchemaException(file + ": " + e.getMessage(), e);
    }
  }

  private void compareCapnp(CapnpSchema oldSchema, CapnpSchema newSchema) {
    String file = newSchema.fileName();
    if (oldSchema.id() != newSchema.id()) {
      breaking(file, "the file ID changed from @0x" + Long.toHexString(oldSchema.id()) + " to @0x"
          + Long.toHexString(newSchema.id()));
    }
    for (CapnpSchema.Type oldType : oldSchema.types()) {
      String where = file + " " + oldType.name();
      CapnpSchema.Type newType = newSchema.type(oldType.name());
      if (newType == null) {
        breaking(where, "the type was removed or renamed");
      } else if (oldType.getClass() != newType.getClass()) {
        breaking(where, "the type changed between struct and enum");
      } else {
        if (oldType.id() != newType.id()) {
          breaking(where, "the ID changed from @0x" + Long.toHexString(oldType.id()) + " to @0x"
              + Long.toHexString(newType.id()));
        }
        if (oldType instanceof CapnpSchema.Struct o && newType instanceof CapnpSchema.Struct n) {
          compareStructs(where, o, n);
        } else if (oldType instanceof CapnpSchema.Enum o && newType instanceof CapnpSchema.Enum n) {
          compareEnums(where, o, n);
        }
      }
    }
    for (CapnpSchema.Type newType : newSchema.types()) {
      if (oldSchema.type(newType.name()) == null) {
        compatible(file + " " + newType.name(), "new type");
      }
    }
  }

  private void compareStructs(String where, CapnpSchema.Struct oldStruct, CapnpSchema.Struct newStruct) {
    Map<Integer, CapnpSchema.Field> oldSlots = slots(oldStruct);
    Map<Integer, CapnpSchema.Field> newSlots = slots(newStruct);
    gaps(where, "field", newSlots.keySet());
    Map<String, Integer> newOrdinalByPath = new LinkedHashMap<>();
    newSlots.forEach((ordinal, f) -> newOrdinalByPath.put(f.path(), ordinal));
    for (CapnpSchema.Field o : oldSlots.values()) {
      CapnpSchema.Field n = newSlots.get(o.ordinal());
      String field = "field `" + o.path() + "` @" + o.ordinal();
      if (n == null) {
        Integer moved = newOrdinalByPath.get(o.path());
        breaking(where, moved == null ? field + " was removed" : field + " was renumbered to @" + moved);
        continue;
      }
      if (!n.path().equals(o.path())) {
        breaking(where, "ordinal @" + o.ordinal() + " reused: it named `" + o.path() + "` and now names `"
            + n.path() + "`");
      }
      if (!n.type().equals(o.type())) {
        breaking(where, field + " retyped from " + o.type() + " to " + n.type());
      }
      if (!n.defaultValue().equals(o.defaultValue())) {
        breaking(where, field + " default changed from `" + o.defaultValue() + "` to `" + n.defaultValue() + "`");
      }
      if (!n.union().equals(o.union())) {
        breaking(where, field + " moved into or out of a union");
      }
    }
    Set<String> oldUnions = new TreeSet<>();
    oldSlots.values().forEach(f -> oldUnions.add(f.union()));
    for (CapnpSchema.Field n : newSlots.values()) {
      if (oldSlots.containsKey(n.ordinal())) {
        continue;
      }
      String field = "field `" + n.path() + "` @" + n.ordinal();
      if (!n.union().isEmpty() && oldUnions.contains(n.union())) {
        breaking(where, field + " adds a case to an existing union, which version 1 readers reject");
      } else {
        compatible(where, field + " added");
      }
    }
  }

  /**
   * Cap'n Proto numbers the members of a struct, and the enumerants of an enum, @0, @1, @2 and so
   * on without holes: {@code capnp compile} rejects a schema that skips one ("Skipped ordinal @5"),
   * so a new schema with a gap can never be compiled, let alone read old data.
   */
  private void gaps(String where, String member, Set<Integer> ordinals) {
    int max = ordinals.stream().mapToInt(Integer::intValue).max().orElse(-1);
    List<Integer> skipped = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      if (!ordinals.contains(i)) {
        skipped.add(i);
      }
    }
    if (!skipped.isEmpty()) {
      int first = skipped.get(0);
      int last = skipped.get(skipped.size() - 1);
      String which = skipped.size() == 1 ? "ordinal @" + first
          : skipped.size() == last - first + 1 ? "ordinals @" + first + " to @" + last
          : skipped.size() + " ordinals, the first @" + first;
      breaking(where, "the new schema skips " + which + " (its last " + member + " is @" + max
          + "): Cap'n Proto ordinals run from @0 without a gap, and capnp compile rejects the schema"
          + " (\"Skipped ordinal @" + first + "\")");
    }
  }

  private static Map<Integer, CapnpSchema.Field> slots(CapnpSchema.Struct s) {
    Map<Integer, CapnpSchema.Field> out = new LinkedHashMap<>();
    s.fields().stream().filter(CapnpSchema.Field::isSlot).forEach(f -> out.put(f.ordinal(), f));
    return out;
  }

  private void compareEnums(String where, CapnpSchema.Enum oldEnum, CapnpSchema.Enum newEnum) {
    Map<Integer, String> newNames = new LinkedHashMap<>();
    newEnum.enumerants().forEach(e -> newNames.put(e.ordinal(), e.name()));
    gaps(where, "enumerant", new TreeSet<>(newNames.keySet()));
    for (CapnpSchema.Enumerant o : oldEnum.enumerants()) {
      String n = newNames.remove(o.ordinal());
      if (n == null) {
        breaking(where, "enumerant `" + o.name() + "` @" + o.ordinal() + " was removed");
      } else if (!n.equals(o.name())) {
        breaking(where, "enumerant @" + o.ordinal() + " changed from `" + o.name() + "` to `" + n + "`");
      }
    }
    newNames.forEach((ordinal, name) -> breaking(where,
        "enumerant `" + name + "` @" + ordinal + " added, which version 1 readers reject"));
  }

  private void compareAvro(AvroSchemas.AvroFile oldFile, AvroSchemas.AvroFile newFile) {
    String file = newFile.fileName();
    Map<String, Schema> newByName = new LinkedHashMap<>();
    for (Schema s : newFile.types()) {
      newByName.put(s.getFullName(), s);
    }
    Set<String> matched = new TreeSet<>();
    for (Schema oldType : oldFile.types()) {
      String where = file + " " + oldType.getFullName();
      Schema newType = newByName.get(oldType.getFullName());
      if (newType == null) {
        newType = newFile.types().stream().filter(s -> s.getAliases().contains(oldType.getFullName()))
            .findFirst().orElse(null);
        if (newType == null) {
          breaking(where, "the type was removed, or renamed without listing its old full name in aliases");
          continue;
        }
        breaking(where, "the type was renamed to " + newType.getFullName()
            + " (an alias lets new readers read old data, but old readers cannot read new data)");
      }
      matched.add(newType.getFullName());
      if (oldType.getType() == Schema.Type.RECORD && newType.getType() == Schema.Type.RECORD) {
        fieldChanges(where, oldType, newType);
      }
      direction(where, "new reader, old writer", newType, oldType);
      direction(where, "old reader, new writer", oldType, newType);
      if (HASHED_AVRO_TYPES.contains(oldType.getFullName())
          && !SchemaNormalization.toParsingForm(oldType).equals(SchemaNormalization.toParsingForm(newType))) {
        breaking(where, "the Parsing Canonical Form changed, and this type's bytes are hashed into keys");
      }
    }
    for (Schema s : newFile.types()) {
      if (!matched.contains(s.getFullName())) {
        compatible(file + " " + s.getFullName(), "new type");
      }
    }
  }

  /**
   * Lists the fields added or removed that Avro's resolution accepts, so that every difference is
   * printed: a field added with a default (a new reader fills it in for old data; an old reader
   * skips it), or a removed field that had one. A field added or removed without a default is
   * already reported as breaking by {@link #direction}.
   */
  private void fieldChanges(String where, Schema oldType, Schema newType) {
    for (Schema.Field n : newType.getFields()) {
      if (field(oldType, n) == null && n.hasDefaultValue()) {
        compatible(where, "field `" + n.name() + "` :" + AvroSchemas.typeName(n.schema()) + " added, with default "
            + defaultText(n));
      }
    }
    for (Schema.Field o : oldType.getFields()) {
      if (field(newType, o) == null && o.hasDefaultValue()) {
        compatible(where, "field `" + o.name() + "` :" + AvroSchemas.typeName(o.schema()) + " removed; it had default "
            + defaultText(o) + ", which old readers use");
      }
    }
  }

  /** The field of {@code record} that is {@code f} by name or by one of the aliases of either. */
  private static Schema.Field field(Schema record, Schema.Field f) {
    Schema.Field byName = record.getField(f.name());
    if (byName != null) {
      return byName;
    }
    for (Schema.Field other : record.getFields()) {
      if (other.aliases().contains(f.name()) || f.aliases().contains(other.name())) {
        return other;
      }
    }
    return null;
  }

  private static String defaultText(Schema.Field f) {
    Object v = f.defaultVal();
    if (v == null || v == JsonProperties.NULL_VALUE) {
      return "null";
    }
    return v instanceof CharSequence text ? "\"" + text + "\"" : String.valueOf(v);
  }

  private void direction(String where, String label, Schema reader, Schema writer) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    for (Incompatibility i : result.getResult().getIncompatibilities()) {
      breaking(where, label + ": " + i.getType() + " at " + i.getLocation() + ": " + i.getMessage());
    }
  }

  private void breaking(String where, String reason) {
    findings.add(new CompatReport.Finding(true, where, reason));
  }

  private void compatible(String where, String reason) {
    findings.add(new CompatReport.Finding(false, where, reason));
  }
}
