package dev.ibridge.conformance.checks;

import java.nio.file.Path;

/** A property check's failure: the shrunk case, the seed and the counterexample file. */
public final class PropertyFailure extends CheckFailure {
  private final long seed;
  private final transient Path counterexample;

  public PropertyFailure(String message, Throwable cause, long seed, Path counterexample) {
    super(message, cause);
    this.seed = seed;
    this.counterexample = counterexample;
  }

  public long seed() {
    return seed;
  }

  /** The counterexample file the engine wrote; it may be in a temporary directory. */
  public Path counterexample() {
    return counterexample;
  }
}
