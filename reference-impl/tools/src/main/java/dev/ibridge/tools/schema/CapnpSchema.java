package dev.ibridge.tools.schema;

import java.util.List;

/**
 * One parsed {@code .capnp} file: its ID, its leading comment and its top-level and nested
 * structs and enums, in declaration order. Only the subset of the language the protocol's
 * schemas use is modelled: structs, enums, fields, unions and groups.
 */
public record CapnpSchema(String fileName, long id, String doc, List<Type> types) {

  public CapnpSchema {
    types = List.copyOf(types);
  }

  /** A struct or enum; {@code name} is dotted for nested declarations ({@code Outer.Inner}). */
  public sealed interface Type permits Struct, Enum {
    String name();

    long id();

    String doc();
  }

  public record Struct(String name, long id, String doc, List<Field> fields) implements Type {
    public Struct {
      fields = List.copyOf(fields);
    }
  }

  public record Enum(String name, long id, String doc, List<Enumerant> enumerants) implements Type {
    public Enum {
      enumerants = List.copyOf(enumerants);
    }
  }

  public record Enumerant(String name, int ordinal, String doc) {}

  /**
   * A member of a struct, flattened: {@code path} is dotted through groups and named unions
   * ({@code file.path}). Groups and named unions appear as members of their own with
   * {@code ordinal} -1 and {@code type} "group" or "union". {@code union} names the union the
   * member is a case of: "" when none, "(union)" for the struct's unnamed union, else the named
   * union's path. {@code defaultValue} is the literal text after {@code =}, "" when none.
   */
  public record Field(String path, int ordinal, String type, String defaultValue, String union, String doc) {
    public boolean isSlot() {
      return ordinal >= 0;
    }
  }

  public Type type(String name) {
    return types.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
  }
}
