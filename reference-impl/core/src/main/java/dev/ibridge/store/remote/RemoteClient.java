package dev.ibridge.store.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Bazel HTTP cache protocol on {@code java.net.http}: {@code GET}, {@code HEAD} and {@code
 * PUT} below the endpoint, HTTP/1.1, a connect and a read timeout, a size limit on every answer,
 * and no redirect followed (REQ-REMOTE-013, REQ-REMOTE-014). Credentials live only in the {@code
 * Authorization} header; no fault names them (REQ-REMOTE-012).
 */
public final class RemoteClient {
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ibridge-remote-watchdog");
    t.setDaemon(true);
    return t;
  });

  private final RemoteConfig config;
  private final HttpClient http;

  public RemoteClient(RemoteConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(config.connectTimeout())
        .build();
  }

  public RemoteConfig config() {
    return config;
  }

  /** The remote as messages name it. */
  public String shown() {
    return config.endpoint().shown();
  }

  /** The body at {@code path}, empty on 404; a body longer than {@code limit} is a fault. */
  public Optional<byte[]> get(String path, long limit) throws RemoteFault {
    HttpResponse<InputStream> r = send(request(path).GET().build(), path);
    try (InputStream body = r.body()) {
      if (r.statusCode() == 404) {
        return Optional.empty();
      }
      OptionalLong length = r.headers().firstValueAsLong("Content-Length");
      if (length.isPresent() && length.getAsLong() > limit) {
        throw new RemoteFault(RemoteFault.Kind.TOO_LARGE, shown() + " sent an answer past its size limit for " + path);
      }
      byte[] bytes = readBounded(body, limit, path);
      if (bytes.length > limit) {
        throw new RemoteFault(RemoteFault.Kind.TOO_LARGE, shown() + " sent an answer past its size limit for " + path);
      }
      if (length.isPresent() && bytes.length < length.getAsLong()) {
        throw truncated(path);
      }
      return Optional.of(bytes);
    } catch (RemoteFault f) {
      throw f;
    } catch (IOException e) {
      throw truncated(path);
    }
  }

  /** Whether the remote has an entry at {@code path}. */
  public boolean head(String path) throws RemoteFault {
    HttpResponse<InputStream> r = send(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), path);
    close(r);
    return r.statusCode() != 404;
  }

  /** Stores {@code body} at {@code path}. */
  public void put(String path, byte[] body) throws RemoteFault {
    HttpResponse<InputStream> r = send(request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", "application/octet-stream").build(), path);
    close(r);
    if (r.statusCode() == 404) {
      throw new RemoteFault(RemoteFault.Kind.STATUS, shown() + " answered HTTP 404 for PUT " + path);
    }
  }

  /**
   * Reads at most {@code limit + 1} bytes of a body. The client's request timeout ends at the
   * headers, so a watchdog ends a body that makes no progress for the read timeout (a remote that
   * stops sending), by interrupting the reader and closing the stream.
   */
  private byte[] readBounded(InputStream body, long limit, String path) throws IOException {
    long cap = Math.min(limit + 1, Integer.MAX_VALUE - 8);
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(cap, 1 << 16));
    AtomicLong progress = new AtomicLong(System.nanoTime());
    AtomicBoolean stalled = new AtomicBoolean();
    Thread reader = Thread.currentThread();
    long timeout = config.readTimeout().toNanos();
    ScheduledFuture<?> dog = WATCHDOG.scheduleAtFixedRate(() -> {
      if (System.nanoTime() - progress.get() > timeout && stalled.compareAndSet(false, true)) {
        reader.interrupt();
        try {
          body.close();
        } catch (IOException e) {
          // The reader sees the interrupt in any case.
        }
      }
    }, 50, 50, TimeUnit.MILLISECONDS);
    try {
      byte[] buffer = new byte[1 << 16];
      while (out.size() < cap) {
        int n = body.read(buffer, 0, (int) Math.min(buffer.length, cap - out.size()));
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        progress.set(System.nanoTime());
      }
    } catch (IOException e) {
      if (stalled.get()) {
        throw new RemoteFault(RemoteFault.Kind.TIMEOUT, shown() + " timed out sending " + path);
      }
      throw e;
    } finally {
      dog.cancel(false);
      if (stalled.get()) {
        Thread.interrupted();
      }
    }
    if (stalled.get()) {
      throw new RemoteFault(RemoteFault.Kind.TIMEOUT, shown() + " timed out sending " + path);
    }
    return out.toByteArray();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(config.endpoint().uri(path)).timeout(config.readTimeout())
        .header("User-Agent", "ibridge-java");
    config.credentials().ifPresent(c -> b.header("Authorization", c.header()));
    return b;
  }

  private HttpResponse<InputStream> send(HttpRequest request, String path) throws RemoteFault {
    HttpResponse<InputStream> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new RemoteFault(RemoteFault.Kind.TIMEOUT, shown() + " timed out");
    } catch (ConnectException | UnresolvedAddressException e) {
      throw new RemoteFault(RemoteFault.Kind.UNREACHABLE, shown() + " is unreachable (connection refused or no route)");
    } catch (IOException e) {
      throw new RemoteFault(RemoteFault.Kind.UNREACHABLE, shown() + " is unreachable (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteFault(RemoteFault.Kind.UNREACHABLE, shown() + " was not asked: interrupted");
    }
    int status = r.statusCode();
    if (status >= 300 && status < 400) {
      close(r);
      throw new RemoteFault(RemoteFault.Kind.REDIRECT, shown() + " redirected (HTTP " + status + ") for " + path + ", which is not followed");
    }
    if ((status < 200 || status >= 300) && status != 404) {
      close(r);
      throw new RemoteFault(RemoteFault.Kind.STATUS, shown() + " answered HTTP " + status + " for " + path);
    }
    return r;
  }

  private RemoteFault truncated(String path) {
    return new RemoteFault(RemoteFault.Kind.TRUNCATED, shown() + " ended an answer early for " + path);
  }

  private static void close(HttpResponse<InputStream> r) {
    try {
      r.body().close();
    } catch (IOException e) {
      // Nothing more is read from it.
    }
  }
}
