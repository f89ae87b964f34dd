package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.recommended;
import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.conformance.harness.FrameCodec;
import dev.ibridge.conformance.harness.HarnessFraming;
import dev.ibridge.conformance.harness.HarnessMapper;
import dev.ibridge.conformance.harness.HarnessVersion;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.RawChannel;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.key.Keys;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.protocol.DeriveKey;
import dev.ibridge.protocol.DeriveKeyReply;
import dev.ibridge.protocol.ErrorKind;
import dev.ibridge.protocol.ErrorReply;
import dev.ibridge.protocol.HarnessFrame;
import dev.ibridge.protocol.Hello;
import dev.ibridge.protocol.HelloReply;
import dev.ibridge.protocol.OutputFingerprint;
import dev.ibridge.protocol.OutputFingerprintReply;
import dev.ibridge.protocol.OutputRef;
import dev.ibridge.protocol.ReadStoreReply;
import dev.ibridge.protocol.RecordAnswer;
import dev.ibridge.protocol.Shutdown;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of the harness framing and of the testee's frame decoder, through the testee's raw byte
 * streams: the bytes of its replies, one reply per call, and its answers to frames no
 * well-behaved runner sends (hostile lengths, wrong markers and fingerprints, trailing bytes,
 * unknown enum symbols, oversized frames, hostile JSON), after each of which it must go on serving.
 * The testee decodes every frame itself, so its frame decoder is an Avro (or JSON) reader of
 * untrusted input like any other. Checks of one framing do not apply to a run in the other; they
 * say so in the report instead of passing.
 */
final class FrameChecks {
  private static final String RUNNER = "ibridge-conformance";
  private static final int OUTPUT_FINGERPRINT = 4;
  private static final int HELLO = 0;

  private FrameChecks() {}

