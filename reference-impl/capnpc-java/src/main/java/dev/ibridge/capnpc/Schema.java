package dev.ibridge.capnpc;

import dev.ibridge.capnpc.bootstrap.SchemaCapnp;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.capnproto.MessageReader;
import org.capnproto.ReaderOptions;
import org.capnproto.Serialize;

/**
 * The schema nodes of one CodeGeneratorRequest, copied out of the message into immutable values.
 * Only what the Java generator needs is kept.
 */
public record Schema(Map<Long, Node> nodes, List<RequestedFile> requestedFiles) {

  /** A file that capnp asked the plugin to generate code for. */
  public record RequestedFile(long id, String filename) {}

  /** A named child of a file or struct node. */
  public record Nested(String name, long id) {}

  /** One schema node; {@code doc} is its doc comment, empty when it has none. */
  public sealed interface Node permits FileNode, StructNode, EnumNode, OtherNode {
    long id();

    String displayName();

    List<Nested> nested();
  }

  public record FileNode(long id, String displayName, List<Nested> nested) implements Node {}

  /**
   * A struct or group. {@code discriminantOffset} is in 16-bit units and meaningful only when
   * {@code discriminantCount > 0}. Fields are in declaration (code) order.
   */
  public record StructNode(
      long id,
      String displayName,
      String doc,
      int dataWords,
      int pointerCount,
      boolean isGroup,
      boolean isGeneric,
      int discriminantCount,
      long discriminantOffset,
      List<Field> fields,
      List<Nested> nested)
      implements Node {

    public boolean hasUnion() {
      return discriminantCount > 0;
    }
  }

  /** An enum; {@code enumerants} are in ordinal order. */
  public record EnumNode(
      long id, String displayName, String doc, List<String> enumerants, List<String> enumerantDocs, List<Nested> nested)
      implements Node {}

  /** An interface, const or annotation node: something this generator does not turn into code. */
  public record OtherNode(long id, String displayName, String kind, List<Nested> nested) implements Node {}

  /**
   * A field. {@code discriminantValue} is -1 outside a union. Exactly one of {@code slot} and
   * {@code groupId} is meaningful: {@code slot} is null for a group.
   */
  public record Field(String name, String doc, int ordinal, int discriminantValue, Slot slot, long groupId) {
    public boolean inUnion() {
      return discriminantValue >= 0;
    }

    public boolean isGroup() {
      return slot == null;
    }
  }

  /**
   * A field's place in the struct: {@code offset} in units of the type's width (bits for Bool,
   * pointer index for pointer types). {@code defaultBits} is the XOR mask of a data field's
   * default; {@code pointerDefault} says a pointer field declared a non-null default.
   */
  public record Slot(long offset, Type type, long defaultBits, boolean pointerDefault) {
    /**
     * The slot's width in the data section, in bits: the primitive's width (0 for Void), 16 for an
     * enum; -1 for a pointer, whose {@code offset} is a pointer index.
     */
    public int dataBits() {
      if (type instanceof Primitive p && !p.isPointer()) {
        return p.bits();
      }
      return type instanceof EnumType ? 16 : -1;
    }
  }

  /** A field or list element type. */
  public sealed interface Type permits Primitive, ListType, EnumType, StructType, Unsupported {}

  public record ListType(Type element) implements Type {}

  public record EnumType(long id) implements Type {}

  public record StructType(long id) implements Type {}

  /** AnyPointer and interface types, which the generator rejects when they are used. */
  public record Unsupported(String what) implements Type {}

  /** Void, Bool, the numbers, Text and Data, with their width in bits (pointers count 0). */
  public enum Primitive implements Type {
    VOID(0),
    BOOL(1),
    INT8(8),
    INT16(16),
    INT32(32),
    INT64(64),
    UINT8(8),
    UINT16(16),
    UINT32(32),
    UINT64(64),
    FLOAT32(32),
    FLOAT64(64),
    TEXT(0),
    DATA(0);

    private final int bits;

    Primitive(int bits) {
      this.bits = bits;
    }

    public int bits() {
      return bits;
    }

    public boolean isPointer() {
      return this == TEXT || this == DATA;
    }
  }

  public Optional<Node> node(long id) {
    return Optional.ofNullable(nodes.get(id));
  }

  /** Reads a CodeGeneratorRequest in standard unpacked framing, as {@code capnp compile -o-} writes it. */
  public static Schema read(ReadableByteChannel in) throws IOException {
    MessageReader message = Serialize.read(in, new ReaderOptions(64L * 1024 * 1024, 64));
    return from(message.getRoot(SchemaCapnp.CodeGeneratorRequest.FACTORY));
  }

  static Schema from(SchemaCapnp.CodeGeneratorRequest request) {
    Map<Long, SchemaCapnp.SourceInfo> sources = new LinkedHashMap<>();
    for (SchemaCapnp.SourceInfo info : request.sourceInfo()) {
      sources.put(info.id(), info);
    }
    Map<Long, Node> nodes = new LinkedHashMap<>();
    for (SchemaCapnp.Node node : request.nodes()) {
      nodes.put(node.id(), node(node, sources.get(node.id())));
    }
    List<RequestedFile> files = new ArrayList<>();
    for (SchemaCapnp.RequestedFile file : request.requestedFiles()) {
      files.add(new RequestedFile(file.id(), file.filename()));
    }
    return new Schema(Map.copyOf(nodes), List.copyOf(files));
  }

