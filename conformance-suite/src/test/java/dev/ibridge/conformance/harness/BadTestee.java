package dev.ibridge.conformance.harness;

import dev.ibridge.model.KeyMaterial;
import dev.ibridge.protocol.EmitReply;
import dev.ibridge.protocol.EmitOutcome;
import dev.ibridge.protocol.HarnessFrame;
import dev.ibridge.protocol.HelloReply;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A deliberately broken testee: the reference, except that derive-key misbehaves in the way the
 * first argument names. {@code crash}: exits with status 3 mid-call, after a line on stderr.
 * {@code hang}: never answers (after writing its pid to the file named by the second argument).
 * {@code garbage}: prints text instead of a frame. {@code junk}: sends a frame of the right length
 * with a body that is not a HarnessFrame. {@code wrong-reply}: answers with an EmitReply. {@code
 * foreign-schema}: answers hello with a frame of another schema fingerprint. {@code
 * wrong-version}: says harness version 2 in its hello reply.
 */
public final class BadTestee {
  private BadTestee() {}

  public static void main(String[] args) throws IOException {
    String mode = args[0];
    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out));
    Testee testee = new ForwardingTestee(new InProcessTestee()) {
      @Override
      public KeyDerivation deriveKey(KeyMaterial keyMaterial) throws TesteeException {
        try {
          misbehave(mode, args, out);
        } catch (IOException | InterruptedException e) {
          throw new TesteeException(TesteeFailure.RUNTIME_ERROR, e.toString(), e);
        }
        return super.deriveKey(keyMaterial);
      }
    };
    if (mode.equals("foreign-schema") || mode.equals("wrong-version")) {
      answerHelloBadly(mode, out);
    }
    new TesteeServer(testee, new BufferedInputStream(System.in), out, HarnessFraming.BINARY).serve();
  }

  private static void misbehave(String mode, String[] args, OutputStream out) throws IOException, InterruptedException {
    switch (mode) {
      case "crash" -> {
        System.err.println("bad testee: crashing on purpose");
        System.err.flush();
        Runtime.getRuntime().halt(3);
      }
      case "hang" -> {
        Files.writeString(Path.of(args[1]), Long.toString(ProcessHandle.current().pid()));
        Thread.sleep(Long.MAX_VALUE);
      }
      case "garbage" -> {
        out.write("Hello from a testee that prints to stdout\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      case "junk" -> {
        byte[] body = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9};
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(body.length).array());
        out.write(body);
        out.flush();
      }
      case "wrong-reply" -> {
        out.write(HarnessFraming.BINARY.encode(new HarnessFrame(new EmitReply(EmitOutcome.CREATED, 0L, 0L))));
        out.flush();
      }
      default -> { }
    }
  }

  /** Reads the runner's hello and answers it with a broken reply, before serving normally. */
  private static void answerHelloBadly(String mode, OutputStream out) throws IOException {
    BufferedInputStream in = new BufferedInputStream(System.in);
    HarnessFraming.BINARY.read(in);
    HelloReply reply = new HelloReply(
        mode.equals("wrong-version") ? 2 : HarnessVersion.CURRENT, "bad", "0", List.of(), List.of());
    byte[] frame = HarnessFraming.BINARY.encode(new HarnessFrame(reply));
    if (mode.equals("foreign-schema")) {
      // Flip one bit of the schema fingerprint (bytes 6..13 of the frame: after the length and C3 01).
      frame[6] ^= 0x40;
    }
    out.write(frame);
    out.flush();
    new TesteeServer(new InProcessTestee(), in, out, HarnessFraming.BINARY).serve();
    System.exit(0);
  }
}