  static List<Check> all() {
    return List.of(
        new ExampleCheck(
            required("REQ-AVRO-002.RepliesAreSingleObjects",
                "In binary mode, the testee's replies are length-prefixed single objects: c3 01, the HarnessFrame fingerprint, the value and nothing more",
                "REQ-AVRO-002", "REQ-HARNESS-002", "REQ-HARNESS-015"),
            Set.of(), FrameChecks::singleObjectReplies),
        new ExampleCheck(
            required("REQ-HARNESS-005.OneReplyPerCall",
                "Every call gets exactly one frame, of the reply type the call names or ErrorReply, and the testee's output holds nothing but frames",
                "REQ-HARNESS-005", "REQ-HARNESS-001"),
            Set.of(), FrameChecks::oneReplyPerCall),
        new ExampleCheck(
            required("REQ-SEC-007.ChecksMarkerAndFingerprint",
                "A frame with another marker, another schema fingerprint or bytes after its value gets ErrorReply PARSE_ERROR, and the testee goes on serving",
                "REQ-SEC-007", "REQ-AVRO-002", "REQ-HARNESS-002", "REQ-HARNESS-006", "REQ-SEC-018"),
            Set.of(), ctx -> rejectsAll(ctx, HarnessFraming.BINARY, markerCases())),
        new ExampleCheck(
            recommended("REQ-AVRO-002.NamesUnknownFingerprint",
                "The error for a frame of an unknown schema names its fingerprint in hexadecimal",
                "REQ-AVRO-002", "REQ-AVRO-006"),
            Set.of(), FrameChecks::namesFingerprint),
        new ExampleCheck(
            required("REQ-AVRO-004.RejectsMalformedFrames",
                "Frames that end inside a value, carry bytes after it, claim more than they hold, or hold an out-of-range union index, an int beyond 32 bits or invalid UTF-8 get ErrorReply PARSE_ERROR",
                "REQ-AVRO-004", "REQ-HARNESS-002", "REQ-HARNESS-006"),
            Set.of(), ctx -> rejectsAll(ctx, HarnessFraming.BINARY, malformedCases())),
        new ExampleCheck(
            required("REQ-AVRO-005.AcceptsArraysInBlocks",
                "An OutputFingerprint whose outputs array comes in one block per item, or as a block of negative count with its byte size, gets the answer of the one-block form",
                "REQ-AVRO-005"),
            Set.of(Operation.OUTPUT_FINGERPRINT), FrameChecks::acceptsBlocks),
        new ExampleCheck(
            required("REQ-SEC-006.RejectsHostileLengths",
                "Frames with negative lengths, overlong varints or block counts and sizes beyond the input get ErrorReply PARSE_ERROR without the testee allocating for them",
                "REQ-SEC-006", "REQ-HARNESS-006"),
            Set.of(), ctx -> rejectsAll(ctx, HarnessFraming.BINARY, lengthCases())),
        new ExampleCheck(
            required("REQ-SEC-014.RejectsUnknownDigestAlgorithm",
                "A digest whose algorithm is not a symbol of the testee's schema is a decode error (ErrorReply PARSE_ERROR), not SHA256",
                "REQ-SEC-014", "REQ-HARNESS-006"),
            Set.of(), FrameChecks::unknownAlgorithm),
        new ExampleCheck(
            required("REQ-HARNESS-003.RefusesOversizedFrames",
                "A length prefix above 64 MiB gets ErrorReply PARSE_ERROR at once, without the testee waiting for the frame's bytes",
                "REQ-HARNESS-003"),
            Set.of(), FrameChecks::oversized),
        new ExampleCheck(
            required("REQ-HARNESS-006.AnswersUnsupportedAndUnparsable",
                "A frame that holds no call, and a call the testee does not list, get ErrorReply UNSUPPORTED; an unparsable frame gets PARSE_ERROR; the testee goes on serving",
                "REQ-HARNESS-006", "REQ-HARNESS-005"),
            Set.of(), FrameChecks::unsupportedAndUnparsable),
        new ExampleCheck(
            required("REQ-HARNESS-009.ExitsOnShutdownAndEndOfInput",
                "On Shutdown, and when its input ends, the testee exits with status 0 without a reply",
                "REQ-HARNESS-009"),
            Set.of(), FrameChecks::exits),
        new ExampleCheck(
            required("REQ-HARNESS-013.JsonLinesFrames",
                "In JSON-lines mode, blank lines are skipped and every reply is one line of the Avro JSON encoding, with bytes as U+0000 to U+00FF",
                "REQ-HARNESS-013", "REQ-AVRO-003"),
            Set.of(Operation.DERIVE_KEY), FrameChecks::jsonLines),
        new ExampleCheck(
            required("REQ-HARNESS-020.RejectsCallsBreakingModelRules",
                "A DeriveKey that decodes but whose key material is out of order, names an entry twice, has an invalid facet name or a digest of 31 bytes gets ErrorReply REJECTED, not a key and not PARSE_ERROR",
                "REQ-HARNESS-020", "REQ-HARNESS-022", "REQ-HARNESS-007", "REQ-KEY-010"),
            Set.of(Operation.DERIVE_KEY), FrameChecks::modelRules),
        new ExampleCheck(
            required("REQ-HARNESS-019.EveryFieldWritten",
                "In JSON-lines mode, a frame that leaves out a field with a default (HeadsQuery.facet) gets ErrorReply PARSE_ERROR",
                "REQ-HARNESS-019", "REQ-HARNESS-006"),
            Set.of(Operation.READ_STORE), FrameChecks::everyFieldWritten),
        new ExampleCheck(
            required("REQ-SEC-008.RejectsHostileJson",
                "In JSON-lines mode, deep nesting, overlong numbers, duplicate or unknown members and text after the value get ErrorReply PARSE_ERROR",
                "REQ-SEC-008", "REQ-HARNESS-006"),
            Set.of(), ctx -> rejectsAll(ctx, HarnessFraming.JSON_LINES, jsonCases())));
  }

  // ---- scenarios

