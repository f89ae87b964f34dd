package dev.ibridge.conformance.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Drains a testee's standard error on a daemon thread: passes each line (cut at
 * {@value #MAX_LINE} bytes) to a sink and keeps the last {@code tailBytes} bytes for reports.
 */
final class StderrLog {
  static final int MAX_LINE = 4096;

  private final byte[] tail;
  private final Consumer<String> sink;
  private int tailStart;
  private int tailSize;

  StderrLog(int tailBytes, Consumer<String> sink) {
    this.tail = new byte[tailBytes];
    this.sink = sink;
  }

  private Thread drainer;

  void drain(InputStream in, String threadName) {
    Thread t = new Thread(() -> run(in), threadName);
    t.setDaemon(true);
    drainer = t;
    t.start();
  }

  /**
   * The tail once the drain has reached the end of the stream, waiting at most {@code max} for it.
   * Call it after the testee has exited: its last writes may still sit in the pipe, and a report
   * worded before the drain reads them would miss the very lines that say why it exited. The wait
   * is bounded because a process the testee left behind may hold the pipe open.
   */
  String tailAtEnd(Duration max) {
    Thread t = drainer;
    if (t != null) {
      try {
        t.join(max.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return tail();
  }

  private void run(InputStream in) {
    byte[] buf = new byte[8192];
    StringBuilder line = new StringBuilder();
    try (in) {
      int n;
      while ((n = readOrRetry(in, buf)) > 0) {
        append(buf, n);
        String text = new String(buf, 0, n, StandardCharsets.UTF_8);
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          if (c == '\n' || line.length() >= MAX_LINE) {
            sink.accept(line.toString());
            line.setLength(0);
            if (c == '\n') {
              continue;
            }
          }
          line.append(c);
        }
      }
    } catch (IOException | RuntimeException e) {
      // The process is gone or its stream was closed: nothing more to drain.
    }
    if (line.length() > 0) {
      sink.accept(line.toString());
    }
  }

  /**
   * One read; after an IOException, one more. When the process exits, the JDK drains what is left
   * in its pipe into a buffer and closes the pipe; a read that races that swap fails with "Stream
   * closed", and the next read returns the process's last bytes from the buffer.
   */
  private static int readOrRetry(InputStream in, byte[] buf) throws IOException {
    try {
      return in.read(buf);
    } catch (IOException e) {
      return in.read(buf);
    }
  }

  private synchronized void append(byte[] buf, int n) {
    for (int i = 0; i < n; i++) {
      tail[(tailStart + tailSize) % tail.length] = buf[i];
      if (tailSize < tail.length) {
        tailSize++;
      } else {
        tailStart = (tailStart + 1) % tail.length;
      }
    }
  }

  /** The last bytes the testee wrote to standard error, as text. */
  synchronized String tail() {
    byte[] out = new byte[tailSize];
    for (int i = 0; i < tailSize; i++) {
      out[i] = tail[(tailStart + i) % tail.length];
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
