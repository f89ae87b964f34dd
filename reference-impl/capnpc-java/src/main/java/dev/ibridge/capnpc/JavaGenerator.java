package dev.ibridge.capnpc;

import dev.ibridge.capnpc.Schema.EnumNode;
import dev.ibridge.capnpc.Schema.EnumType;
import dev.ibridge.capnpc.Schema.Field;
import dev.ibridge.capnpc.Schema.FileNode;
import dev.ibridge.capnpc.Schema.ListType;
import dev.ibridge.capnpc.Schema.Nested;
import dev.ibridge.capnpc.Schema.Node;
import dev.ibridge.capnpc.Schema.OtherNode;
import dev.ibridge.capnpc.Schema.Primitive;
import dev.ibridge.capnpc.Schema.StructNode;
import dev.ibridge.capnpc.Schema.StructType;
import dev.ibridge.capnpc.Schema.Type;
import dev.ibridge.capnpc.Schema.Unsupported;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes one Java source file for one schema file: an outer class holding a nested class per
 * struct (with Reader, Builder and Factory) and a Java enum per Cap'n Proto enum, for the
 * {@code org.capnproto:runtime} 0.1.x API. The output depends only on the schema and the options,
 * so regenerating gives byte-identical text.
 */
public final class JavaGenerator {
  private static final String RT = "org.capnproto.";

  private final Schema schema;
  private final String javaPackage;
  private final Map<Long, String> classNames = new HashMap<>();
  private final Out out = new Out();

  private JavaGenerator(Schema schema, String javaPackage) {
    this.schema = schema;
    this.javaPackage = javaPackage;
  }

  /**
   * Generates the file for the requested schema file {@code fileId}.
   *
   * @param outerClass the name of the class that holds everything, or null for one derived from
   *     the file name ({@code ibridge.capnp} gives {@code Ibridge})
   * @throws UnsupportedSchemaException if the schema uses something this generator does not support
   */
  public static String generate(Schema schema, long fileId, String javaPackage, String outerClass) {
    Node file = schema.node(fileId)
        .orElseThrow(() -> new UnsupportedSchemaException("the request has no node for file ID " + hex(fileId)));
    if (!(file instanceof FileNode fileNode)) {
      throw new UnsupportedSchemaException(hex(fileId) + " is not a file node");
    }
    String outer = outerClass != null ? outerClass : Names.outerClassFor(fileNode.displayName());
    JavaGenerator g = new JavaGenerator(schema, javaPackage);
    g.nameAll(fileNode, outer);
    g.writeFile(fileNode, outer);
    return g.out.toString();
  }

  // ---- naming ----

  private void nameAll(FileNode file, String outer) {
    Set<String> siblings = new HashSet<>();
    siblings.add(outer);
    for (Nested n : file.nested()) {
      nameNode(n, outer, siblings, Set.of(outer));
    }
  }

  private void nameNode(Nested n, String parentQualified, Set<String> siblings, Set<String> enclosing) {
    Node node = schema.node(n.id())
        .orElseThrow(() -> new UnsupportedSchemaException("the request has no node for " + n.name() + " (" + hex(n.id()) + ")"));
    if (node instanceof OtherNode) {
      return;
    }
    String simple = n.name();
    checkClassName(simple, node.displayName(), siblings, enclosing);
    String qualified = parentQualified + "." + simple;
    classNames.put(node.id(), qualified);
    if (node instanceof StructNode s) {
      nameStructMembers(s, qualified, with(enclosing, simple));
    } else if (node instanceof EnumNode e) {
      Set<String> inner = new HashSet<>();
      for (Nested child : e.nested()) {
        nameNode(child, qualified, inner, with(enclosing, simple));
      }
    }
  }

  private void nameStructMembers(StructNode s, String qualified, Set<String> enclosing) {
    Set<String> members = new HashSet<>();
    for (Nested child : s.nested()) {
      nameNode(child, qualified, members, enclosing);
    }
    for (Field f : s.fields()) {
      if (f.isGroup()) {
        StructNode group = struct(f.groupId(), s.displayName() + "." + f.name());
        String simple = Names.capitalize(f.name());
        checkClassName(simple, group.displayName(), members, enclosing);
        String groupQualified = qualified + "." + simple;
        classNames.put(group.id(), groupQualified);
        nameStructMembers(group, groupQualified, with(enclosing, simple));
      }
    }
  }

