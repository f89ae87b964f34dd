package dev.ibridge.capnpc;

import dev.ibridge.capnpc.fixture.Fixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import org.capnproto.MessageBuilder;
import org.capnproto.MessageReader;
import org.capnproto.Serialize;

/** Fixture messages built through the generated bindings, shared by the fixture tests. */
final class FixtureMessages {
  static final String TEXT = "h\u00e9llo \ud83d\ude00";
  static final byte[] DATA = {1, (byte) 0xff, 0};

  private FixtureMessages() {}

  static MessageBuilder scalars() {
    MessageBuilder message = new MessageBuilder();
    Fixture.Scalars.Builder s = message.initRoot(Fixture.Scalars.factory);
    s.setB(true);
    s.setI8((byte) -5);
    s.setI16((short) 300);
    s.setI32(-70000);
    s.setI64(9_000_000_000L);
    s.setU8((byte) 250);
    s.setU16((short) 65535);
    s.setU32(-1);
    s.setU64(-1L);
    s.setF32(1.5f);
    s.setF64(-0.125);
    s.setT(TEXT);
    s.setD(DATA);
    s.setColor(Fixture.Color.BLUE_GREEN);
    s.setB2(true);
    return message;
  }

  static MessageBuilder shapes() {
    MessageBuilder message = new MessageBuilder();
    Fixture.Shapes.Builder s = message.initRoot(Fixture.Shapes.factory);
    s.setName("x");
    Fixture.Shapes.Square.Builder square = s.initSquare();
    square.setSide(2.0);
    square.setLabel("s");
    s.getExtra().setNote("n");
    s.getOuter().setDepth((byte) 3);
    Fixture.Shapes.Outer.Inner.Right.Builder right = s.getOuter().getInner().initRight();
    right.setCode(Fixture.Color.GREEN);
    org.capnproto.PrimitiveList.Boolean.Builder flags = right.initFlags(2);
    flags.set(0, true);
    return message;
  }

  static MessageBuilder lists() {
    MessageBuilder message = new MessageBuilder();
    Fixture.Lists.Builder l = message.initRoot(Fixture.Lists.factory);
    l.initVoids(2);
    l.initBools(3).set(1, true);
    l.initI8s(1).set(0, (byte) -1);
    l.initU16s(0);
    var i32s = l.initI32s(2);
    i32s.set(0, 1);
    i32s.set(1, 2);
    l.initU64s(1).set(0, -1L);
    l.initF32s(1).set(0, 0.5f);
    l.initF64s(1).set(0, -4.0);
    var colors = l.initColors(2);
    colors.set(0, Fixture.Color.RED);
    colors.set(1, Fixture.Color.BLUE_GREEN);
    var texts = l.initTexts(2);
    texts.set(0, new org.capnproto.Text.Reader(TEXT));
    texts.set(1, new org.capnproto.Text.Reader(""));
    var datas = l.initDatas(2);
    datas.set(0, new org.capnproto.Data.Reader(DATA));
    datas.set(1, new org.capnproto.Data.Reader(new byte[0]));
    var structs = l.initStructs(2);
    structs.get(1).setI8((byte) 7);
    var nested = l.initNested(2);
    nested.init(0, 1);
    nested.get(0).set(0, 42);
    nested.init(1, 0);
    return message;
  }

  static byte[] bytes(MessageBuilder message) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Serialize.write(Channels.newChannel(out), message);
    return out.toByteArray();
  }

  static MessageReader read(byte[] bytes) throws IOException {
    return Serialize.read(ByteBuffer.wrap(bytes));
  }
}
