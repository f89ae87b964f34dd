package dev.ibridge.capnpc.bootstrap;

import org.capnproto.SegmentBuilder;
import org.capnproto.SegmentReader;
import org.capnproto.StructBuilder;
import org.capnproto.StructFactory;
import org.capnproto.StructList;
import org.capnproto.StructReader;
import org.capnproto.StructSize;
import org.capnproto.Text;

/**
 * Hand-written readers for the parts of {@code capnp/schema.capnp} that a code generator needs.
 * The capnp runtime ships no bindings for schema.capnp, and a generator cannot generate its own
 * bootstrap, so these few accessors are written by hand over the runtime's raw struct API.
 *
 * <p>Every offset below is in units of the field's own width (bits for Bool), exactly as
 * {@code capnp compile -ocapnp /usr/include/capnp/schema.capnp} prints it, divided by that width.
 * They are checked indirectly: every layout the generator reports is read through them and
 * compared with capnp's own output by the offsets test.
 */
public final class SchemaCapnp {
  private SchemaCapnp() {}

  /** Builds readers only; the generator never writes schema messages. */
  abstract static class ReaderFactory<R extends StructReader> extends StructFactory<StructBuilder, R> {
    @Override
    public final StructBuilder constructBuilder(
        SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {
      throw new UnsupportedOperationException("schema.capnp bindings are read-only");
    }

    @Override
    public final StructSize structSize() {
      throw new UnsupportedOperationException("schema.capnp bindings are read-only");
    }

    @Override
    public final R asReader(StructBuilder builder) {
      throw new UnsupportedOperationException("schema.capnp bindings are read-only");
    }
  }

  /** Common accessors over the protected runtime API. */
  abstract static class Base extends StructReader {
    Base(SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {
      super(segment, data, pointers, dataSize, pointerCount, nestingLimit);
    }

    final String text(int pointer) {
      return _getPointerField(Text.factory, pointer, null, 0, 0).toString();
    }

    final boolean isNull(int pointer) {
      return _pointerFieldIsNull(pointer);
    }

    final <R extends StructReader> R struct(ReaderFactory<R> factory, int pointer) {
      return _getPointerField(factory, pointer, null, 0);
    }

    final <R extends StructReader> StructList.Reader<R> list(StructList.Factory<StructBuilder, R> factory, int pointer) {
      return _getPointerField(factory, pointer, null, 0);
    }

    final int u16(int offset) {
      return Short.toUnsignedInt(_getShortField(offset));
    }

    final long u32(int offset) {
      return Integer.toUnsignedLong(_getIntField(offset));
    }
  }

  /** {@code CodeGeneratorRequest}: 0 data words, 4 pointers. */
  public static final class CodeGeneratorRequest extends Base {
    public static final ReaderFactory<CodeGeneratorRequest> FACTORY = new ReaderFactory<>() {
      @Override
      public CodeGeneratorRequest constructReader(
          SegmentReader s, int d, int p, int ds, short pc, int nl) {
        return new CodeGeneratorRequest(s, d, p, ds, pc, nl);
      }
    };

    CodeGeneratorRequest(SegmentReader s, int d, int p, int ds, short pc, int nl) {
      super(s, d, p, ds, pc, nl);
    }

    public StructList.Reader<Node> nodes() {
      return list(Node.LIST, 0);
    }

    public StructList.Reader<RequestedFile> requestedFiles() {
      return list(RequestedFile.LIST, 1);
    }

    public StructList.Reader<SourceInfo> sourceInfo() {
      return list(SourceInfo.LIST, 3);
    }
  }

  /** {@code CodeGeneratorRequest.RequestedFile}: 1 data word, 2 pointers. */
  public static final class RequestedFile extends Base {
    static final StructList.Factory<StructBuilder, RequestedFile> LIST =
        new StructList.Factory<>(new ReaderFactory<>() {
          @Override
          public RequestedFile constructReader(SegmentReader s, int d, int p, int ds, short pc, int nl) {
            return new RequestedFile(s, d, p, ds, pc, nl);
          }
        });

    RequestedFile(SegmentReader s, int d, int p, int ds, short pc, int nl) {
      super(s, d, p, ds, pc, nl);
    }

    public long id() {
      return _getLongField(0);
    }

    public String filename() {
      return text(0);
    }
  }

  /** {@code Node}: 5 data words, 6 pointers. */
  public static final class Node extends Base {
    public static final int FILE = 0;
    public static final int STRUCT = 1;
    public static final int ENUM = 2;
    public static final int INTERFACE = 3;
    public static final int CONST = 4;
    public static final int ANNOTATION = 5;