  private static void checkClassName(String simple, String where, Set<String> siblings, Set<String> enclosing) {
    if (Names.RESERVED_CLASS_NAMES.contains(simple)) {
      throw new UnsupportedSchemaException(where + ": the Java class name " + simple
          + " is reserved for the generated Reader, Builder, Factory and Which; rename it");
    }
    if (enclosing.contains(simple)) {
      throw new UnsupportedSchemaException(where + ": the Java class name " + simple
          + " would hide an enclosing class of the same name, which Java forbids; rename it");
    }
    if (!siblings.add(simple)) {
      throw new UnsupportedSchemaException(where + ": two members map to the Java class name " + simple + "; rename one");
    }
  }

  private static Set<String> with(Set<String> set, String extra) {
    Set<String> copy = new HashSet<>(set);
    copy.add(extra);
    return copy;
  }

  private StructNode struct(long id, String where) {
    Node node = schema.node(id).orElseThrow(() -> new UnsupportedSchemaException(where + ": no node " + hex(id)));
    if (!(node instanceof StructNode s)) {
      throw new UnsupportedSchemaException(where + ": node " + hex(id) + " is not a struct");
    }
    return s;
  }

  private String className(long id, String where) {
    String name = classNames.get(id);
    if (name == null) {
      throw new UnsupportedSchemaException(where + ": refers to type " + hex(id)
          + ", which is declared in another file; generate one file holding all types it uses");
    }
    return name;
  }

  // ---- file ----

  private void writeFile(FileNode file, String outer) {
    String source = Names.baseName(file.displayName());
    out.line("// Code generated by ibridge-capnpc-java from " + source + ". DO NOT EDIT.");
    out.line("");
    out.line("package " + javaPackage + ";");
    out.line("");
    out.line("/** Java bindings for the Cap'n Proto schema " + Javadoc.code(source) + " (file ID " + hex(file.id()) + "). */");
    out.open("public final class " + outer + " {");
    out.line("private " + outer + "() {}");
    for (Nested n : file.nested()) {
      writeNode(n);
    }
    out.close("}");
  }

  private void writeNode(Nested n) {
    Node node = schema.node(n.id()).orElseThrow();
    if (node instanceof StructNode s) {
      writeStruct(s, n.name());
    } else if (node instanceof EnumNode e) {
      writeEnum(e, n.name());
    } else if (node instanceof OtherNode o && !o.kind().equals("annotation")) {
      throw new UnsupportedSchemaException(o.displayName() + ": " + o.kind() + " declarations are not supported");
    } else if (node instanceof FileNode f) {
      throw new UnsupportedSchemaException(f.displayName() + ": a file node cannot be nested");
    }
  }

  // ---- enums ----

  private void writeEnum(EnumNode e, String simple) {
    if (e.enumerants().isEmpty()) {
      throw new UnsupportedSchemaException(e.displayName() + ": an enum needs at least one enumerant");
    }
    out.line("");
    Javadoc.write(out, e.doc());
    out.open("public enum " + simple + " {");
    for (int i = 0; i < e.enumerants().size(); i++) {
      Javadoc.write(out, e.enumerantDocs().get(i));
      out.line(Names.constant(e.enumerants().get(i)) + ",");
    }
    out.line("/** A value that this version of the schema does not define. */");
    out.line("_NOT_IN_SCHEMA;");
    out.line("");
    out.line("private static final " + simple + "[] VALUES = values();");
    out.line("public static final " + RT + "EnumList.Factory<" + simple + "> listFactory =");
    out.line("    new " + RT + "EnumList.Factory<>(VALUES);");
    out.line("");
    out.line("/** The enumerant with this wire value, or {@code _NOT_IN_SCHEMA} when the schema has none. */");
    out.open("public static " + simple + " fromWire(short value) {");
    out.line("int ordinal = Short.toUnsignedInt(value);");
    out.line("return ordinal < _NOT_IN_SCHEMA.ordinal() ? VALUES[ordinal] : _NOT_IN_SCHEMA;");
    out.close("}");
    out.line("");
    out.line("/** The wire value of {@code value}, which must be defined by the schema. */");
    out.open("public static short toWire(" + simple + " value) {");
    out.open("if (value == _NOT_IN_SCHEMA) {");
    out.line("throw new IllegalArgumentException(\"_NOT_IN_SCHEMA has no wire value\");");
    out.close("}");
    out.line("return (short) value.ordinal();");
    out.close("}");
    for (Nested n : e.nested()) {
      writeNode(n);
    }
    out.close("}");
  }

