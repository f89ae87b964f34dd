package dev.ibridge.tools.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapnpParserTest {
  private static final String SCHEMA = """
      # The file's comment.
      @0xd1c2b3a4f5e6d7c8;

      enum Color {
        # A color.
        red @0;
        # Like blood.
        green @1;
      }

      struct Shape @0xa000000000000001 {
        # A shape.

        name @0 :Text;
        # What it is called.

        sides @1 :UInt8 = 3;

        tags @2 :List(List(Text));

        union {
          circle @3 :Void;
          # Round.
          polygon :group {
            # Straight edges.
            corners @4 :List(Point);
          }
        }

        fill :union {
          none @5 :Void;
          solid @6 :Color;
        }

        struct Point {
          x @0 :Float64;
        }
      }
      """;

  @Test
  void parsesStructsEnumsGroupsUnionsAndDocs() throws SchemaException {
    CapnpSchema s = CapnpParser.parse("t.capnp", SCHEMA);
    assertThat(s.id()).isEqualTo(0xd1c2b3a4f5e6d7c8L);
    assertThat(s.doc()).isEqualTo("The file's comment.");
    assertThat(s.types()).extracting(CapnpSchema.Type::name).containsExactly("Color", "Shape", "Shape.Point");

    CapnpSchema.Enum color = (CapnpSchema.Enum) s.type("Color");
    assertThat(color.doc()).isEqualTo("A color.");
    assertThat(color.enumerants()).containsExactly(
        new CapnpSchema.Enumerant("red", 0, "Like blood."), new CapnpSchema.Enumerant("green", 1, ""));

    CapnpSchema.Struct shape = (CapnpSchema.Struct) s.type("Shape");
    assertThat(shape.id()).isEqualTo(0xa000000000000001L);
    assertThat(shape.doc()).isEqualTo("A shape.");
    assertThat(shape.fields()).containsExactly(
        new CapnpSchema.Field("name", 0, "Text", "", "", "What it is called."),
        new CapnpSchema.Field("sides", 1, "UInt8", "3", "", ""),
        new CapnpSchema.Field("tags", 2, "List(List(Text))", "", "", ""),
        new CapnpSchema.Field("circle", 3, "Void", "", "(union)", "Round."),
        new CapnpSchema.Field("polygon", -1, "group", "", "(union)", "Straight edges."),
        new CapnpSchema.Field("polygon.corners", 4, "List(Point)", "", "", ""),
        new CapnpSchema.Field("fill", -1, "union", "", "", ""),
        new CapnpSchema.Field("fill.none", 5, "Void", "", "fill", ""),
        new CapnpSchema.Field("fill.solid", 6, "Color", "", "fill", ""));
    assertThat(s.type("Shape.Point").id()).isEqualTo(CapnpParser.childId(0xa000000000000001L, "Point"));
    assertThat(s.type("Color").id()).isEqualTo(CapnpParser.childId(0xd1c2b3a4f5e6d7c8L, "Color"));
  }

  @Test
  void derivedIdsHaveTheTopBitSetAndDependOnParentAndName() {
    long a = CapnpParser.childId(1, "A");
    assertThat(a).isNegative();
    assertThat(List.of(CapnpParser.childId(2, "A"), CapnpParser.childId(1, "B"))).doesNotContain(a);
  }

  @Test
  void rejectsWhatItDoesNotModelWithTheLine() {
    assertThatThrownBy(() -> CapnpParser.parse("u.capnp", "@0x8000000000000001;\nusing Foo = Bar;\n"))
        .isInstanceOf(SchemaException.class).hasMessage("u.capnp:2: expected '{' but found '='");
    assertThatThrownBy(() -> CapnpParser.parse("u.capnp", "@0x8000000000000001;\ninterface I {}\n"))
        .isInstanceOf(SchemaException.class).hasMessage("u.capnp:2: unsupported declaration 'interface'");
    assertThatThrownBy(() -> CapnpParser.parse("u.capnp", "@0x8000000000000001;\nstruct S {\n  a :Text;\n}\n"))
        .isInstanceOf(SchemaException.class).hasMessage("u.capnp:3: member 'a' has no ordinal");
    assertThatThrownBy(() -> CapnpParser.parse("u.capnp", "struct S {}\n"))
        .isInstanceOf(SchemaException.class).hasMessage("u.capnp:1: expected the file ID (@0x...) but found 'struct'");
    assertThatThrownBy(() -> CapnpParser.parse("u.capnp", "@0x8000000000000001;\nstruct S {\n  a @0 :Text;\n"))
        .isInstanceOf(SchemaException.class).hasMessage("u.capnp:4: expected a member but found the end of the file");
  }
}
