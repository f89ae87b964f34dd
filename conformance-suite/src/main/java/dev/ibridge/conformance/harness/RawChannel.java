package dev.ibridge.conformance.harness;

import java.util.List;

/**
 * The testee's byte streams themselves, for the checks of the framing: what the testee does with
 * bytes that no well-behaved runner would send, and the exact bytes it answers with. A channel
 * talks to the live testee (a process that has answered hello, or the in-process server); the
 * ordinary calls of {@link Testee} go on working after it is closed, unless the testee ended.
 */
public interface RawChannel extends AutoCloseable {

  /** The framing the testee speaks on this channel. */
  HarnessFraming framing();

  /** Writes {@code bytes} to the testee's input exactly as given: length prefixes or line feeds included. */
  void write(byte[] bytes) throws TesteeException;

  /**
   * The bytes of the testee's next frame, without length prefix or line feed, as it wrote them.
   * Waits at most the call timeout; a testee that ends instead fails with
   * {@link TesteeFailure#RUNTIME_ERROR}, one that stays silent with {@link TesteeFailure#TIMEOUT}.
   */
  byte[] read() throws TesteeException;

  /**
   * Closes the testee's input if {@code closeInput}, then waits (at most the call timeout) for the
   * testee to end, and says how it ended and which frames it wrote in the meantime.
   */
  Ending awaitEnd(boolean closeInput) throws TesteeException;

  /** Leaves the testee as it is; nothing more is written through this channel. */
  @Override
  void close();

  /** How a testee ended: its exit status, and the frames it wrote after the last {@link #read}. */
  record Ending(int status, List<byte[]> frames) {
    public Ending {
      frames = List.copyOf(frames);
    }
  }
}