  // ---- structs and groups ----

  private void writeStruct(StructNode s, String simple) {
    if (s.isGeneric()) {
      throw new UnsupportedSchemaException(s.displayName() + ": generic structs are not supported");
    }
    out.line("");
    Javadoc.write(out, s.doc());
    out.open("public static final class " + simple + " {");
    out.line("public static final " + RT + "StructSize STRUCT_SIZE = new " + RT + "StructSize((short) "
        + s.dataWords() + ", (short) " + s.pointerCount() + ");");
    out.line("public static final Factory factory = new Factory();");
    out.line("public static final " + RT + "StructList.Factory<Builder, Reader> listFactory =");
    out.line("    new " + RT + "StructList.Factory<>(factory);");
    out.line("");
    out.line("private " + simple + "() {}");
    out.line("");
    out.open("public static final class Factory extends " + RT + "StructFactory<Builder, Reader> {");
    out.line("private Factory() {}");
    out.line("");
    out.line("@Override");
    out.line("public Reader constructReader(");
    out.open("    " + RT + "SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {");
    out.line("return new Reader(segment, data, pointers, dataSize, pointerCount, nestingLimit);");
    out.close("}");
    out.line("");
    out.line("@Override");
    out.line("public Builder constructBuilder(");
    out.open("    " + RT + "SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {");
    out.line("return new Builder(segment, data, pointers, dataSize, pointerCount);");
    out.close("}");
    out.line("");
    out.line("@Override");
    out.open("public " + RT + "StructSize structSize() {");
    out.line("return STRUCT_SIZE;");
    out.close("}");
    out.line("");
    out.line("@Override");
    out.open("public Reader asReader(Builder builder) {");
    out.line("return builder.asReader();");
    out.close("}");
    out.close("}");
    writeMembers(s);
    for (Nested n : s.nested()) {
      writeNode(n);
    }
    out.close("}");
  }

  private void writeGroup(StructNode g, String simple) {
    out.line("");
    Javadoc.write(out, g.doc());
    out.open("public static final class " + simple + " {");
    out.line("private " + simple + "() {}");
    writeMembers(g);
    out.close("}");
  }

  /** The Which enum, Reader, Builder and group classes shared by structs and groups. */
  private void writeMembers(StructNode s) {
    List<Field> unionMembers = s.fields().stream().filter(Field::inUnion).toList();
    if (s.hasUnion()) {
      out.line("");
      out.line("/** The members of the union, in discriminant order. */");
      out.open("public enum Which {");
      Field[] byDiscriminant = new Field[unionMembers.size()];
      for (Field f : unionMembers) {
        if (f.discriminantValue() >= byDiscriminant.length || byDiscriminant[f.discriminantValue()] != null) {
          throw new UnsupportedSchemaException(s.displayName() + "." + f.name() + ": discriminant values are not 0.." + (byDiscriminant.length - 1));
        }
        byDiscriminant[f.discriminantValue()] = f;
      }
      for (Field f : byDiscriminant) {
        out.line(Names.constant(f.name()) + ",");
      }
      out.line("_NOT_IN_SCHEMA");
      out.close("}");
    }

    out.line("");
    out.open("public static final class Reader extends " + RT + "StructReader {");
    out.open("Reader(" + RT + "SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {");
    out.line("super(segment, data, pointers, dataSize, pointerCount, nestingLimit);");
    out.close("}");
    if (s.hasUnion()) {
      writeWhich(s, unionMembers);
    }
    for (Field f : s.fields()) {
      writeReaderField(s, f);
    }
    out.close("}");

    out.line("");
    out.open("public static final class Builder extends " + RT + "StructBuilder {");
    out.open("Builder(" + RT + "SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {");
    out.line("super(segment, data, pointers, dataSize, pointerCount);");
    out.close("}");
    out.line("");
    out.open("public Reader asReader() {");
    out.line("return new Reader(segment, data, pointers, dataSize, pointerCount, 0x7fffffff);");
    out.close("}");
    if (s.hasUnion()) {
      writeWhich(s, unionMembers);
    }
    for (Field f : s.fields()) {
      writeBuilderField(s, f);
    }
    out.close("}");

    for (Field f : s.fields()) {
      if (f.isGroup()) {
        writeGroup(struct(f.groupId(), s.displayName()), Names.capitalize(f.name()));
      }
    }
  }

