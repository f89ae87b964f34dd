package dev.ibridge.conformance.harness;

/** Why a call to a testee did not produce an answer. */
public enum TesteeFailure {
  /** The testee refused the input as breaking a protocol rule (ErrorReply REJECTED). */
  REJECTED,
  /** The testee does not implement the operation (ErrorReply UNSUPPORTED). */
  UNSUPPORTED,
  /** The testee failed: it answered RUNTIME_ERROR, threw, or its process died during the call. */
  RUNTIME_ERROR,
  /** The testee did not answer within the per-call timeout; its process was killed. */
  TIMEOUT,
  /** The testee broke the protocol: unparsable or oversized frame, wrong reply, PARSE_ERROR. */
  PROTOCOL_ERROR,
  /** The testee speaks another harness schema or version; reported at the first frame. */
  VERSION_MISMATCH
}
