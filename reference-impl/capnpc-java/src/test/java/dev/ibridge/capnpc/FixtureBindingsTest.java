package dev.ibridge.capnpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.capnpc.fixture.Fixture;
import java.nio.charset.StandardCharsets;
import org.capnproto.MessageBuilder;
import org.capnproto.MessageReader;
import org.junit.jupiter.api.Test;

/** Round-trips values through the generated fixture bindings and the runtime's serialization. */
class FixtureBindingsTest {

  @Test
  void everyScalarTypeRoundTrips() throws Exception {
    Fixture.Scalars.Reader s =
        FixtureMessages.read(FixtureMessages.bytes(FixtureMessages.scalars())).getRoot(Fixture.Scalars.factory);
    assertThat(s.getV()).isEqualTo(org.capnproto.Void.VOID);
    assertThat(s.getB()).isTrue();
    assertThat(s.getI8()).isEqualTo((byte) -5);
    assertThat(s.getI16()).isEqualTo((short) 300);
    assertThat(s.getI32()).isEqualTo(-70000);
    assertThat(s.getI64()).isEqualTo(9_000_000_000L);
    assertThat(Byte.toUnsignedInt(s.getU8())).isEqualTo(250);
    assertThat(Short.toUnsignedInt(s.getU16())).isEqualTo(65535);
    assertThat(Integer.toUnsignedString(s.getU32())).isEqualTo("4294967295");
    assertThat(Long.toUnsignedString(s.getU64())).isEqualTo("18446744073709551615");
    assertThat(s.getF32()).isEqualTo(1.5f);
    assertThat(s.getF64()).isEqualTo(-0.125);
    assertThat(s.hasT()).isTrue();
    assertThat(s.getT().toString()).isEqualTo(FixtureMessages.TEXT);
    assertThat(s.getD().toArray()).containsExactly(FixtureMessages.DATA);
    assertThat(s.getColor()).isEqualTo(Fixture.Color.BLUE_GREEN);
    assertThat(s.getB2()).isTrue();
  }

  @Test
  void anEmptyStructReadsAsTheDeclaredDefaults() throws Exception {
    MessageBuilder message = new MessageBuilder();
    message.initRoot(Fixture.Defaults.factory);
    Fixture.Defaults.Reader d = FixtureMessages.read(FixtureMessages.bytes(message)).getRoot(Fixture.Defaults.factory);
    assertThat(d.getB()).isTrue();
    assertThat(d.getI8()).isEqualTo((byte) -5);
    assertThat(d.getI16()).isEqualTo((short) -300);
    assertThat(d.getI32()).isEqualTo(123456);
    assertThat(d.getI64()).isEqualTo(-9876543210L);
    assertThat(Byte.toUnsignedInt(d.getU8())).isEqualTo(200);
    assertThat(Short.toUnsignedInt(d.getU16())).isEqualTo(65000);
    assertThat(Integer.toUnsignedLong(d.getU32())).isEqualTo(4_000_000_000L);
    assertThat(Long.toUnsignedString(d.getU64())).isEqualTo("18000000000000000000");
    assertThat(d.getF32()).isEqualTo(1.5f);
    assertThat(d.getF64()).isEqualTo(-2.25);
    assertThat(d.getColor()).isEqualTo(Fixture.Color.BLUE_GREEN);
  }

  @Test
  void settingTheDefaultStoresZeroBits() throws Exception {
    MessageBuilder message = new MessageBuilder();
    Fixture.Defaults.Builder d = message.initRoot(Fixture.Defaults.factory);
    d.setI32(123456);
    d.setF64(-2.25);
    d.setColor(Fixture.Color.BLUE_GREEN);
    d.setB(false);
    byte[] bytes = FixtureMessages.bytes(message);
    // Segment table (8 bytes) + root pointer (8 bytes), then the 6-word data section.
    for (int i = 16; i < 16 + 48; i++) {
      assertThat(bytes[i]).as("byte %d", i).isEqualTo(i == 16 ? (byte) 1 : (byte) 0);
    }
    assertThat(FixtureMessages.read(bytes).getRoot(Fixture.Defaults.factory).getB()).isFalse();
  }

  @Test
  void unionsAndGroupsRoundTrip() throws Exception {
    Fixture.Shapes.Reader s =
        FixtureMessages.read(FixtureMessages.bytes(FixtureMessages.shapes())).getRoot(Fixture.Shapes.factory);
    assertThat(s.getName().toString()).isEqualTo("x");
    assertThat(s.which()).isEqualTo(Fixture.Shapes.Which.SQUARE);
    assertThat(s.isSquare()).isTrue();
    assertThat(s.getSquare().getSide()).isEqualTo(2.0);
    assertThat(s.getSquare().getLabel().toString()).isEqualTo("s");
    assertThat(s.getExtra().which()).isEqualTo(Fixture.Shapes.Extra.Which.NOTE);
    assertThat(s.getExtra().getNote().toString()).isEqualTo("n");
    assertThat(s.getOuter().getDepth()).isEqualTo((byte) 3);
    assertThat(s.getOuter().getInner().which()).isEqualTo(Fixture.Shapes.Outer.Inner.Which.RIGHT);
    assertThat(s.getOuter().getInner().getRight().getCode()).isEqualTo(Fixture.Color.GREEN);
    assertThat(s.getOuter().getInner().getRight().getFlags().size()).isEqualTo(2);
    assertThat(s.getOuter().getInner().getRight().getFlags().get(0)).isTrue();
  }

