package dev.ibridge.store;

import java.io.IOException;

/** Another process has the store open, so an operation that needs it alone cannot run now. */
public final class StoreBusyException extends IOException {
  private static final long serialVersionUID = 1L;

  public StoreBusyException(String message) {
    super(message);
  }
}
