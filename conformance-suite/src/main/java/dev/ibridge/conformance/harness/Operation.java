package dev.ibridge.conformance.harness;

/** The operations a testee may implement besides hello, as it lists them in its hello reply. */
public enum Operation {
  DERIVE_KEY,
  OUTPUT_FINGERPRINT,
  REQUEST,
  EMIT,
  RUN_ACTIVITY,
  READ_STORE
}