  private void writeWhich(StructNode s, List<Field> unionMembers) {
    out.line("");
    out.open("public Which which() {");
    out.open("switch (_getShortField(" + s.discriminantOffset() + ")) {");
    for (Field f : unionMembers.stream()
        .sorted((a, b) -> Integer.compare(a.discriminantValue(), b.discriminantValue())).toList()) {
      out.line("case " + f.discriminantValue() + ": return Which." + Names.constant(f.name()) + ";");
    }
    out.line("default: return Which._NOT_IN_SCHEMA;");
    out.close("}");
    out.close("}");
  }

  // ---- fields ----

  private void writeReaderField(StructNode s, Field f) {
    String where = s.displayName() + "." + f.name();
    checkFieldName(f, where);
    String cap = Names.capitalize(f.name());
    if (f.inUnion()) {
      out.line("");
      out.open("public boolean is" + cap + "() {");
      out.line("return which() == Which." + Names.constant(f.name()) + ";");
      out.close("}");
    }
    if (f.isGroup()) {
      String group = className(f.groupId(), where);
      out.line("");
      Javadoc.write(out, f.doc());
      out.open("public " + group + ".Reader get" + cap + "() {");
      out.line("return new " + group + ".Reader(segment, data, pointers, dataSize, pointerCount, nestingLimit);");
      out.close("}");
      return;
    }
    Type type = f.slot().type();
    long offset = f.slot().offset();
    if (f.slot().pointerDefault()) {
      throw new UnsupportedSchemaException(where + ": default values for pointer fields (Text, Data, List, struct) are not supported");
    }
    if (isPointer(type, where)) {
      out.line("");
      out.open("public boolean has" + cap + "() {");
      out.line("return !_pointerFieldIsNull(" + offset + ");");
      out.close("}");
    }
    out.line("");
    Javadoc.write(out, f.doc());
    switch (kind(type, where)) {
      case VOID -> {
        out.open("public " + RT + "Void get" + cap + "() {");
        out.line("return " + RT + "Void.VOID;");
      }
      case BLOB -> {
        String blob = blobName((Primitive) type);
        out.open("public " + RT + blob + ".Reader get" + cap + "() {");
        out.line("return _getPointerField(" + RT + blob + ".factory, " + offset + ", null, 0, 0);");
      }
      case VALUE -> {
        Primitive p = (Primitive) type;
        out.open("public " + javaType(p) + " get" + cap + "() {");
        out.line("return _get" + accessor(p) + "Field(" + offset + mask(p, f.slot().defaultBits()) + ");");
      }
      case ENUM -> {
        String name = className(((EnumType) type).id(), where);
        out.open("public " + name + " get" + cap + "() {");
        out.line("return " + name + ".fromWire(_getShortField(" + offset + mask(Primitive.UINT16, f.slot().defaultBits()) + "));");
      }
      case STRUCT -> {
        String name = className(((StructType) type).id(), where);
        out.open("public " + name + ".Reader get" + cap + "() {");
        out.line("return _getPointerField(" + name + ".factory, " + offset + ", null, 0);");
      }
      case LIST -> {
        ListType l = (ListType) type;
        out.open("public " + listType(l, "Reader", where) + " get" + cap + "() {");
        out.line("return _getPointerField(" + listFactory(l, where) + ", " + offset + ", null, 0);");
      }
    }
    out.close("}");
  }

