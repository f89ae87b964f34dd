package dev.ibridge.conformance.mutants;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.conformance.harness.ForwardingTestee;
import dev.ibridge.conformance.harness.FrameCodec;
import dev.ibridge.conformance.harness.Framing;
import dev.ibridge.conformance.harness.ServesFrames;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeServer;
import dev.ibridge.protocol.HarnessFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/** The reference with a broken frame server: the flaw sits in how it reads or answers frames. */
final class FramingMutant extends ForwardingTestee implements ServesFrames {
  enum Flaw {
    /** Checks marker and fingerprint, then lets Avro read the value alone: no bounds walk, no check for leftover bytes. */
    AVRO_ALONE,
    /** Throws, ending the process, on a frame that holds no call. */
    CRASHES_ON_NON_CALLS
  }

  private final Flaw flaw;

  FramingMutant(Testee delegate, Flaw flaw) {
    super(delegate);
    this.flaw = flaw;
  }

  @Override
  public TesteeServer server(InputStream in, OutputStream out, Framing framing) {
    return new TesteeServer(this, in, out, framing) {
      @Override
      protected HarnessFrame decode(byte[] frame) throws DecodeException {
        if (flaw != Flaw.AVRO_ALONE || framing != Framing.BINARY) {
          return super.decode(frame);
        }
        if (FrameCodec.claimedFingerprint(frame).orElse(0) != FrameCodec.FINGERPRINT) {
          throw new DecodeException("not a harness frame");
        }
        try {
          return new SpecificDatumReader<HarnessFrame>(FrameCodec.SCHEMA)
              .read(null, DecoderFactory.get().binaryDecoder(frame, 10, frame.length - 10, null));
        } catch (IOException | RuntimeException e) {
          throw new DecodeException("invalid HarnessFrame: " + e.getMessage(), e);
        }
      }

      @Override
      protected Object notACall(Object body) {
        if (flaw == Flaw.CRASHES_ON_NON_CALLS) {
          throw new IllegalStateException("unexpected frame " + body.getClass().getSimpleName());
        }
        return super.notACall(body);
      }
    };
  }
}
