package dev.ibridge.store;

import java.io.IOException;

/**
 * The directory has a {@code STORE} file, and it was read, but it is not a store header: the store
 * is damaged, which a verify reports as a finding rather than as input it could not read.
 */
public final class DamagedStoreException extends IOException {
  private static final long serialVersionUID = 1L;

  public DamagedStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
