package dev.ibridge.store;

import dev.ibridge.model.EmitOutcome;
import java.util.Objects;

/**
 * How an emit ended, with the blob bytes it wrote and the blob bytes it found already stored. A
 * {@code CONFLICT} left the store unchanged.
 */
public record EmitResult(EmitOutcome outcome, long bytesWritten, long bytesDeduplicated) {
  public EmitResult {
    Objects.requireNonNull(outcome, "outcome");
    if (bytesWritten < 0 || bytesDeduplicated < 0) {
      throw new IllegalArgumentException(
          "byte counts must not be negative, got " + bytesWritten + " and " + bytesDeduplicated);
    }
  }
}