  private void writeBuilderField(StructNode s, Field f) {
    String where = s.displayName() + "." + f.name();
    String cap = Names.capitalize(f.name());
    String tag = f.inUnion()
        ? "_setShortField(" + s.discriminantOffset() + ", (short) " + f.discriminantValue() + ");"
        : null;
    if (f.inUnion()) {
      out.line("");
      out.open("public boolean is" + cap + "() {");
      out.line("return which() == Which." + Names.constant(f.name()) + ";");
      out.close("}");
    }
    if (f.isGroup()) {
      String group = className(f.groupId(), where);
      out.line("");
      out.open("public " + group + ".Builder get" + cap + "() {");
      out.line("return new " + group + ".Builder(segment, data, pointers, dataSize, pointerCount);");
      out.close("}");
      out.line("");
      out.line("/** Selects this group" + (f.inUnion() ? " in the union" : "") + " and resets its fields to their defaults. */");
      out.open("public " + group + ".Builder init" + cap + "() {");
      if (tag != null) {
        out.line(tag);
      }
      clearGroup(struct(f.groupId(), where));
      out.line("return get" + cap + "();");
      out.close("}");
      return;
    }
    Type type = f.slot().type();
    long offset = f.slot().offset();
    if (isPointer(type, where)) {
      out.line("");
      out.open("public boolean has" + cap + "() {");
      out.line("return !_pointerFieldIsNull(" + offset + ");");
      out.close("}");
    }
    switch (kind(type, where)) {
      case VOID -> {
        if (tag != null) {
          out.line("");
          out.open("public void set" + cap + "() {");
          out.line(tag);
          out.close("}");
        }
      }
      case BLOB -> {
        Primitive p = (Primitive) type;
        String blob = blobName(p);
        out.line("");
        out.open("public " + RT + blob + ".Builder get" + cap + "() {");
        out.line("return _getPointerField(" + RT + blob + ".factory, " + offset + ", null, 0, 0);");
        out.close("}");
        out.line("");
        out.open("public void set" + cap + "(" + RT + blob + ".Reader value) {");
        if (tag != null) {
          out.line(tag);
        }
        out.line("_setPointerField(" + RT + blob + ".factory, " + offset + ", value);");
        out.close("}");
        out.line("");
        out.open("public void set" + cap + "(" + (p == Primitive.TEXT ? "String" : "byte[]") + " value) {");
        out.line("set" + cap + "(new " + RT + blob + ".Reader(value));");
        out.close("}");
        out.line("");
        out.open("public " + RT + blob + ".Builder init" + cap + "(int size) {");
        if (tag != null) {
          out.line(tag);
        }
        out.line("return _initPointerField(" + RT + blob + ".factory, " + offset + ", size);");
        out.close("}");
      }
      case VALUE -> {
        Primitive p = (Primitive) type;
        String mask = mask(p, f.slot().defaultBits());
        out.line("");
        out.open("public " + javaType(p) + " get" + cap + "() {");
        out.line("return _get" + accessor(p) + "Field(" + offset + mask + ");");
        out.close("}");
        out.line("");
        out.open("public void set" + cap + "(" + javaType(p) + " value) {");
        if (tag != null) {
          out.line(tag);
        }
        out.line("_set" + accessor(p) + "Field(" + offset + ", value" + mask + ");");
        out.close("}");
      }
      case ENUM -> {
        String name = className(((EnumType) type).id(), where);
        String mask = mask(Primitive.UINT16, f.slot().defaultBits());
        out.line("");
        out.open("public " + name + " get" + cap + "() {");
        out.line("return " + name + ".fromWire(_getShortField(" + offset + mask + "));");
        out.close("}");
        out.line("");
        out.open("public void set" + cap + "(" + name + " value) {");
        if (tag != null) {
          out.line(tag);
        }
        out.line("_setShortField(" + offset + ", " + name + ".toWire(value)" + mask + ");");
        out.close("}");
      }
      case STRUCT -> {
        String name = className(((StructType) type).id(), where);
        out.line("");
        out.open("public " + name + ".Builder get" + cap + "() {");
        out.line("return _getPointerField(" + name + ".factory, " + offset + ", null, 0);");
        out.close("}");
        out.line("");
        out.open("public void set" + cap + "(" + name + ".Reader value) {");
        if (tag != null) {
          out.line(tag);
        }
        out.line("_setPointerField(" + name + ".factory, " + offset + ", value);");
        out.close("}");
        out.line("");
        out.open("public " + name + ".Builder init" + cap + "() {");
        if (tag != null) {
          out.line(tag);
        }
        out.line("return _initPointerField(" + name + ".factory, " + offset + ", 0);");
        out.close("}");
      }
      case LIST -> {
        ListType l = (ListType) type;
        String factory = listFactory(l, where);
        out.line("");
        out.open("public " + listType(l, "Builder", where) + " get" + cap + "() {");
        out.line("return _getPointerField(" + factory + ", " + offset + ", null, 0);");
        out.close("}");
        out.line("");
        out.open("public void set" + cap + "(" + listType(l, "Reader", where) + " value) {");
        if (tag != null) {
          out.line(tag);
        }
        out.line("_setPointerField(" + factory + ", " + offset + ", value);");
        out.close("}");
        out.line("");
        out.open("public " + listType(l, "Builder", where) + " init" + cap + "(int size) {");
        if (tag != null) {
          out.line(tag);
        }
        out.line("return _initPointerField(" + factory + ", " + offset + ", size);");
        out.close("}");
      }
    }
  }

