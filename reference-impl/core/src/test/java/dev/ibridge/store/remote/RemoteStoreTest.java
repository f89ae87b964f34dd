package dev.ibridge.store.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import dev.ibridge.store.Store;
import java.io.OutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java reference's remote tier against an in-JVM WebDAV-like server (spec chapter "Remote stores"). */
class RemoteStoreTest {
  private static final String TOKEN = "s3cret-java-token";
  @TempDir Path dir;

  private static Record record(String crate, byte[]... blobs) {
    Subject s = Subject.of(new Unit("path+file:///ws/" + crate + "#0.1.0", crate, "lib", "x86_64-unknown-linux-gnu"));
    byte[] src = ("fn " + crate + "() {}").getBytes(StandardCharsets.UTF_8);
    KeyMaterial km = KeyMaterial.canonical(s, Facet.ANALYSIS, new Toolchain("rustc", "1.95.0"),
        List.of(new ConfigEntry("profile.opt-level", "0")),
        List.<DirectInput>of(new FileInput("src/lib.rs", Keys.blobDigest(src), src.length)), List.of());
    List<Output> outputs = new ArrayList<>();
    for (int i = 0; i < blobs.length; i++) {
      outputs.add(new Output("out" + i, new BlobRef(Keys.blobDigest(blobs[i]), blobs[i].length), true));
    }
    List<Output> sorted = Record.sortOutputs(outputs);
    return new Record(new Producer("check", "cargo", "1.95.0"), Keys.inputKey(km), km, sorted, Keys.outputFingerprint(sorted));
  }

  private static Map<Digest, Bytes> contents(byte[]... blobs) {
    Map<Digest, Bytes> m = new HashMap<>();
    for (byte[] b : blobs) {
      m.put(Keys.blobDigest(b), Bytes.wrap(b));
    }
    return m;
  }

  private static final byte[] A = "metadata of a".getBytes(StandardCharsets.UTF_8);
  private static final byte[] B = "diagnostics of a".getBytes(StandardCharsets.UTF_8);
  private static final byte[] C = "metadata of b".getBytes(StandardCharsets.UTF_8);

  /** A store with two records (three blobs). */
  private Store filled(String name) throws Exception {
    Store s = Store.open(dir.resolve(name));
    s.emit(record("a", A, B), contents(A, B));
    s.emit(record("b", C), contents(C));
    return s;
  }

  private static RemoteClient client(String url, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("IBRIDGE_REMOTE_TIMEOUT_MS", "500");
    all.putIfAbsent("IBRIDGE_REMOTE_CONNECT_TIMEOUT_MS", "500");
    return new RemoteClient(RemoteConfig.forUrl(url, all));
  }

  private static List<Digest> keys() {
    return List.of(record("a", A, B).inputKey(), record("b", C).inputKey());
  }

  private static long records(Path store) throws Exception {
    return files(store.resolve("records"));
  }