  @Test
  void initialisingAUnionGroupSelectsItAndClearsWhatTheOtherMemberLeft() {
    MessageBuilder message = new MessageBuilder();
    Fixture.Shapes.Builder s = message.initRoot(Fixture.Shapes.factory);
    s.initTagged().setValue(99);
    s.setCircle(3.5);
    assertThat(s.which()).isEqualTo(Fixture.Shapes.Which.CIRCLE);
    Fixture.Shapes.Square.Builder square = s.initSquare();
    assertThat(s.which()).isEqualTo(Fixture.Shapes.Which.SQUARE);
    assertThat(square.getSide()).isEqualTo(0.0);
    assertThat(square.hasLabel()).isFalse();
    s.setNothing();
    assertThat(s.asReader().which()).isEqualTo(Fixture.Shapes.Which.NOTHING);
    s.getOuter().getInner().setLeft((short) -2);
    s.getOuter().getInner().initRight();
    assertThat(s.getOuter().getInner().getRight().getCode()).isEqualTo(Fixture.Color.RED);
  }

  @Test
  void listsOfEveryKindRoundTrip() throws Exception {
    Fixture.Lists.Reader l =
        FixtureMessages.read(FixtureMessages.bytes(FixtureMessages.lists())).getRoot(Fixture.Lists.factory);
    assertThat(l.getVoids().size()).isEqualTo(2);
    assertThat(l.getBools().size()).isEqualTo(3);
    assertThat(l.getBools().get(1)).isTrue();
    assertThat(l.getBools().get(2)).isFalse();
    assertThat(l.getI8s().get(0)).isEqualTo((byte) -1);
    assertThat(l.hasU16s()).isTrue();
    assertThat(l.getU16s().size()).isZero();
    assertThat(l.getI32s().get(1)).isEqualTo(2);
    assertThat(l.getU64s().get(0)).isEqualTo(-1L);
    assertThat(l.getF32s().get(0)).isEqualTo(0.5f);
    assertThat(l.getF64s().get(0)).isEqualTo(-4.0);
    assertThat(l.getColors().get(1)).isEqualTo(Fixture.Color.BLUE_GREEN);
    assertThat(l.getTexts().get(0).toString()).isEqualTo(FixtureMessages.TEXT);
    assertThat(l.getTexts().get(1).toString()).isEmpty();
    assertThat(l.getDatas().get(0).toArray()).containsExactly(FixtureMessages.DATA);
    assertThat(l.getStructs().get(1).getI8()).isEqualTo((byte) 7);
    assertThat(l.getNested().get(0).get(0)).isEqualTo(42);
    assertThat(l.getNested().get(1).size()).isZero();
  }

  @Test
  void unknownEnumAndUnionValuesReadAsNotInSchema() throws Exception {
    MessageBuilder message = new MessageBuilder();
    Fixture.Shapes.Builder s = message.initRoot(Fixture.Shapes.factory);
    s.setNothing();
    s.getOuter().getInner().initRight().setCode(Fixture.Color.GREEN);
    byte[] bytes = FixtureMessages.bytes(message);
    int data = 16; // segment table + root pointer
    bytes[data + 8] = 9; // anonymous union tag, bits [64, 80)
    bytes[data + 18] = 7; // right.code, bits [144, 160)
    MessageReader reader = FixtureMessages.read(bytes);
    Fixture.Shapes.Reader r = reader.getRoot(Fixture.Shapes.factory);
    assertThat(r.which()).isEqualTo(Fixture.Shapes.Which._NOT_IN_SCHEMA);
    assertThat(r.getOuter().getInner().getRight().getCode()).isEqualTo(Fixture.Color._NOT_IN_SCHEMA);
    assertThat(Fixture.Color.fromWire((short) -1)).isEqualTo(Fixture.Color._NOT_IN_SCHEMA);
  }

  @Test
  void notInSchemaCannotBeWritten() {
    MessageBuilder message = new MessageBuilder();
    Fixture.Scalars.Builder s = message.initRoot(Fixture.Scalars.factory);
    assertThatThrownBy(() -> s.setColor(Fixture.Color._NOT_IN_SCHEMA))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generatedFileSaysItIsGenerated() throws Exception {
    String source = new String(
        java.nio.file.Files.readAllBytes(TestCapnp.repoRoot().resolve(
            "reference-impl/capnpc-java/src/test/generated/java/dev/ibridge/capnpc/fixture/Fixture.java")),
        StandardCharsets.UTF_8);
    assertThat(source).startsWith("// Code generated by ibridge-capnpc-java from fixture.capnp. DO NOT EDIT.\n");
  }
}
