package dev.ibridge.capnpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.capnpc.fixture.Fixture;
import java.nio.charset.StandardCharsets;
import org.capnproto.MessageBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checks the generated bindings against capnp itself: what Java writes, capnp decodes to the same
 * values, and what capnp encodes, Java reads back.
 */
@Tag("interop")
class FixtureInteropTest {

  @Test
  void capnpDecodesScalarsWrittenByJava() throws Exception {
    String expected = "(v = void, b = true, i8 = -5, i16 = 300, i32 = -70000, i64 = 9000000000, u8 = 250,"
        + " u16 = 65535, u32 = " + Integer.toUnsignedString(-1) + ", u64 = " + Long.toUnsignedString(-1L)
        + ", f32 = 1.5, f64 = -0.125, t = \"" + FixtureMessages.TEXT + "\", d = \"\\001\\377\\000\","
        + " color = blueGreen, b2 = true)";
    assertThat(decode(FixtureMessages.scalars(), "Scalars")).isEqualTo(expected);
  }

  @Test
  void capnpDecodesUnionsAndGroupsWrittenByJava() throws Exception {
    assertThat(decode(FixtureMessages.shapes(), "Shapes")).isEqualTo(
        "(name = \"x\", square = (side = 2, label = \"s\"), extra = (note = \"n\"),"
            + " outer = (depth = 3, inner = (right = (code = green, flags = [true, false]))))");
  }

  @Test
  void capnpDecodesListsWrittenByJava() throws Exception {
    String zeroScalars = "v = void, b = false, i8 = %d, i16 = 0, i32 = 0, i64 = 0, u8 = 0, u16 = 0, u32 = 0,"
        + " u64 = 0, f32 = 0, f64 = 0, color = red, b2 = false";
    assertThat(decode(FixtureMessages.lists(), "Lists")).isEqualTo(
        "(voids = [void, void], bools = [false, true, false], i8s = [-1], u16s = [], i32s = [1, 2],"
            + " u64s = [" + Long.toUnsignedString(-1L) + "], f32s = [0.5], f64s = [-4],"
            + " colors = [red, blueGreen], texts = [\"" + FixtureMessages.TEXT + "\", \"\"],"
            + " datas = [\"\\001\\377\\000\", \"\"], structs = [(" + String.format(zeroScalars, 0) + "), ("
            + String.format(zeroScalars, 7) + ")], nested = [[42], []])");
  }

  @Test
  void capnpShowsDefaultsForAnEmptyStructWrittenByJava() throws Exception {
    MessageBuilder message = new MessageBuilder();
    Fixture.Defaults.Builder d = message.initRoot(Fixture.Defaults.factory);
    d.setI8((byte) 0);
    assertThat(decode(message, "Defaults")).isEqualTo(
        "(b = true, i8 = 0, i16 = -300, i32 = 123456, i64 = -9876543210, u8 = 200, u16 = 65000,"
            + " u32 = 4000000000, u64 = 18000000000000000000, f32 = 1.5, f64 = -2.25, color = blueGreen)");
  }

  @Test
  void javaReadsWhatCapnpEncodes() throws Exception {
    String text = "(name = \"y\", tagged = (value = -9, mode = slow), extra = (count = 4000000000),"
        + " outer = (depth = 200, inner = (left = -2)))";
    byte[] bytes = TestCapnp.run(text.getBytes(StandardCharsets.UTF_8), "encode",
        TestCapnp.fixtureSchema().toString(), "Shapes");
    Fixture.Shapes.Reader s = FixtureMessages.read(bytes).getRoot(Fixture.Shapes.factory);
    assertThat(s.getName().toString()).isEqualTo("y");
    assertThat(s.which()).isEqualTo(Fixture.Shapes.Which.TAGGED);
    assertThat(s.getTagged().getValue()).isEqualTo(-9);
    assertThat(s.getTagged().getMode()).isEqualTo(Fixture.Shapes.Inner.Mode.SLOW);
    assertThat(Integer.toUnsignedLong(s.getExtra().getCount())).isEqualTo(4_000_000_000L);
    assertThat(Byte.toUnsignedInt(s.getOuter().getDepth())).isEqualTo(200);
    assertThat(s.getOuter().getInner().which()).isEqualTo(Fixture.Shapes.Outer.Inner.Which.LEFT);
    assertThat(s.getOuter().getInner().getLeft()).isEqualTo((short) -2);
  }

  private static String decode(MessageBuilder message, String type) throws Exception {
    byte[] text = TestCapnp.run(FixtureMessages.bytes(message), "decode", "--short",
        TestCapnp.fixtureSchema().toString(), type);
    return new String(text, StandardCharsets.UTF_8).strip();
  }
}