  /** Resets every field of a group (and of groups inside it) to its default: zero bits, null pointers. */
  private void clearGroup(StructNode group) {
    if (group.hasUnion()) {
      out.line("_setShortField(" + group.discriminantOffset() + ", (short) 0);");
    }
    for (Field f : group.fields()) {
      if (f.isGroup()) {
        clearGroup(struct(f.groupId(), group.displayName()));
        continue;
      }
      Type type = f.slot().type();
      long offset = f.slot().offset();
      switch (kind(type, group.displayName() + "." + f.name())) {
        case VOID -> { }
        case VALUE -> out.line("_set" + accessor((Primitive) type) + "Field(" + offset + ", " + zero((Primitive) type) + ");");
        case ENUM -> out.line("_setShortField(" + offset + ", (short) 0);");
        case BLOB, STRUCT, LIST -> out.line("_clearPointerField(" + offset + ");");
      }
    }
  }

  private static void checkFieldName(Field f, String where) {
    if (f.name().equals("class")) {
      throw new UnsupportedSchemaException(where + ": a field named \"class\" would clash with Object.getClass(); rename it");
    }
  }

  // ---- types ----

  /** How a field of this type is accessed. */
  private enum Kind { VOID, VALUE, ENUM, BLOB, STRUCT, LIST }

  private static Kind kind(Type type, String where) {
    if (type instanceof Primitive p) {
      return p == Primitive.VOID ? Kind.VOID : p.isPointer() ? Kind.BLOB : Kind.VALUE;
    } else if (type instanceof EnumType) {
      return Kind.ENUM;
    } else if (type instanceof StructType) {
      return Kind.STRUCT;
    } else if (type instanceof ListType) {
      return Kind.LIST;
    }
    throw new UnsupportedSchemaException(where + ": " + ((Unsupported) type).what() + " fields are not supported");
  }

  private static boolean isPointer(Type type, String where) {
    Kind kind = kind(type, where);
    return kind == Kind.BLOB || kind == Kind.STRUCT || kind == Kind.LIST;
  }

  private static String blobName(Primitive p) {
    return p == Primitive.TEXT ? "Text" : "Data";
  }

  private static String javaType(Primitive p) {
    return switch (p) {
      case BOOL -> "boolean";
      case INT8, UINT8 -> "byte";
      case INT16, UINT16 -> "short";
      case INT32, UINT32 -> "int";
      case INT64, UINT64 -> "long";
      case FLOAT32 -> "float";
      case FLOAT64 -> "double";
      default -> throw new IllegalArgumentException("no Java value type for " + p);
    };
  }

