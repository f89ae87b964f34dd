package dev.ibridge.fuzz;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/** A channel that hands out at most one byte per read, to shake out readers that assume full reads. */
final class OneByteChannel implements ReadableByteChannel {
  private final byte[] bytes;
  private int pos;
  private boolean open = true;

  OneByteChannel(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public int read(ByteBuffer dst) {
    if (pos >= bytes.length) {
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    dst.put(bytes[pos++]);
    return 1;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
