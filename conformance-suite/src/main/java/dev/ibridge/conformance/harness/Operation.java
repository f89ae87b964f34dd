package dev.ibridge.conformance.harness;

/** The operations a testee may implement besides hello, as it lists them in its hello reply. */
public enum Operation {
  DERIVE_KEY,
  OUTPUT_FINGERPRINT,
  REQUEST,
  EMIT,
  RUN_ACTIVITY,
  READ_STORE;

  /** The name as the protocol and the command line spell it, such as {@code derive-key}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** The operation a wire name names. */
  public static java.util.Optional<Operation> byWireName(String name) {
    for (Operation op : values()) {
      if (op.wireName().equals(name)) {
        return java.util.Optional.of(op);
      }
    }
    return java.util.Optional.empty();
  }
}