  private static long files(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  @Test
  @Tag("REQ-REMOTE-004")
  @Tag("REQ-REMOTE-005")
  @Tag("REQ-REMOTE-006")
  @Tag("REQ-REMOTE-001")
  void pushUploadsBlobsRecordsAndLeadsAndPullLandsThemVerifiedInAnEmptyStore() throws Exception {
    try (DavServer server = new DavServer(); Store a = filled("a"); Store b = Store.open(dir.resolve("b"))) {
      RemoteClient c = client(server.url(), Map.of());
      RemoteStore.PushReport pushed = RemoteStore.push(a, c);
      assertThat(pushed.faults()).isEmpty();
      assertThat(pushed.records()).isEqualTo(2);
      assertThat(pushed.blobsSent()).isEqualTo(3);
      Record ra = record("a", A, B);
      assertThat(server.entries.get("/inst/cas/" + Keys.blobDigest(A).hex())).isEqualTo(A);
      byte[] file = Files.readAllBytes(a.root().resolve("records/analysis/" + ra.inputKey().hex().substring(0, 2) + "/" + ra.inputKey().hex()));
      assertThat(server.entries.get("/inst/ac/" + ra.inputKey().hex())).isEqualTo(file);
      assertThat(server.entries.get("/inst" + RemoteStore.acPath(RemoteStore.leadDigest(ra.subject(), ra.facet())))).isEqualTo(file);
      List<String> puts = server.seen.stream().filter(s -> s.method().equals("PUT")).map(DavServer.Seen::path).toList();
      assertThat(puts.indexOf("/inst/cas/" + Keys.blobDigest(B).hex())).isLessThan(puts.indexOf("/inst/ac/" + ra.inputKey().hex()));
      assertThat(server.seen).allMatch(s -> s.path().matches("/inst/(cas|ac)/[0-9a-f]{64}"));

      RemoteStore.PullReport pulled = RemoteStore.pull(b, c, keys());
      assertThat(pulled.missed()).isEmpty();
      assertThat(pulled.landed()).containsExactlyElementsOf(keys());
      assertThat(b.verify().ok()).isTrue();
      assertThat(b.record(ra.inputKey())).contains(ra);
      assertThat(RemoteStore.verify(a, c)).isEmpty();
      // A second push finds the blobs there and sends none again.
      assertThat(RemoteStore.push(a, c).blobsSent()).isZero();
    }
  }

  @Test
  @Tag("REQ-REMOTE-007")
  @Tag("REQ-REMOTE-008")
  @Tag("REQ-REMOTE-009")
  void entriesThatDoNotVerifyAreMissesThatLandNothingAndVerifyReportsThem() throws Exception {
    try (DavServer server = new DavServer(); Store a = filled("a")) {
      RemoteClient c = client(server.url(), Map.of());
      RemoteStore.push(a, c);
      Record ra = record("a", A, B);
      Record rb = record("b", C);
      byte[] otherRecord = server.entries.get("/inst/ac/" + rb.inputKey().hex());
      Map<String, DavServer.Hook> cases = new java.util.LinkedHashMap<>();
      cases.put("does not hash to its name", (m, p, ex) -> {
        if (!p.contains("/cas/")) {
          return false;
        }
        byte[] flipped = server.entries.get(p).clone();
        flipped[0] ^= 1;
        DavServer.send(ex, 200, flipped);
        return true;
      });
      cases.put("lacks the blob", (m, p, ex) -> {
        if (!p.contains("/cas/")) {
          return false;
        }
        ex.sendResponseHeaders(404, -1);
        return true;
      });
      cases.put("for another key", (m, p, ex) -> {
        if (!p.equals("/inst/ac/" + ra.inputKey().hex())) {
          return false;
        }
        DavServer.send(ex, 200, otherRecord);
        return true;
      });
      cases.put("does not decode", (m, p, ex) -> {
        if (!p.contains("/ac/")) {
          return false;
        }
        DavServer.send(ex, 200, "garbage".getBytes(StandardCharsets.US_ASCII));
        return true;
      });
      int i = 0;
      for (Map.Entry<String, DavServer.Hook> e : cases.entrySet()) {
        server.hook = e.getValue();
        try (Store b = Store.open(dir.resolve("case" + i++))) {
          RemoteStore.PullReport r = RemoteStore.pull(b, c, List.of(ra.inputKey()));
          assertThat(r.landed()).as(e.getKey()).isEmpty();
          assertThat(r.missed().get(ra.inputKey())).as(e.getKey()).contains(e.getKey());
          assertThat(records(b.root())).as(e.getKey()).isZero();
          assertThat(files(b.root().resolve("blobs"))).as(e.getKey()).isZero();
        }
        assertThat(RemoteStore.verify(a, c)).as(e.getKey()).anyMatch(p -> p.key().equals(ra.inputKey()) && p.message().contains(e.getKey()));
      }
    }
  }

  @Test
  @Tag("REQ-REMOTE-003")
  @Tag("REQ-REMOTE-013")
  @Tag("REQ-REMOTE-014")
  void faultsAreMissesOfTheirKindAndRedirectsAreNotFollowed() throws Exception {
    try (DavServer target = new DavServer(); DavServer server = new DavServer(); Store a = filled("a")) {
      RemoteStore.push(a, client(target.url(), Map.of()));
      target.seen.clear();
      Map<RemoteFault.Kind, DavServer.Hook> cases = new java.util.LinkedHashMap<>();
      cases.put(RemoteFault.Kind.STATUS, (m, p, ex) -> {
        DavServer.send(ex, 503, "down".getBytes(StandardCharsets.US_ASCII));
        return true;
      });
      cases.put(RemoteFault.Kind.REDIRECT, (m, p, ex) -> {
        ex.getResponseHeaders().set("Location", target.url() + p.substring("/inst".length()));
        ex.sendResponseHeaders(302, -1);
        return true;
      });
      cases.put(RemoteFault.Kind.TOO_LARGE, (m, p, ex) -> {
        ex.sendResponseHeaders(200, 1L << 40);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(new byte[10]);
        }
        return true;
      });
      cases.put(RemoteFault.Kind.TIMEOUT, (m, p, ex) -> {
        Thread.sleep(3000);
        return false;
      });
      RemoteClient c = client(server.url(), Map.of());
      Digest key = keys().get(0);
      for (Map.Entry<RemoteFault.Kind, DavServer.Hook> e : cases.entrySet()) {
        server.hook = e.getValue();
        assertThatThrownBy(() -> c.get(RemoteStore.acPath(key), 1 << 20)).as(e.getKey().name())
            .isInstanceOfSatisfying(RemoteFault.class, f -> assertThat(f.kind()).isEqualTo(e.getKey()));
        try (Store b = Store.open(dir.resolve("fault-" + e.getKey()))) {
          RemoteStore.PullReport r = RemoteStore.pull(b, c, keys());
          assertThat(r.landed()).as(e.getKey().name()).isEmpty();
          assertThat(records(b.root())).isZero();
        }
      }
      assertThat(target.seen).as("requests that followed a redirect").isEmpty();
      // A body that stops coming is a timeout: the watchdog ends it after the read timeout.
      server.hook = (m, p, ex) -> {
        ex.sendResponseHeaders(200, 5000);
        OutputStream out = ex.getResponseBody();
        out.write(new byte[10]);
        out.flush();
        Thread.sleep(3000);
        return true;
      };
      long start = System.nanoTime();
      assertThatThrownBy(() -> c.get(RemoteStore.acPath(key), 1 << 20))
          .isInstanceOfSatisfying(RemoteFault.class, f -> assertThat(f.kind()).isEqualTo(RemoteFault.Kind.TIMEOUT));
      assertThat(System.nanoTime() - start).isLessThan(2_500_000_000L);
      // The JDK's server keeps a connection open after a short body; a raw socket closes it.
      try (ServerSocket raw = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
        Thread t = new Thread(() -> {
          while (!raw.isClosed()) {
            try (Socket conn = raw.accept()) {
              BufferedReader in = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.US_ASCII));
              for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // The request's head, read to its end.
              }
              conn.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
            } catch (Exception e) {
              return;
            }
          }
        });
        t.setDaemon(true);
        t.start();
        RemoteClient truncating = client("http://127.0.0.1:" + raw.getLocalPort() + "/inst", Map.of());
        assertThatThrownBy(() -> truncating.get(RemoteStore.acPath(key), 1 << 20))
            .isInstanceOfSatisfying(RemoteFault.class, f -> assertThat(f.kind()).isEqualTo(RemoteFault.Kind.TRUNCATED));
        try (Store b = Store.open(dir.resolve("truncated"))) {
          assertThat(RemoteStore.pull(b, truncating, keys()).landed()).isEmpty();
          assertThat(records(b.root())).isZero();
        }
      }
      int closed;
      try (ServerSocket s = new ServerSocket(0)) {
        closed = s.getLocalPort();
      }
      RemoteClient refused = client("http://127.0.0.1:" + closed + "/inst", Map.of());
      try (Store b = Store.open(dir.resolve("refused"))) {
        RemoteStore.PullReport r = RemoteStore.pull(b, refused, keys());
        assertThat(r.missed()).hasSize(2).allSatisfy((k, why) -> assertThat(why).contains("unreachable"));
      }
      assertThat(RemoteStore.verify(a, refused)).hasSize(1);
    }
  }

  @Test
  @Tag("REQ-REMOTE-012")
  @Tag("REQ-REMOTE-010")
  void credentialsGoInTheHeaderAndIntoNoMessage() throws Exception {
    try (DavServer server = new DavServer(); Store a = filled("a")) {
      server.hook = (m, p, ex) -> {
        DavServer.send(ex, 401, "who are you".getBytes(StandardCharsets.US_ASCII));
        return true;
      };
      RemoteClient c = client(server.url(), Map.of("IBRIDGE_REMOTE_TOKEN", TOKEN));
      RemoteStore.PushReport pushed = RemoteStore.push(a, c);
      assertThat(server.seen).isNotEmpty().allMatch(s -> ("Bearer " + TOKEN).equals(s.authorization()));
      assertThat(pushed.faults()).isNotEmpty().noneMatch(f -> f.contains(TOKEN));
      try (Store b = Store.open(dir.resolve("b"))) {
        assertThat(RemoteStore.pull(b, c, keys()).missed().values()).noneMatch(f -> f.contains(TOKEN));
      }
      assertThat(RemoteStore.verify(a, c)).noneMatch(p -> p.message().contains(TOKEN));
      assertThat(c.config().toString()).doesNotContain(TOKEN);
      RemoteClient basic = client(server.url(), Map.of("IBRIDGE_REMOTE_USER", "ci", "IBRIDGE_REMOTE_PASSWORD", TOKEN));
      assertThat(basic.config().toString()).doesNotContain(TOKEN);
      assertThatThrownBy(() -> basic.get("/ac/x", 10)).hasMessageNotContaining(TOKEN).hasMessageContaining("HTTP 401");
    }
    for (Map<String, String> bad : List.of(
        Map.of("IBRIDGE_REMOTE", "http://u:" + TOKEN + "@h/"),
        Map.of("IBRIDGE_REMOTE", "http://h/?t=" + TOKEN),
        Map.of("IBRIDGE_REMOTE", "http://h", "IBRIDGE_REMOTE_MODE", TOKEN),
        Map.of("IBRIDGE_REMOTE", "http://h", "IBRIDGE_REMOTE_TOKEN", TOKEN, "IBRIDGE_REMOTE_USER", "u"),
        Map.of("IBRIDGE_REMOTE", "http://h", "IBRIDGE_REMOTE_TOKEN_FILE", "/nonexistent/" + TOKEN),
        Map.of("IBRIDGE_REMOTE", "http://h", "IBRIDGE_REMOTE_TIMEOUT_MS", TOKEN))) {
      assertThatThrownBy(() -> RemoteConfig.fromEnvironment(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining(TOKEN);
    }
    assertThat(RemoteConfig.fromEnvironment(Map.of())).isEmpty();
    assertThat(RemoteConfig.fromEnvironment(Map.of("IBRIDGE_REMOTE", "http://h:81/x")).orElseThrow().writes()).isFalse();
  }
}