  /** The runtime accessor stem: {@code _getIntField}, {@code _setLongField}, ... */
  private static String accessor(Primitive p) {
    return switch (p) {
      case BOOL -> "Boolean";
      case INT8, UINT8 -> "Byte";
      case INT16, UINT16 -> "Short";
      case INT32, UINT32 -> "Int";
      case INT64, UINT64 -> "Long";
      case FLOAT32 -> "Float";
      case FLOAT64 -> "Double";
      default -> throw new IllegalArgumentException("no data accessor for " + p);
    };
  }

  private static String zero(Primitive p) {
    return switch (p) {
      case INT8, UINT8 -> "(byte) 0";
      case INT16, UINT16 -> "(short) 0";
      case INT64, UINT64 -> "0L";
      case FLOAT32 -> "0.0f";
      case FLOAT64 -> "0.0";
      default -> "0";
    };
  }

  /**
   * The XOR mask argument for a field with a non-zero default, or nothing. The runtime takes the
   * mask in the field's own type, except for floats, whose mask is given as IEEE bits.
   */
  private static String mask(Primitive p, long bits) {
    if (bits == 0) {
      return "";
    }
    return ", " + switch (p) {
      case BOOL -> "true";
      case INT8, UINT8 -> "(byte) 0x" + Long.toHexString(bits & 0xFF);
      case INT16, UINT16 -> "(short) 0x" + Long.toHexString(bits & 0xFFFF);
      case INT32, UINT32, FLOAT32 -> "0x" + Long.toHexString(bits & 0xFFFFFFFFL);
      case INT64, UINT64, FLOAT64 -> "0x" + Long.toHexString(bits) + "L";
      default -> throw new IllegalArgumentException("no default mask for " + p);
    };
  }

  private String listType(ListType l, String side, String where) {
    Type element = l.element();
    return switch (kind(element, where + " element")) {
      case VOID, VALUE -> RT + "PrimitiveList." + primitiveListName((Primitive) element) + "." + side;
      case BLOB -> RT + blobName((Primitive) element) + "List." + side;
      case ENUM -> RT + "EnumList." + side + "<" + className(((EnumType) element).id(), where) + ">";
      case STRUCT -> RT + "StructList." + side + "<" + className(((StructType) element).id(), where) + "." + side + ">";
      case LIST -> RT + "ListList." + side + "<" + listType((ListType) element, side, where) + ">";
    };
  }

  private String listFactory(ListType l, String where) {
    Type element = l.element();
    return switch (kind(element, where + " element")) {
      case VOID, VALUE -> RT + "PrimitiveList." + primitiveListName((Primitive) element) + ".factory";
      case BLOB -> RT + blobName((Primitive) element) + "List.factory";
      case ENUM -> className(((EnumType) element).id(), where) + ".listFactory";
      case STRUCT -> className(((StructType) element).id(), where) + ".listFactory";
      case LIST -> {
        ListType inner = (ListType) element;
        yield "new " + RT + "ListList.Factory<" + listType(inner, "Builder", where) + ", "
            + listType(inner, "Reader", where) + ">(" + listFactory(inner, where) + ")";
      }
    };
  }

  private static String primitiveListName(Primitive p) {
    return switch (p) {
      case VOID -> "Void";
      case BOOL -> "Boolean";
      case INT8, UINT8 -> "Byte";
      case INT16, UINT16 -> "Short";
      case INT32, UINT32 -> "Int";
      case INT64, UINT64 -> "Long";
      case FLOAT32 -> "Float";
      case FLOAT64 -> "Double";
      default -> throw new IllegalArgumentException("no primitive list for " + p);
    };
  }

  static String hex(long id) {
    return "0x" + Long.toHexString(id).toLowerCase(Locale.ROOT);
  }

  /** Indented text with {@code \n} line ends whatever the platform. */
  static final class Out {
    private final StringBuilder text = new StringBuilder();
    private int depth;

    void line(String line) {
      if (!line.isEmpty()) {
        text.append("  ".repeat(depth)).append(line);
      }
      text.append('\n');
    }

    void open(String line) {
      line(line);
      depth++;
    }

    void close(String line) {
      depth--;
      line(line);
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
