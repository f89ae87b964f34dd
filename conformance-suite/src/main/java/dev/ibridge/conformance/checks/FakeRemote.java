package dev.ibridge.conformance.checks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A remote store the runner serves itself on loopback for the remote checks: the Bazel HTTP cache
 * protocol over an in-memory map, as nginx WebDAV answers it ({@code PUT} stores, {@code GET} and
 * {@code HEAD} answer 200 or 404), with every request recorded. A {@link Misbehaviour} may answer
 * a request its own way instead.
 */
final class FakeRemote implements AutoCloseable {
  /**
   * The JDK server's logger, held so that its level stays: it warns on stderr of answers to
   * {@code HEAD} that the checks send on purpose.
   */
  private static final Logger SERVER_LOG = Logger.getLogger("com.sun.net.httpserver");

  static {
    SERVER_LOG.setLevel(Level.SEVERE);
  }

  /** The instance prefix every URL of this remote has. */
  static final String PREFIX = "/inst";

  /** One request as the remote received it. */
  record Seen(String method, String path, Optional<String> authorization, byte[] body) {}

  /** Answers a request itself (returning true), or leaves it to the cache (false). */
  @FunctionalInterface
  interface Misbehaviour {
    boolean answer(Seen request, HttpExchange exchange) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-remote");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, byte[]> entries = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile Misbehaviour misbehaviour = (request, exchange) -> false;

  FakeRemote() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL, with the instance prefix. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX;
  }

  void misbehave(Misbehaviour m) {
    misbehaviour = m;
  }

  /** Stores {@code body} at {@code path} (below the prefix, such as {@code /cas/<h>}). */
  void put(String path, byte[] body) {
    entries.put(PREFIX + path, body.clone());
  }

  Optional<byte[]> get(String path) {
    return Optional.ofNullable(entries.get(PREFIX + path)).map(byte[]::clone);
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readNBytes(64 << 20);
      Seen request = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")), body);
      seen.add(request);
      try {
        if (misbehaviour.answer(request, exchange)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      switch (request.method()) {
        case "PUT" -> {
          entries.put(request.path(), body);
          exchange.sendResponseHeaders(201, -1);
        }
        case "GET", "HEAD" -> {
          byte[] stored = entries.get(request.path());
          if (stored == null) {
            exchange.sendResponseHeaders(404, -1);
          } else if (request.method().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(stored.length));
            exchange.sendResponseHeaders(200, -1);
          } else {
            send(exchange, 200, stored);
          }
        }
        default -> exchange.sendResponseHeaders(405, -1);
      }
    }
  }

  /** Answers with {@code status} and exactly {@code body}. */
  static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
