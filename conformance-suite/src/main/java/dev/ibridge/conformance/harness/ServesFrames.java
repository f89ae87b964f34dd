package dev.ibridge.conformance.harness;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A testee that serves the harness with a {@link TesteeServer} of its own making. Only mutants
 * that break the framing need this; {@link TesteeMain} and the in-process {@link RawChannel} ask
 * for the server here instead of making the standard one.
 */
public interface ServesFrames {
  TesteeServer server(InputStream in, OutputStream out, HarnessFraming framing);
}
