package dev.ibridge.conformance.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The raw channel of a testee that lives in the runner's process: a {@link TesteeServer} over the
 * testee runs on its own thread behind a pair of pipes, so raw bytes go through the same frame
 * reader and decoder that {@link TesteeMain} uses for a subprocess. The server returning stands for
 * the process exiting with status 0, the server throwing for a crash (status 1).
 */
final class ServedChannel implements RawChannel {
  private static final long TIMEOUT_MS = SubprocessTestee.Options.DEFAULT_TIMEOUT.toMillis();
  private static final int PIPE_BYTES = 1 << 20;

  private final HarnessFraming framing;
  private final PipedOutputStream input;
  private final Thread server;
  private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
  private volatile Integer status;

  private ServedChannel(Testee testee, HarnessFraming framing) throws IOException {
    this.framing = framing;
    PipedInputStream serverIn = new PipedInputStream(PIPE_BYTES);
    this.input = new PipedOutputStream(serverIn);
    PipedInputStream fromServer = new PipedInputStream(PIPE_BYTES);
    PipedOutputStream serverOut = new PipedOutputStream(fromServer);
    TesteeServer served = testee instanceof ServesFrames s
        ? s.server(serverIn, serverOut, framing) : new TesteeServer(testee, serverIn, serverOut, framing);
    this.server = new Thread(() -> {
      int exit = 1;
      try (serverOut) {
        served.serve();
        exit = 0;
      } catch (IOException | RuntimeException e) {
        frames.add(e);
      } finally {
        status = exit;
      }
    }, "in-process-testee-server");
    server.setDaemon(true);
    Thread reader = new Thread(() -> read(fromServer), "in-process-testee-frames");
    reader.setDaemon(true);
    server.start();
    reader.start();
  }

  static RawChannel open(Testee testee, HarnessFraming framing) throws TesteeException {
    try {
      return new ServedChannel(testee, framing);
    } catch (IOException e) {
      throw new TesteeException(TesteeFailure.RUNTIME_ERROR, "cannot open the in-process testee's streams: " + e.getMessage(), e);
    }
  }

  private void read(InputStream in) {
    try (in) {
      while (true) {
        HarnessFraming.Raw raw = framing.read(in);
        if (raw instanceof HarnessFraming.Raw.Frame f) {
          frames.add(f.bytes());
        } else {
          frames.add(Boolean.valueOf(((HarnessFraming.Raw.End) raw).midFrame()));
          return;
        }
      }
    } catch (IOException e) {
      frames.add(new UncheckedIOException(e));
    }
  }

  @Override
  public HarnessFraming framing() {
    return framing;
  }

  @Override
  public void write(byte[] bytes) throws TesteeException {
    try {
      input.write(bytes);
      input.flush();
    } catch (IOException e) {
      throw new TesteeException(TesteeFailure.RUNTIME_ERROR, "raw: the testee closed its input (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public byte[] read() throws TesteeException {
    Object next = next(TIMEOUT_MS);
    if (next instanceof byte[] bytes) {
      return bytes;
    }
    if (next == null) {
      throw new TesteeException(TesteeFailure.TIMEOUT, "raw: the testee did not answer within " + TIMEOUT_MS + " ms");
    }
    throw new TesteeException(TesteeFailure.RUNTIME_ERROR, "raw: the testee " + ended(next));
  }

  @Override
  public Ending awaitEnd(boolean closeInput) throws TesteeException {
    if (closeInput) {
      closeInput();
    }
    try {
      server.join(TIMEOUT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TesteeException(TesteeFailure.RUNTIME_ERROR, "raw: interrupted");
    }
    if (server.isAlive()) {
      closeInput();
      throw new TesteeException(TesteeFailure.TIMEOUT, "raw: the testee did not end within " + TIMEOUT_MS + " ms");
    }
    List<byte[]> written = new ArrayList<>();
    for (Object next = next(TIMEOUT_MS); next instanceof byte[] bytes; next = next(TIMEOUT_MS)) {
      written.add(bytes);
    }
    return new Ending(status, written);
  }

  @Override
  public void close() {
    closeInput();
    try {
      server.join(TIMEOUT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeInput() {
    try {
      input.close();
    } catch (IOException e) {
      // Already closed by the server's end.
    }
  }

  private Object next(long timeoutMs) throws TesteeException {
    try {
      return frames.poll(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TesteeException(TesteeFailure.RUNTIME_ERROR, "raw: interrupted");
    }
  }

  private String ended(Object end) {
    if (end instanceof Boolean midFrame) {
      return midFrame ? "ended in the middle of a frame" : "ended (status " + status + ")";
    }
    return "failed: " + end;
  }
}