  static void singleObjectReplies(CheckContext ctx) throws Exception {
    try (RawChannel ch = open(ctx, HarnessFraming.BINARY)) {
      ch.write(call(ch, hello()));
      byte[] reply = ch.read();
      Expect.that(reply.length >= 10 && (reply[0] & 0xFF) == 0xC3 && reply[1] == 0x01,
          "the reply to Hello does not start with the single-object marker c3 01: " + hex(reply, 12));
      long fingerprint = ByteBuffer.wrap(reply, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      Expect.equal(FrameCodec.fingerprintText(FrameCodec.FINGERPRINT), FrameCodec.fingerprintText(fingerprint),
          "the schema fingerprint in the reply to Hello (bytes 2 to 9, little-endian)");
      Object body = decode(ch, reply, "the reply to Hello");
      Expect.that(body instanceof HelloReply, "the testee answered Hello with " + name(body));
    }
  }

  static void oneReplyPerCall(CheckContext ctx) throws Exception {
    KeyMaterial km = Emission.MATERIALS.samples(ctx.seed(), 1).get(0);
    Map<String, Object> calls = new LinkedHashMap<>();
    calls.put("Hello", hello());
    calls.put("DeriveKey", new DeriveKey(HarnessMapper.toAvro(km)));
    calls.put("OutputFingerprint", new OutputFingerprint(List.of()));
    Map<String, Class<?>> replies = Map.of(
        "Hello", HelloReply.class, "DeriveKey", DeriveKeyReply.class, "OutputFingerprint", OutputFingerprintReply.class);
    try (RawChannel ch = ctx.testee().raw()) {
      for (Map.Entry<String, Object> c : calls.entrySet()) {
        ch.write(call(ch, c.getValue()));
        Object body = decode(ch, ch.read(), "the reply to " + c.getKey());
        Expect.that(replies.get(c.getKey()).isInstance(body) || body instanceof ErrorReply,
            "the testee answered " + c.getKey() + " with " + name(body) + ", not " + replies.get(c.getKey()).getSimpleName()
                + " or ErrorReply");
      }
      ch.write(call(ch, hello()));
      Object last = decode(ch, ch.read(), "the reply to the last Hello");
      Expect.that(last instanceof HelloReply, "after Hello, DeriveKey and OutputFingerprint, the testee answered a "
          + "further Hello with " + name(last) + ": it sent more than one frame for an earlier call");
    }
  }

  static void namesFingerprint(CheckContext ctx) throws Exception {
    byte[] message = singleObject(body(HELLO, validHello()));
    message[9] ^= 0x40;
    String claimed = FrameCodec.fingerprintText(ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    try (RawChannel ch = open(ctx, HarnessFraming.BINARY)) {
      ch.write(frame(ch, message));
      Object body = decode(ch, ch.read(), "the reply to a frame of an unknown schema");
      Expect.that(body instanceof ErrorReply, "the testee answered a frame of an unknown schema with " + name(body));
      String text = String.valueOf(((ErrorReply) body).getMessage()).toLowerCase();
      Expect.that(text.contains(claimed), "the error for a frame with fingerprint " + claimed + " does not name it: \""
          + ((ErrorReply) body).getMessage() + "\"");
    }
  }

  /**
   * The runner writes every array as one block (REQ-AVRO-001), so the other valid forms reach a
   * testee's reader only from a hand-made frame: the same two outputs as one block of 2, as two
   * blocks of 1, and as one block of count -2 followed by the block's byte size.
   */
  static void acceptsBlocks(CheckContext ctx) throws Exception {
    byte[] a = outputRef("a", (byte) 0x11, 3);
    byte[] b = outputRef("b", (byte) 0x22, 5);
    byte[] end = {0};
    byte[] oneBlock = singleObject(concat(zz(OUTPUT_FINGERPRINT), zz(2), a, b, end));
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("two blocks of one output each", singleObject(concat(zz(OUTPUT_FINGERPRINT), zz(1), a, zz(1), b, end)));
    cases.put("a block of count -2 with its byte size " + (a.length + b.length),
        singleObject(concat(zz(OUTPUT_FINGERPRINT), zz(-2), zz(a.length + b.length), a, b, end)));
    try (RawChannel ch = open(ctx, HarnessFraming.BINARY)) {
      ch.write(frame(ch, oneBlock));
      Object expected = decode(ch, ch.read(), "the reply to OutputFingerprint with its outputs in one block");
      Expect.that(expected instanceof OutputFingerprintReply, "the testee answered an OutputFingerprint of two outputs "
          + "in one block (" + hex(oneBlock, 48) + ") with " + shownReply(expected));
      for (Map.Entry<String, byte[]> c : cases.entrySet()) {
        ctx.countScenario();
        ch.write(frame(ch, c.getValue()));
        Object reply = decode(ch, ch.read(), "the reply to OutputFingerprint with its outputs in " + c.getKey());
        Expect.that(reply instanceof OutputFingerprintReply, "the testee must read an array in " + c.getKey()
            + " like the same array in one block (REQ-AVRO-005), but it answered " + shownReply(reply) + " to "
            + hex(c.getValue(), 48));
        Expect.equal(expected, reply, "the reply to OutputFingerprint with its outputs in " + c.getKey()
            + " (the reply to the one-block form was expected)");
      }
    }
  }

  private static String shownReply(Object body) {
    return body instanceof ErrorReply e ? "ErrorReply " + e.getKind() + ": " + e.getMessage() : name(body);
  }

  static void unknownAlgorithm(CheckContext ctx) throws Exception {
    Map<String, byte[]> cases = new LinkedHashMap<>();
    if (ctx.testee().framing() == HarnessFraming.BINARY) {
      byte[] good = outputFingerprintBody(0, new byte[] {0x40}, zz(1));
      byte[] bad = outputFingerprintBody(1, new byte[] {0x40}, zz(1));
      cases.put("a digest algorithm with enum index 1 (SHA256 is the only symbol, index 0)", singleObject(bad));
      rejectsAll(ctx, HarnessFraming.BINARY, cases, singleObject(good));
    } else {
      String good = FrameCodec.encodeJson(new HarnessFrame(sampleOutputFingerprint()));
      Expect.that(good.contains("\"SHA256\""), "the runner's own JSON has no SHA256 symbol: " + good);
      cases.put("a digest algorithm \"BLAKE3\"", good.replace("\"SHA256\"", "\"BLAKE3\"").getBytes(StandardCharsets.UTF_8));
      rejectsAll(ctx, HarnessFraming.JSON_LINES, cases, good.getBytes(StandardCharsets.UTF_8));
    }
  }

  static void oversized(CheckContext ctx) throws Exception {
    try (RawChannel ch = open(ctx, HarnessFraming.BINARY)) {
      ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(FrameCodec.MAX_FRAME_BYTES + 1).array());
      byte[] reply;
      try {
        reply = ch.read();
      } catch (TesteeException e) {
        throw new CheckFailure("the testee did not answer a length prefix of 64 MiB + 1 with ErrorReply PARSE_ERROR: "
            + e.getMessage(), e);
      }
      expectError(decode(ch, reply, "the reply to a length prefix of 64 MiB + 1"), ErrorKind.PARSE_ERROR,
          "a length prefix of 64 MiB + 1 (67108865) with no frame bytes after it");
      // The input can no longer be split into frames, and the testee MAY have exited already: end
      // this testee, so that the next check starts a fresh one instead of racing its exit.
      ch.awaitEnd(true);
    }
  }

  static void unsupportedAndUnparsable(CheckContext ctx) throws Exception {
    try (RawChannel ch = ctx.testee().raw()) {
      Map<String, Object> notCalls = new LinkedHashMap<>();
      notCalls.put("HelloReply", new HelloReply(HarnessVersion.CURRENT, RUNNER, "1", List.of(), List.of()));
      notCalls.put("ReadStoreReply", new ReadStoreReply(new RecordAnswer(null)));
      notCalls.put("ErrorReply", new ErrorReply(ErrorKind.RUNTIME_ERROR, "a reply sent as a call"));
      for (Map.Entry<String, Object> c : notCalls.entrySet()) {
        ch.write(call(ch, c.getValue()));
        expectError(decode(ch, ch.read(), "the reply to a " + c.getKey() + " frame"), ErrorKind.UNSUPPORTED,
            "a " + c.getKey() + " frame sent as a call");
        expectServing(ch, "a " + c.getKey() + " frame");
      }
      if (!ctx.info().supports(Operation.OUTPUT_FINGERPRINT)) {
        ch.write(call(ch, new OutputFingerprint(List.of())));
        expectError(decode(ch, ch.read(), "the reply to OutputFingerprint"), ErrorKind.UNSUPPORTED,
            "OutputFingerprint, which the testee does not list");
        expectServing(ch, "an unsupported OutputFingerprint");
      }
      byte[] garbage = ch.framing() == HarnessFraming.BINARY
          ? "this is not a frame".getBytes(StandardCharsets.US_ASCII)
          : "this is not JSON".getBytes(StandardCharsets.US_ASCII);
      ch.write(frame(ch, garbage));
      expectError(decode(ch, ch.read(), "the reply to an unparsable frame"), ErrorKind.PARSE_ERROR,
          "a frame holding the text \"" + new String(garbage, StandardCharsets.US_ASCII) + "\"");
      expectServing(ch, "an unparsable frame");
    }
  }

  static void exits(CheckContext ctx) throws Exception {
    try (RawChannel ch = ctx.testee().raw()) {
      ch.write(call(ch, new Shutdown()));
      RawChannel.Ending end = ch.awaitEnd(false);
      Expect.equal(0, end.status(), "the testee's exit status after Shutdown");
      Expect.equal(0, end.frames().size(), "the frames the testee wrote after Shutdown");
    }
    try (RawChannel ch = ctx.testee().raw()) {
      RawChannel.Ending end = ch.awaitEnd(true);
      Expect.equal(0, end.status(), "the testee's exit status when its input ends");
      Expect.equal(0, end.frames().size(), "the frames the testee wrote when its input ended");
    }
  }

  static void jsonLines(CheckContext ctx) throws Exception {
    KeyMaterial km = Emission.MATERIALS.samples(ctx.seed(), 1).get(0);
    try (RawChannel ch = open(ctx, HarnessFraming.JSON_LINES)) {
      ch.write(" \n\t\n\n".getBytes(StandardCharsets.US_ASCII));
      ch.write(call(ch, hello()));
      Object hello = decode(ch, utf8(ch.read(), "the reply to Hello"), "the reply to Hello after blank lines");
      Expect.that(hello instanceof HelloReply, "after blank lines, the testee answered Hello with " + name(hello));
      ch.write(call(ch, new DeriveKey(HarnessMapper.toAvro(km))));
      Object reply = decode(ch, utf8(ch.read(), "the reply to DeriveKey"), "the reply to DeriveKey");
      Expect.that(reply instanceof DeriveKeyReply, "the testee answered DeriveKey with " + name(reply));
      DeriveKeyReply d = (DeriveKeyReply) reply;
      Expect.equal(Keys.inputKey(km), HarnessMapper.fromAvro(d.getInputKey()), "the input key, read from the JSON reply");
      if (d.getCanonicalBytes() != null) {
        Expect.equal(HexFormat.of().formatHex(Keys.canonicalBytes(km)),
            HexFormat.of().formatHex(HarnessMapper.optionalBytes(d.getCanonicalBytes()).orElseThrow().toByteArray()),
            "the canonical bytes, read from the JSON reply's string of U+0000 to U+00FF");
      }
    }
  }

  static void modelRules(CheckContext ctx) throws Exception {
    KeyMaterial km = Emission.MATERIALS.samples(ctx.seed(), 1).get(0);
    dev.ibridge.protocol.KeyMaterial good = HarnessMapper.toAvro(km);
    Map<String, dev.ibridge.protocol.KeyMaterial> cases = new LinkedHashMap<>();
    cases.put("config entries zz.b before zz.a", with(good, good.getFacet(), config("zz.b", "zz.a"), null, null));
    cases.put("the config entry zz.a twice", with(good, good.getFacet(), config("zz.a", "zz.a"), null, null));
    cases.put("the file input src/b.rs before src/a.rs",
        with(good, good.getFacet(), null, List.of(fileInput("src/b.rs", 32), fileInput("src/a.rs", 32)), null));
    cases.put("a file input whose SHA256 digest has 31 bytes",
        with(good, good.getFacet(), null, List.of(fileInput("src/a.rs", 31)), null));
    cases.put("the facet name Analysis (upper case)", with(good, "Analysis", null, null, null));
    cases.put("a read of metadata before a read of analysis of the same subject", with(good, good.getFacet(), null, null,
        List.of(read(good.getSubject(), "metadata"), read(good.getSubject(), "analysis"))));
    try (RawChannel ch = ctx.testee().raw()) {
      for (Map.Entry<String, dev.ibridge.protocol.KeyMaterial> c : cases.entrySet()) {
        ctx.countScenario();
        String input = "a DeriveKey whose key material has " + c.getKey();
        ch.write(call(ch, new DeriveKey(c.getValue())));
        byte[] reply;
        try {
          reply = ch.read();
        } catch (TesteeException e) {
          throw new CheckFailure(input + ": the testee did not answer ErrorReply REJECTED: " + e.getMessage(), e);
        }
        expectError(decode(ch, reply, "the reply to " + input), ErrorKind.REJECTED, input);
        ch.write(call(ch, new DeriveKey(HarnessMapper.toAvro(km))));
        Object after = decode(ch, ch.read(), "the reply to a well-formed DeriveKey after " + input);
        Expect.that(after instanceof DeriveKeyReply, "after " + input + ", the testee answered a well-formed DeriveKey with "
            + (after instanceof ErrorReply e ? "ErrorReply " + e.getKind() + ": " + e.getMessage() : name(after)));
      }
    }
  }

  /** {@code km} with another facet, and with each array that is not null in place of its own. */
  private static dev.ibridge.protocol.KeyMaterial with(dev.ibridge.protocol.KeyMaterial km, String facet,
      List<dev.ibridge.protocol.ConfigEntry> config, List<Object> inputs, List<dev.ibridge.protocol.Read> reads) {
    return new dev.ibridge.protocol.KeyMaterial(km.getProtocolMajor(), km.getSubject(), facet, km.getToolchain(),
        config != null ? config : km.getConfig(), inputs != null ? inputs : km.getInputs(), reads != null ? reads : km.getReads());
  }

  private static List<dev.ibridge.protocol.ConfigEntry> config(String first, String second) {
    return List.of(new dev.ibridge.protocol.ConfigEntry(first, "1"), new dev.ibridge.protocol.ConfigEntry(second, "2"));
  }

  private static dev.ibridge.protocol.FileInput fileInput(String path, int digestBytes) {
    return new dev.ibridge.protocol.FileInput(path, sha256(new byte[digestBytes]), 3L);
  }

  private static dev.ibridge.protocol.Read read(dev.ibridge.protocol.Subject subject, String facet) {
    return new dev.ibridge.protocol.Read(subject, facet, sha256(new byte[32]));
  }

  private static dev.ibridge.protocol.Digest sha256(byte[] value) {
    Arrays.fill(value, (byte) 0x5a);
    return new dev.ibridge.protocol.Digest(dev.ibridge.protocol.DigestAlgorithm.SHA256, ByteBuffer.wrap(value));
  }

  static void everyFieldWritten(CheckContext ctx) throws Exception {
    String store = ctx.newStore().toAbsolutePath().toString();
    String complete = FrameCodec.encodeJson(new HarnessFrame(
        new dev.ibridge.protocol.ReadStore(store, new dev.ibridge.protocol.HeadsQuery(null)))).strip();
    String withoutFacet = complete.replace("{\"facet\":null}", "{}");
    Expect.that(!withoutFacet.equals(complete), "the runner's own JSON has no \"facet\":null: " + complete);
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("a HeadsQuery that leaves out its field facet (whose default is null)", utf8(withoutFacet));
    rejectsAll(ctx, HarnessFraming.JSON_LINES, cases, utf8(complete));
  }

  // ---- hostile cases

  private static Map<String, byte[]> markerCases() {
    Map<String, byte[]> cases = new LinkedHashMap<>();
    byte[] marker = singleObject(body(HELLO, validHello()));
    marker[1] = 0x02;
    cases.put("the marker c3 02", marker);
    byte[] fingerprint = singleObject(body(HELLO, validHello()));
    fingerprint[9] ^= 0x40;
    cases.put("another schema's fingerprint", fingerprint);
    cases.put("a Hello without marker and fingerprint", body(HELLO, validHello()));
    cases.put("a zero byte after the Hello", singleObject(concat(body(HELLO, validHello()), new byte[] {0})));
    return cases;
  }

  private static Map<String, byte[]> malformedCases() {
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("a Hello that ends after harnessVersion", singleObject(concat(zz(HELLO), zz(1))));
    cases.put("a runner string claiming 19 bytes with 3 left", singleObject(concat(zz(HELLO), zz(1), zz(19), ascii("ibr"))));
    cases.put("union branch 18 of 18 (0 to 17)", singleObject(body(18, validHello())));
    cases.put("union branch -1", singleObject(body(-1, validHello())));
    cases.put("harnessVersion 2^31, beyond int", singleObject(concat(zz(HELLO), zz(1L << 31), str(RUNNER))));
    cases.put("a runner string that is not UTF-8 (c3 28)", singleObject(concat(zz(HELLO), zz(1), zz(2), new byte[] {(byte) 0xC3, 0x28})));
    cases.put("an outputs array claiming 1000000 items with 1 byte left",
        singleObject(concat(zz(OUTPUT_FINGERPRINT), zz(1_000_000), new byte[] {0})));
    return cases;
  }

  private static Map<String, byte[]> lengthCases() {
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("a runner string of length -1", singleObject(concat(zz(HELLO), zz(1), zz(-1), ascii("x"))));
    cases.put("digest bytes of length -32", singleObject(outputFingerprintBody(0, zz(-32), zz(1))));
    cases.put("a size whose varint runs 11 bytes",
        singleObject(outputFingerprintBody(0, zz(32), concat(repeat((byte) 0xFF, 10), new byte[] {0x01}))));
    cases.put("a harnessVersion whose varint runs 6 bytes",
        singleObject(concat(zz(HELLO), new byte[] {(byte) 0x82, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00},
            str(RUNNER))));
    cases.put("an outputs block of 2^40 items", singleObject(concat(zz(OUTPUT_FINGERPRINT), zz(1L << 40), new byte[] {0})));
    cases.put("an outputs block of count -1 declaring 1000000 bytes",
        singleObject(concat(zz(OUTPUT_FINGERPRINT), zz(-1), zz(1_000_000), outputRef(0, zz(32), zz(1)), new byte[] {0})));
    cases.put("a runner string of length 2^62", singleObject(concat(zz(HELLO), zz(1), zz(1L << 62), ascii("x"))));
    return cases;
  }

  private static Map<String, byte[]> jsonCases() {
    String good = FrameCodec.encodeJson(new HarnessFrame(hello()));
    String open = "{\"body\":{\"dev.ibridge.protocol.Hello\":{\"harnessVersion\":1,\"runner\":";
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("arrays nested 5000 deep", utf8(open + "[".repeat(5000) + "]".repeat(5000) + "}}}"));
    cases.put("a harnessVersion of 1001 digits", utf8("{\"body\":{\"dev.ibridge.protocol.Hello\":{\"harnessVersion\":1"
        + "0".repeat(1000) + ",\"runner\":\"" + RUNNER + "\"}}}"));
    cases.put("harnessVersion twice", utf8("{\"body\":{\"dev.ibridge.protocol.Hello\":{\"harnessVersion\":1,"
        + "\"harnessVersion\":1,\"runner\":\"" + RUNNER + "\"}}}"));
    cases.put("an unknown member \"extra\"", utf8(open + "\"" + RUNNER + "\",\"extra\":1}}}"));
    cases.put("text after the value", utf8(good.strip() + " {}"));
    return cases;
  }

  // ---- the exchange

  private static RawChannel open(CheckContext ctx, HarnessFraming framing) throws TesteeException {
    HarnessFraming actual = ctx.testee().framing();
    if (actual != framing) {
      throw new CheckSkipped("not applicable: the testee is run in " + describe(actual) + "; this check is for "
          + describe(framing) + (framing == HarnessFraming.JSON_LINES
              ? ", which a testee MAY support (REQ-HARNESS-015): run the suite with --jsonl to check it"
              : ", which every testee MUST support (REQ-HARNESS-015): run the suite without --jsonl to check it"));
    }
    return ctx.testee().raw();
  }

  private static String describe(HarnessFraming f) {
    return f == HarnessFraming.BINARY ? "binary mode" : "JSON-lines mode";
  }

  private static void rejectsAll(CheckContext ctx, HarnessFraming framing, Map<String, byte[]> cases) throws Exception {
    byte[] probe = framing == HarnessFraming.BINARY
        ? FrameCodec.encodeSingleObject(new HarnessFrame(hello()))
        : FrameCodec.encodeJson(new HarnessFrame(hello())).strip().getBytes(StandardCharsets.UTF_8);
    rejectsAll(ctx, framing, cases, probe);
  }

  /** Each hostile message must get PARSE_ERROR, and {@code valid} (the well-formed counterpart) its reply. */
  private static void rejectsAll(CheckContext ctx, HarnessFraming framing, Map<String, byte[]> cases, byte[] valid) throws Exception {
    try (RawChannel ch = open(ctx, framing)) {
      for (Map.Entry<String, byte[]> c : cases.entrySet()) {
        ctx.countScenario();
        ch.write(frame(ch, c.getValue()));
        byte[] reply;
        try {
          reply = ch.read();
        } catch (TesteeException e) {
          throw new CheckFailure("a frame with " + c.getKey() + " (" + hex(c.getValue(), 48) + "): the testee did not answer "
              + "ErrorReply PARSE_ERROR: " + e.getMessage(), e);
        }
        expectError(decode(ch, reply, "the reply to a frame with " + c.getKey()), ErrorKind.PARSE_ERROR,
            "a frame with " + c.getKey() + " (" + hex(c.getValue(), 48) + ")");
        ch.write(frame(ch, valid));
        Object after = decode(ch, ch.read(), "the reply to a well-formed frame after " + c.getKey());
        Expect.that(!(after instanceof ErrorReply e && e.getKind() == ErrorKind.PARSE_ERROR),
            "after a frame with " + c.getKey() + ", the testee could not parse the next, well-formed frame: " + after);
      }
    }
  }

  private static void expectServing(RawChannel ch, String after) throws TesteeException {
    ch.write(call(ch, hello()));
    byte[] reply;
    try {
      reply = ch.read();
    } catch (TesteeException e) {
      throw new CheckFailure("after " + after + " the testee did not go on serving: " + e.getMessage(), e);
    }
    Object body = decode(ch, reply, "the reply to Hello after " + after);
    Expect.that(body instanceof HelloReply, "after " + after + " the testee answered Hello with " + name(body));
  }

  private static void expectError(Object reply, ErrorKind kind, String input) {
    if (reply instanceof ErrorReply e && e.getKind() == kind) {
      return;
    }
    throw new CheckFailure("the testee must answer " + input + " with ErrorReply " + kind + ", but it answered "
        + (reply instanceof ErrorReply e ? "ErrorReply " + e.getKind() + ": " + e.getMessage() : name(reply)));
  }

  private static Object decode(RawChannel ch, byte[] reply, String what) {
    try {
      return ch.framing().decode(reply).getBody();
    } catch (DecodeException e) {
      throw new CheckFailure(what + " is not a valid frame (" + e.getMessage() + "): " + shown(ch.framing(), reply), e);
    }
  }

  private static byte[] call(RawChannel ch, Object body) {
    return ch.framing().encode(new HarnessFrame(body));
  }

  /** {@code message} as it goes on the stream: after its length, or before a line feed. */
  private static byte[] frame(RawChannel ch, byte[] message) {
    if (ch.framing() == HarnessFraming.JSON_LINES) {
      return concat(message, new byte[] {'\n'});
    }
    return concat(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(message.length).array(), message);
  }

  private static Hello hello() {
    return new Hello(HarnessVersion.CURRENT, RUNNER);
  }

  private static String name(Object body) {
    return body == null ? "nothing" : body.getClass().getSimpleName();
  }

  // ---- bytes

  private static byte[] singleObject(byte[] avro) {
    return concat(new byte[] {(byte) 0xC3, 0x01},
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(FrameCodec.FINGERPRINT).array(), avro);
  }

  private static byte[] body(int branch, byte[] value) {
    return concat(zz(branch), value);
  }

  private static byte[] validHello() {
    return concat(zz(HarnessVersion.CURRENT), str(RUNNER));
  }

  private static OutputFingerprint sampleOutputFingerprint() {
    return new OutputFingerprint(List.of(new OutputRef("a",
        new dev.ibridge.protocol.Digest(dev.ibridge.protocol.DigestAlgorithm.SHA256, ByteBuffer.wrap(new byte[32])), 1L, true)));
  }

  /** An OutputFingerprint call with one output "a" whose digest has enum index {@code algorithm}. */
  private static byte[] outputFingerprintBody(int algorithm, byte[] digestLength, byte[] size) {
    return concat(zz(OUTPUT_FINGERPRINT), zz(1), outputRef(algorithm, digestLength, size), new byte[] {0});
  }

  private static byte[] outputRef(int algorithm, byte[] digestLength, byte[] size) {
    return concat(str("a"), zz(algorithm), digestLength, new byte[32], size, new byte[] {1});
  }

  /** An observable output {@code name} of {@code size} bytes whose SHA-256 digest is 32 bytes {@code fill}. */
  private static byte[] outputRef(String name, byte fill, long size) {
    byte[] digest = new byte[32];
    Arrays.fill(digest, fill);
    return concat(str(name), zz(0), zz(32), digest, zz(size), new byte[] {1});
  }

  /** The zig-zag varint of {@code v}, as Avro writes int and long. */
  static byte[] zz(long v) {
    long z = (v << 1) ^ (v >> 63);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    return out.toByteArray();
  }

  private static byte[] str(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    return concat(zz(utf8.length), utf8);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] utf8(byte[] line, String what) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line));
    } catch (CharacterCodingException e) {
      throw new CheckFailure(what + " is not UTF-8: " + hex(line, 48), e);
    }
    return line;
  }

  private static byte[] repeat(byte b, int n) {
    byte[] out = new byte[n];
    Arrays.fill(out, b);
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** A frame as a person reads it: a JSON line as its text, a binary frame in hex. */
  private static String shown(HarnessFraming framing, byte[] frame) {
    if (framing == HarnessFraming.JSON_LINES) {
      try {
        String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(frame)).toString();
        return text.length() > 200 ? text.substring(0, 200) + "... (" + frame.length + " bytes)" : text;
      } catch (java.nio.charset.CharacterCodingException e) {
        return "not UTF-8: " + hex(frame, 48);
      }
    }
    return hex(frame, 48);
  }

  private static String hex(byte[] bytes, int max) {
    String h = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, max));
    return bytes.length > max ? h + " ... (" + bytes.length + " bytes)" : h;
  }
}