  private static Node node(SchemaCapnp.Node node, SchemaCapnp.SourceInfo source) {
    List<Nested> nested = new ArrayList<>();
    for (SchemaCapnp.NestedNode n : node.nestedNodes()) {
      nested.add(new Nested(n.name(), n.id()));
    }
    String doc = source == null ? "" : source.docComment();
    List<String> memberDocs = new ArrayList<>();
    if (source != null) {
      for (SchemaCapnp.Member member : source.members()) {
        memberDocs.add(member.docComment());
      }
    }
    String name = node.displayName();
    return switch (node.which()) {
      case SchemaCapnp.Node.FILE -> new FileNode(node.id(), name, List.copyOf(nested));
      case SchemaCapnp.Node.STRUCT -> structNode(node, name, doc, memberDocs, nested);
      case SchemaCapnp.Node.ENUM -> enumNode(node, name, doc, memberDocs, nested);
      case SchemaCapnp.Node.INTERFACE -> new OtherNode(node.id(), name, "interface", List.copyOf(nested));
      case SchemaCapnp.Node.CONST -> new OtherNode(node.id(), name, "const", List.copyOf(nested));
      case SchemaCapnp.Node.ANNOTATION -> new OtherNode(node.id(), name, "annotation", List.copyOf(nested));
      default -> new OtherNode(node.id(), name, "unknown node kind " + node.which(), List.copyOf(nested));
    };
  }

  private static StructNode structNode(
      SchemaCapnp.Node node, String name, String doc, List<String> memberDocs, List<Nested> nested) {
    record Indexed(int codeOrder, Field field) {}
    List<Indexed> fields = new ArrayList<>();
    int index = 0;
    for (SchemaCapnp.Field f : node.structFields()) {
      String fieldDoc = index < memberDocs.size() ? memberDocs.get(index) : "";
      int discriminant = f.discriminantValue() == SchemaCapnp.Field.NO_DISCRIMINANT ? -1 : f.discriminantValue();
      Field field = f.which() == SchemaCapnp.Field.GROUP
          ? new Field(f.name(), fieldDoc, f.ordinal(), discriminant, null, f.groupTypeId())
          : new Field(f.name(), fieldDoc, f.ordinal(), discriminant, slot(f), 0);
      fields.add(new Indexed(f.codeOrder(), field));
      index++;
    }
    fields.sort(Comparator.comparingInt(Indexed::codeOrder));
    return new StructNode(
        node.id(),
        name,
        doc,
        node.structDataWordCount(),
        node.structPointerCount(),
        node.structIsGroup(),
        node.isGeneric(),
        node.structDiscriminantCount(),
        node.structDiscriminantOffset(),
        fields.stream().map(Indexed::field).toList(),
        List.copyOf(nested));
  }

  private static Slot slot(SchemaCapnp.Field f) {
    Type type = type(f.slotType());
    SchemaCapnp.Value value = f.slotDefaultValue();
    boolean pointerType = type instanceof ListType
        || type instanceof StructType
        || type instanceof Unsupported
        || (type instanceof Primitive p && p.isPointer());
    if (pointerType) {
      return new Slot(f.slotOffset(), type, 0, f.slotHadExplicitDefault() && value.hasPointer());
    }
    return new Slot(f.slotOffset(), type, value.rawBits(), false);
  }

  private static EnumNode enumNode(
      SchemaCapnp.Node node, String name, String doc, List<String> memberDocs, List<Nested> nested) {
    List<String> enumerants = new ArrayList<>();
    for (SchemaCapnp.Enumerant e : node.enumEnumerants()) {
      enumerants.add(e.name());
    }
    List<String> docs = new ArrayList<>();
    for (int i = 0; i < enumerants.size(); i++) {
      docs.add(i < memberDocs.size() ? memberDocs.get(i) : "");
    }
    return new EnumNode(node.id(), name, doc, List.copyOf(enumerants), List.copyOf(docs), List.copyOf(nested));
  }

  private static Type type(SchemaCapnp.Type t) {
    return switch (t.which()) {
      case SchemaCapnp.Type.VOID -> Primitive.VOID;
      case SchemaCapnp.Type.BOOL -> Primitive.BOOL;
      case SchemaCapnp.Type.INT8 -> Primitive.INT8;
      case SchemaCapnp.Type.INT16 -> Primitive.INT16;
      case SchemaCapnp.Type.INT32 -> Primitive.INT32;
      case SchemaCapnp.Type.INT64 -> Primitive.INT64;
      case SchemaCapnp.Type.UINT8 -> Primitive.UINT8;
      case SchemaCapnp.Type.UINT16 -> Primitive.UINT16;
      case SchemaCapnp.Type.UINT32 -> Primitive.UINT32;
      case SchemaCapnp.Type.UINT64 -> Primitive.UINT64;
      case SchemaCapnp.Type.FLOAT32 -> Primitive.FLOAT32;
      case SchemaCapnp.Type.FLOAT64 -> Primitive.FLOAT64;
      case SchemaCapnp.Type.TEXT -> Primitive.TEXT;
      case SchemaCapnp.Type.DATA -> Primitive.DATA;
      case SchemaCapnp.Type.LIST -> new ListType(type(t.listElementType()));
      case SchemaCapnp.Type.ENUM -> new EnumType(t.typeId());
      case SchemaCapnp.Type.STRUCT -> new StructType(t.typeId());
      case SchemaCapnp.Type.INTERFACE -> new Unsupported("interface");
      case SchemaCapnp.Type.ANY_POINTER -> new Unsupported("AnyPointer");
      default -> new Unsupported("type tag " + t.which());
    };
  }
}
