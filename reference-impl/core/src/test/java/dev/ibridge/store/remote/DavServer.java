package dev.ibridge.store.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A WebDAV-like cache in memory on loopback, as nginx answers, with a hook that may answer instead. */
final class DavServer implements AutoCloseable {
  interface Hook {
    /** Answers the exchange itself and returns true, or returns false to let the cache answer. */
    boolean answer(String method, String path, HttpExchange exchange) throws Exception;
  }

  record Seen(String method, String path, String authorization) {}

  final Map<String, byte[]> entries = new ConcurrentHashMap<>();
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  volatile Hook hook = (m, p, e) -> false;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  DavServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/inst";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getRawPath();
      seen.add(new Seen(method, path, ex.getRequestHeaders().getFirst("Authorization")));
      try {
        if (hook.answer(method, path, ex)) {
          return;
        }
      } catch (Exception e) {
        return;
      }
      byte[] stored = entries.get(path);
      switch (method) {
        case "PUT" -> {
          entries.put(path, body);
          ex.sendResponseHeaders(201, -1);
        }
        case "HEAD" -> ex.sendResponseHeaders(stored == null ? 404 : 200, -1);
        case "GET" -> {
          if (stored == null) {
            ex.sendResponseHeaders(404, -1);
          } else {
            send(ex, 200, stored);
          }
        }
        default -> ex.sendResponseHeaders(405, -1);
      }
    }
  }

  static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
