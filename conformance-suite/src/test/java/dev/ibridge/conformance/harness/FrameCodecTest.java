package dev.ibridge.conformance.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.Bytes;
import dev.ibridge.protocol.HarnessFrame;
import dev.ibridge.protocol.Hello;
import dev.ibridge.protocol.HelloReply;
import dev.ibridge.protocol.Operation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The frame encodings, the worked examples of spec/harness.adoc, and bad frames. */
class FrameCodecTest {
  private static final Path SPEC = Path.of(System.getProperty("user.dir")).resolve("../spec/harness.adoc");
  private static final HarnessFrame HELLO = new HarnessFrame(new Hello(1, "ibridge-conformance"));

  private static List<String> specLines() throws IOException {
    return Files.readAllLines(SPEC, StandardCharsets.UTF_8);
  }

  /** The hex bytes of the listing between "// begin NAME" and "// end NAME" in the spec. */
  private static byte[] specHex(String name) throws IOException {
    List<String> lines = specLines();
    int begin = lines.indexOf("// begin " + name);
    int end = lines.indexOf("// end " + name);
    assertThat(begin).as("marker // begin %s in %s", name, SPEC).isNotNegative();
    String hex = String.join(" ", lines.subList(begin + 1, end)).replace("----", "").replaceAll("\\s+", "");
    return Bytes.fromHex(hex).toByteArray();
  }

  @Test
  @Tag("REQ-HARNESS-002")
  void theSpecsWorkedExampleIsTheEncodingOfHello() throws IOException {
    byte[] fromSpec = specHex("hello-frame");
    assertThat(fromSpec).isEqualTo(HarnessFraming.BINARY.encode(HELLO));
    HarnessFraming.Raw raw = HarnessFraming.BINARY.read(new ByteArrayInputStream(fromSpec));
    assertThat(HarnessFraming.BINARY.decode(((HarnessFraming.Raw.Frame) raw).bytes())).isEqualTo(HELLO);
    String fp = FrameCodec.fingerprintText(FrameCodec.FINGERPRINT);
    assertThat(specLines()).anyMatch(l -> l.contains("0x" + fp));
  }

  @Test
  @Tag("REQ-HARNESS-013")
  void theSpecsJsonLineIsTheJsonEncodingOfHello() throws IOException {
    String line = new String(HarnessFraming.JSON_LINES.encode(HELLO), StandardCharsets.UTF_8);
    assertThat(line).endsWith("\n").doesNotContain("\r");
    assertThat(specLines()).contains(line.strip());
    assertThat(FrameCodec.decodeJson(line.strip())).isEqualTo(HELLO);
  }

  /** REQ-HARNESS-013 binds the runner too: a reply that leaves out a field with a default is unparsable. */
  @Test
  @Tag("REQ-HARNESS-013")
  void aJsonReplyThatLeavesOutAFieldWithADefaultDoesNotParse() throws IOException {
    String complete = "{\"body\":{\"dev.ibridge.protocol.DeriveKeyReply\":{\"inputKey\":{\"algorithm\":\"SHA256\","
        + "\"value\":\"" + "\\u0000".repeat(32) + "\"},\"canonicalBytes\":null}}}";
    assertThat(FrameCodec.decodeJson(complete).getBody()).isInstanceOf(dev.ibridge.protocol.DeriveKeyReply.class);
    String withoutDefault = complete.replace(",\"canonicalBytes\":null", "");
    assertThat(withoutDefault).isNotEqualTo(complete);
    assertThatThrownBy(() -> FrameCodec.decodeJson(withoutDefault)).isInstanceOf(DecodeException.class);
  }

  @Test
  @Tag("REQ-HARNESS-013")
  void jsonLinesSkipBlankLinesAndRoundTripBytesAndUnions() throws IOException {
    HarnessFrame reply = new HarnessFrame(new HelloReply(1, "t\u00e9st", "1\n2", List.of(Operation.EMIT), List.of("com.example.x")));
    byte[] stream = ("\n  \n" + new String(HarnessFraming.JSON_LINES.encode(reply), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    ByteArrayInputStream in = new ByteArrayInputStream(stream);
    HarnessFraming.Raw raw = HarnessFraming.JSON_LINES.read(in);
    assertThat(HarnessFraming.JSON_LINES.decode(((HarnessFraming.Raw.Frame) raw).bytes())).isEqualTo(reply);
    assertThat(HarnessFraming.JSON_LINES.read(in)).isEqualTo(new HarnessFraming.Raw.End(false));
  }

  @Test
  @Tag("REQ-HARNESS-003")
  void aLengthOverTheLimitIsRefusedBeforeReading() {
    byte[] text = "Hello world, not a frame".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> HarnessFraming.BINARY.read(new ByteArrayInputStream(text)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("more than the limit of " + FrameCodec.MAX_FRAME_BYTES);
    byte[] justOver = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(FrameCodec.MAX_FRAME_BYTES + 1).array();
    assertThatThrownBy(() -> HarnessFraming.BINARY.read(new ByteArrayInputStream(justOver))).isInstanceOf(DecodeException.class);
  }

  @Test
  void aStreamCutShortIsAnEndInTheMiddleOfAFrame() throws IOException {
    byte[] frame = HarnessFraming.BINARY.encode(HELLO);
    assertThat(HarnessFraming.BINARY.read(new ByteArrayInputStream(frame, 0, frame.length - 1))).isEqualTo(new HarnessFraming.Raw.End(true));
    assertThat(HarnessFraming.BINARY.read(new ByteArrayInputStream(frame, 0, 2))).isEqualTo(new HarnessFraming.Raw.End(true));
    assertThat(HarnessFraming.BINARY.read(new ByteArrayInputStream(new byte[0]))).isEqualTo(new HarnessFraming.Raw.End(false));
  }

  @Test
  @Tag("REQ-HARNESS-002")
  void trailingBytesAnotherFingerprintAndImpossibleCountsAreDecodeErrors() {
    byte[] body = FrameCodec.encodeSingleObject(HELLO);
    byte[] longer = Arrays.copyOf(body, body.length + 1);
    assertThatThrownBy(() -> FrameCodec.decodeSingleObject(longer)).isInstanceOf(DecodeException.class).hasMessageContaining("trailing bytes");

    byte[] foreign = body.clone();
    foreign[4] ^= 1;
    assertThatThrownBy(() -> FrameCodec.decodeSingleObject(foreign))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining(FrameCodec.fingerprintText(FrameCodec.FINGERPRINT));

    // HelloReply (branch 1) whose operations array claims 2^30 items: refused before any allocation.
    HarnessFrame reply = new HarnessFrame(new HelloReply(1, "n", "v", List.of(), List.of()));
    byte[] ok = FrameCodec.encodeSingleObject(reply);
    int arrayAt = ok.length - 2; // operations: 00, facets: 00
    byte[] huge = new byte[ok.length + 4];
    System.arraycopy(ok, 0, huge, 0, arrayAt);
    byte[] count = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
    System.arraycopy(count, 0, huge, arrayAt, count.length);
    huge[arrayAt + count.length] = 0;
    assertThatThrownBy(() -> FrameCodec.decodeSingleObject(huge))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("claims 1073741824 items");
  }

  @Test
  void aFrameOfAnotherSchemaIsRecognisedByItsClaimedFingerprint() {
    byte[] body = FrameCodec.encodeSingleObject(HELLO);
    assertThat(FrameCodec.claimedFingerprint(body)).hasValue(FrameCodec.FINGERPRINT);
    assertThat(FrameCodec.claimedFingerprint("plain text".getBytes(StandardCharsets.US_ASCII))).isEmpty();
  }
}