    static final StructList.Factory<StructBuilder, Node> LIST =
        new StructList.Factory<>(new ReaderFactory<>() {
          @Override
          public Node constructReader(SegmentReader s, int d, int p, int ds, short pc, int nl) {
            return new Node(s, d, p, ds, pc, nl);
          }
        });

    Node(SegmentReader s, int d, int p, int ds, short pc, int nl) {
      super(s, d, p, ds, pc, nl);
    }

    public long id() {
      return _getLongField(0);
    }

    public String displayName() {
      return text(0);
    }

    public long displayNamePrefixLength() {
      return u32(2);
    }

    public long scopeId() {
      return _getLongField(2);
    }

    public boolean isGeneric() {
      return _getBooleanField(288);
    }

    public StructList.Reader<NestedNode> nestedNodes() {
      return list(NestedNode.LIST, 1);
    }

    /** The union tag, one of the constants above. */
    public int which() {
      return u16(6);
    }

    public int structDataWordCount() {
      return u16(7);
    }

    public int structPointerCount() {
      return u16(12);
    }

    public boolean structIsGroup() {
      return _getBooleanField(224);
    }

    public int structDiscriminantCount() {
      return u16(15);
    }

    public long structDiscriminantOffset() {
      return u32(8);
    }

    public StructList.Reader<Field> structFields() {
      return list(Field.LIST, 3);
    }

    public StructList.Reader<Enumerant> enumEnumerants() {
      return list(Enumerant.LIST, 3);
    }
  }

  /** {@code Node.NestedNode}: 1 data word, 1 pointer. */
  public static final class NestedNode extends Base {
    static final StructList.Factory<StructBuilder, NestedNode> LIST =
        new StructList.Factory<>(new ReaderFactory<>() {
          @Override
          public NestedNode constructReader(SegmentReader s, int d, int p, int ds, short pc, int nl) {
            return new NestedNode(s, d, p, ds, pc, nl);
          }
        });

    NestedNode(SegmentReader s, int d, int p, int ds, short pc, int nl) {
      super(s, d, p, ds, pc, nl);
    }

    public String name() {
      return text(0);
    }

    public long id() {
      return _getLongField(0);
    }
  }

  /** {@code Node.SourceInfo}: 1 data word, 2 pointers. */
  public static final class SourceInfo extends Base {
    static final StructList.Factory<StructBuilder, SourceInfo> LIST =
        new StructList.Factory<>(new ReaderFactory<>() {
          @Override
          public SourceInfo constructReader(SegmentReader s, int d, int p, int ds, short pc, int nl) {
            return new SourceInfo(s, d, p, ds, pc, nl);
          }
        });

    SourceInfo(SegmentReader s, int d, int p, int ds, short pc, int nl) {
      super(s, d, p, ds, pc, nl);
    }

    public long id() {
      return _getLongField(0);
    }

    public String docComment() {
      return text(0);
    }

    public StructList.Reader<Member> members() {
      return list(Member.LIST, 1);
    }
  }

  /** {@code Node.SourceInfo.Member}: 0 data words, 1 pointer. */
  public static final class Member extends Base {
    static final StructList.Factory<StructBuilder, Member> LIST =
        new StructList.Factory<>(new ReaderFactory<>() {
          @Override
          public Member constructReader(SegmentReader s, int d, int p, int ds, short pc, int nl) {
            return new Member(s, d, p, ds, pc, nl);
          }
        });

    Member(SegmentReader s, int d, int p, int ds, short pc, int nl) {
      super(s, d, p, ds, pc, nl);
    }

    public String docComment() {
      return text(0);
    }
  }

  /** {@code Field}: 3 data words, 4 pointers. */
  public static final class Field extends Base {
    public static final int SLOT = 0;
    public static final int GROUP = 1;
    /** {@code Field.noDiscriminant}. */
    public static final int NO_DISCRIMINANT = 0xFFFF;

    static final StructList.Factory<StructBuilder, Field> LIST =
        new StructList.Factory<>(new ReaderFactory<>() {
          @Override
          public Field constructReader(SegmentReader s, int d, int p, int ds, short pc, int nl) {
            return new Field(s, d, p, ds, pc, nl);
          }
        });

    Field(SegmentReader s, int d, int p, int ds, short pc, int nl) {
      super(s, d, p, ds, pc, nl);
    }

    public String name() {
      return text(0);
    }

    public int codeOrder() {
      return u16(0);
    }

