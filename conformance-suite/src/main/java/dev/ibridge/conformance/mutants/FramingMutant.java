package dev.ibridge.conformance.mutants;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.conformance.harness.ForwardingTestee;
import dev.ibridge.conformance.harness.HarnessFraming;
import dev.ibridge.conformance.harness.ServesFrames;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeServer;
import dev.ibridge.protocol.HarnessFrame;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/** The reference with a broken frame server: the flaw sits in how it reads or answers frames. */
final class FramingMutant extends ForwardingTestee implements ServesFrames {
  enum Flaw {
    /** Decodes the longest prefix of a binary frame that holds a whole value: bytes after it go unnoticed. */
    IGNORES_TRAILING_BYTES,
    /** Throws, ending the process, on a frame that holds no call. */
    CRASHES_ON_NON_CALLS
  }

  private final Flaw flaw;

  FramingMutant(Testee delegate, Flaw flaw) {
    super(delegate);
    this.flaw = flaw;
  }

  @Override
  public TesteeServer server(InputStream in, OutputStream out, HarnessFraming framing) {
    return new TesteeServer(this, in, out, framing) {
      @Override
      protected HarnessFrame decode(byte[] frame) throws DecodeException {
        if (flaw != Flaw.IGNORES_TRAILING_BYTES || framing != HarnessFraming.BINARY) {
          return super.decode(frame);
        }
        DecodeException first = null;
        for (int end = frame.length; end > 10; end--) {
          try {
            return super.decode(Arrays.copyOf(frame, end));
          } catch (DecodeException e) {
            first = first == null ? e : first;
          }
        }
        throw first != null ? first : new DecodeException("not a harness frame");
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
