package dev.ibridge.cli.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Record;
import dev.ibridge.store.Store;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ibridge store push|pull --remote} and {@code ibridge verify --remote} against an in-JVM cache. */
class RemoteCommandTest {
  @TempDir Path dir;

  @Test
  @Tag("REQ-REMOTE-004")
  @Tag("REQ-REMOTE-008")
  void pushPullAndVerifyRemoteGiveTheGatesExitCodesAndJson() throws Exception {
    Map<String, byte[]> cache = new ConcurrentHashMap<>();
    boolean[] tamper = {false};
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/", ex -> {
      try (ex) {
        byte[] body = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getRawPath();
        byte[] stored = cache.get(path);
        switch (ex.getRequestMethod()) {
          case "PUT" -> {
            cache.put(path, body);
            ex.sendResponseHeaders(201, -1);
          }
          case "HEAD" -> ex.sendResponseHeaders(stored == null ? 404 : 200, -1);
          default -> {
            if (stored == null) {
              ex.sendResponseHeaders(404, -1);
              return;
            }
            byte[] answer = stored.clone();
            if (tamper[0] && path.contains("/cas/")) {
              answer[0] ^= 1;
            }
            ex.sendResponseHeaders(200, answer.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(answer);
            }
          }
        }
      }
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ci";
      byte[] blob = "lib.rmeta of core".getBytes(StandardCharsets.UTF_8);
      Record r = StoreCommandTest.record(StoreCommandTest.material("fn a() {}", "0"), blob);
      String a = dir.resolve("a").toString();
      try (Store s = Store.open(Path.of(a))) {
        s.emit(r, Map.of(Keys.blobDigest(blob), Bytes.wrap(blob)));
      }
      StoreCommandTest.Run push = StoreCommandTest.store("push", "--store", a, "--remote", url);
      assertThat(push.exitCode()).as(push.stderr()).isZero();
      assertThat(push.stdout()).contains("1 records pushed to http://127.0.0.1:" + server.getAddress().getPort() + "/ci");
      String b = dir.resolve("b").toString();
      StoreCommandTest.Run pull = StoreCommandTest.store("pull", "--store", b, "--remote", url, r.inputKey().toString());
      assertThat(pull.exitCode()).as(pull.stdout() + pull.stderr()).isZero();
      assertThat(pull.stdout()).contains("landed");
      StoreCommandTest.Run verify = StoreCommandTest.run(new VerifyStoreCommand(), "--remote", url, a);
      assertThat(verify.exitCode()).as(verify.stdout()).isZero();
      assertThat(verify.stdout()).contains(": 0 problems");
      StoreCommandTest.Run verifyJson = StoreCommandTest.run(new VerifyStoreCommand(), "--remote", url, "--json", a);
      assertThat(verifyJson.exitCode()).as(verifyJson.stdout() + verifyJson.stderr()).isZero();
      JsonNode good = new ObjectMapper().readTree(verifyJson.stdout());
      assertThat(good.get("ok").asBoolean()).isTrue();
      assertThat(good.get("records").asInt()).isEqualTo(1);
      assertThat(good.get("remote").asText()).isEqualTo(url);
      assertThat(good.get("problems")).isEmpty();
      StoreCommandTest.Run localJson = StoreCommandTest.run(new VerifyStoreCommand(), "--json", a);
      JsonNode local = new ObjectMapper().readTree(localJson.stdout());
      List<String> localFields = new ArrayList<>();
      local.fieldNames().forEachRemaining(localFields::add);
      List<String> remoteFields = new ArrayList<>();
      good.fieldNames().forEachRemaining(remoteFields::add);
      assertThat(remoteFields).as("verify --remote --json is verify --json with the remote added")
          .containsExactlyElementsOf(concat(localFields, "remote"));

      tamper[0] = true;
      StoreCommandTest.Run badJson = StoreCommandTest.run(new VerifyStoreCommand(), "--remote", url, "--json", a);
      assertThat(badJson.exitCode()).as(badJson.stdout()).isEqualTo(1);
      JsonNode tampered = new ObjectMapper().readTree(badJson.stdout());
      assertThat(tampered.get("ok").asBoolean()).isFalse();
      assertThat(tampered.get("problems")).hasSize(1);
      assertThat(tampered.get("problems").get(0).get("kind").asText()).isEqualTo("REMOTE");
      assertThat(tampered.get("problems").get(0).get("path").asText()).isEqualTo("/ac/" + r.inputKey().hex());
      assertThat(tampered.get("problems").get(0).get("message").asText()).contains("does not hash to its name");
      StoreCommandTest.Run bad = StoreCommandTest.run(new VerifyStoreCommand(), "--remote", url, a);
      assertThat(bad.exitCode()).isEqualTo(1);
      assertThat(bad.stdout()).contains("does not hash to its name");
      StoreCommandTest.Run miss = StoreCommandTest.store("pull", "--store", dir.resolve("c").toString(), "--remote", url,
          r.inputKey().toString());
      assertThat(miss.exitCode()).isEqualTo(1);
      assertThat(miss.stdout()).contains("miss:");
    } finally {
      server.stop(0);
    }
  }

  private static List<String> concat(List<String> names, String more) {
    List<String> all = new ArrayList<>(names);
    all.add(more);
    return all;
  }
}
