package dev.ibridge.conformance.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.model.KeyMaterial;
import dev.ibridge.protocol.DeriveKey;
import dev.ibridge.protocol.ErrorKind;
import dev.ibridge.protocol.ErrorReply;
import dev.ibridge.protocol.HarnessFrame;
import dev.ibridge.protocol.Hello;
import dev.ibridge.protocol.HelloReply;
import dev.ibridge.protocol.Shutdown;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The testee side of the protocol on in-memory streams: one reply per call, and it goes on after errors. */
class TesteeServerTest {
  private static final KeyMaterial MATERIAL = TesteeContract.emission("server").record().keyMaterial();

  private static List<Object> serve(Testee testee, HarnessFraming framing, byte[]... input) throws IOException {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    for (byte[] b : input) {
      in.writeBytes(b);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new TesteeServer(testee, new ByteArrayInputStream(in.toByteArray()), out, framing).serve();
    List<Object> replies = new ArrayList<>();
    ByteArrayInputStream written = new ByteArrayInputStream(out.toByteArray());
    HarnessFraming.Raw raw;
    while ((raw = framing.read(written)) instanceof HarnessFraming.Raw.Frame f) {
      replies.add(framing.decode(f.bytes()).getBody());
    }
    return replies;
  }

  private static byte[] frame(Object body) {
    return HarnessFraming.BINARY.encode(new HarnessFrame(body));
  }

  @Test
  @Tag("REQ-HARNESS-006")
  void anUnparsableFrameGetsParseErrorAndServingGoesOn() throws IOException {
    byte[] junk = {(byte) 0xC3, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 42};
    byte[] junkFrame = ByteBuffer.allocate(4 + junk.length).order(ByteOrder.LITTLE_ENDIAN).putInt(junk.length).put(junk).array();
    List<Object> replies = serve(new InProcessTestee(), HarnessFraming.BINARY,
        junkFrame, frame(new Hello(1, "test")), frame(new Shutdown()), frame(new Hello(1, "after shutdown")));
    assertThat(replies).hasSize(2);
    assertThat(((ErrorReply) replies.get(0)).getKind()).isEqualTo(ErrorKind.PARSE_ERROR);
    assertThat(((HelloReply) replies.get(1)).getName()).isEqualTo(InProcessTestee.NAME);
  }

  @Test
  @Tag("REQ-HARNESS-006")
  void anUnsupportedOperationGetsUnsupported() throws IOException {
    Testee noKeys = new ForwardingTestee(new InProcessTestee()) {
      @Override
      public KeyDerivation deriveKey(KeyMaterial keyMaterial) throws TesteeException {
        throw new TesteeException(TesteeFailure.UNSUPPORTED, "derive-key is not implemented");
      }
    };
    List<Object> replies = serve(noKeys, HarnessFraming.BINARY,
        frame(new DeriveKey(HarnessMapper.toAvro(MATERIAL))), frame(new Hello(1, "test")));
    assertThat(((ErrorReply) replies.get(0)).getKind()).isEqualTo(ErrorKind.UNSUPPORTED);
    assertThat(replies.get(1)).isInstanceOf(HelloReply.class);
  }

  @Test
  @Tag("REQ-HARNESS-007")
  void invalidContentInAWellFormedFrameIsRejected() throws IOException {
    dev.ibridge.protocol.KeyMaterial bad = HarnessMapper.toAvro(MATERIAL);
    bad.put("facet", "Not A Facet");
    List<Object> replies = serve(new InProcessTestee(), HarnessFraming.JSON_LINES,
        HarnessFraming.JSON_LINES.encode(new HarnessFrame(new DeriveKey(bad))));
    assertThat(((ErrorReply) replies.get(0)).getKind()).isEqualTo(ErrorKind.REJECTED);
  }
}