    /** Declared with default 65535, so the stored bits are XORed with 0xFFFF. */
    public int discriminantValue() {
      return u16(1) ^ 0xFFFF;
    }

    public int which() {
      return u16(4);
    }

    public long slotOffset() {
      return u32(1);
    }

    public Type slotType() {
      return struct(Type.FACTORY, 2);
    }

    public Value slotDefaultValue() {
      return struct(Value.FACTORY, 3);
    }

    public boolean slotHadExplicitDefault() {
      return _getBooleanField(128);
    }

    public long groupTypeId() {
      return _getLongField(2);
    }

    /** The explicit ordinal ({@code @N}), or -1 for a group, which has none. */
    public int ordinal() {
      return u16(5) == 1 ? u16(6) : -1;
    }
  }

  /** {@code Enumerant}: 1 data word, 2 pointers. */
  public static final class Enumerant extends Base {
    static final StructList.Factory<StructBuilder, Enumerant> LIST =
        new StructList.Factory<>(new ReaderFactory<>() {
          @Override
          public Enumerant constructReader(SegmentReader s, int d, int p, int ds, short pc, int nl) {
            return new Enumerant(s, d, p, ds, pc, nl);
          }
        });

    Enumerant(SegmentReader s, int d, int p, int ds, short pc, int nl) {
      super(s, d, p, ds, pc, nl);
    }

    public String name() {
      return text(0);
    }

    public int codeOrder() {
      return u16(0);
    }
  }

  /** {@code Type}: 3 data words, 1 pointer. The union tags are the {@code Type} ordinals 0..18. */
  public static final class Type extends Base {
    public static final int VOID = 0;
    public static final int BOOL = 1;
    public static final int INT8 = 2;
    public static final int INT16 = 3;
    public static final int INT32 = 4;
    public static final int INT64 = 5;
    public static final int UINT8 = 6;
    public static final int UINT16 = 7;
    public static final int UINT32 = 8;
    public static final int UINT64 = 9;
    public static final int FLOAT32 = 10;
    public static final int FLOAT64 = 11;
    public static final int TEXT = 12;
    public static final int DATA = 13;
    public static final int LIST = 14;
    public static final int ENUM = 15;
    public static final int STRUCT = 16;
    public static final int INTERFACE = 17;
    public static final int ANY_POINTER = 18;

    static final ReaderFactory<Type> FACTORY = new ReaderFactory<>() {
      @Override
      public Type constructReader(SegmentReader s, int d, int p, int ds, short pc, int nl) {
        return new Type(s, d, p, ds, pc, nl);
      }
    };

    Type(SegmentReader s, int d, int p, int ds, short pc, int nl) {
      super(s, d, p, ds, pc, nl);
    }

    public int which() {
      return u16(0);
    }

    public Type listElementType() {
      return struct(FACTORY, 0);
    }

    /** The type ID of an enum, struct or interface type. */
    public long typeId() {
      return _getLongField(1);
    }
  }

  /** {@code Value}: 2 data words, 1 pointer. The union tags are the same as {@link Type}'s. */
  public static final class Value extends Base {
    static final ReaderFactory<Value> FACTORY = new ReaderFactory<>() {
      @Override
      public Value constructReader(SegmentReader s, int d, int p, int ds, short pc, int nl) {
        return new Value(s, d, p, ds, pc, nl);
      }
    };

    Value(SegmentReader s, int d, int p, int ds, short pc, int nl) {
      super(s, d, p, ds, pc, nl);
    }

    public int which() {
      return u16(0);
    }

    /**
     * The value's bits as stored in a struct's data section, zero-extended to 64 bits: the mask a
     * generated accessor XORs with. Floats are given by their IEEE bits.
     */
    public long rawBits() {
      return switch (which()) {
        case Type.VOID -> 0;
        case Type.BOOL -> _getBooleanField(16) ? 1 : 0;
        case Type.INT8, Type.UINT8 -> Byte.toUnsignedLong(_getByteField(2));
        case Type.INT16, Type.UINT16, Type.ENUM -> Short.toUnsignedLong(_getShortField(1));
        case Type.INT32, Type.UINT32, Type.FLOAT32 -> Integer.toUnsignedLong(_getIntField(1));
        case Type.INT64, Type.UINT64, Type.FLOAT64 -> _getLongField(1);
        default -> throw new IllegalStateException("not a data-section value: tag " + which());
      };
    }

    /** Whether a pointer-typed default (Text, Data, List, struct) is set. */
    public boolean hasPointer() {
      return !isNull(0);
    }
  }
}
