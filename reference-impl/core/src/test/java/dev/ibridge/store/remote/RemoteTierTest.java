package dev.ibridge.store.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
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
import dev.ibridge.store.Lookup;
import dev.ibridge.store.Store;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RemoteTier}: the remote as a second tier behind a local store, for one run. */
class RemoteTierTest {
  @TempDir Path dir;

  private static final byte[] BLOB = "metadata of a".getBytes(StandardCharsets.UTF_8);

  private static Record record(String crate) {
    Subject s = Subject.of(new Unit("path+file:///ws/" + crate + "#0.1.0", crate, "lib", "x86_64-unknown-linux-gnu"));
    byte[] src = ("fn " + crate + "() {}").getBytes(StandardCharsets.UTF_8);
    KeyMaterial km = KeyMaterial.canonical(s, Facet.ANALYSIS, new Toolchain("rustc", "1.95.0"),
        List.of(new ConfigEntry("profile.opt-level", "0")),
        List.<DirectInput>of(new FileInput("src/lib.rs", Keys.blobDigest(src), src.length)), List.of());
    List<Output> outputs = List.of(new Output("lib.rmeta", new BlobRef(Keys.blobDigest(BLOB), BLOB.length), true));
    return new Record(new Producer("check", "cargo", "1.95.0"), Keys.inputKey(km), km, outputs, Keys.outputFingerprint(outputs));
  }

  private static RemoteTier tier(String url, String mode, List<String> warnings) {
    RemoteConfig c = RemoteConfig.forUrl(url, Map.of("IBRIDGE_REMOTE_MODE", mode,
        "IBRIDGE_REMOTE_TIMEOUT_MS", "500", "IBRIDGE_REMOTE_CONNECT_TIMEOUT_MS", "500"));
    return new RemoteTier(new RemoteClient(c), warnings::add);
  }

  private static Lookup request(RemoteTier t, Store s, Record r) throws Exception {
    return t.request(s, r.subject(), r.facet(), r.keyMaterial());
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
  @Tag("REQ-REMOTE-001")
  @Tag("REQ-REMOTE-011")
  void anEmitUploadsAtFlushAndAnotherStoreFetchesItThenAnswersLocally() throws Exception {
    Record r = record("a");
    try (DavServer dav = new DavServer()) {
      List<String> warnings = new ArrayList<>();
      try (Store a = Store.open(dir.resolve("a"))) {
        RemoteTier readOnly = tier(dav.url(), "read", warnings);
        a.emit(r, Map.of(Keys.blobDigest(BLOB), Bytes.wrap(BLOB)));
        readOnly.emitted(a, r);
        readOnly.flush();
        assertThat(dav.seen).as("a read-only tier sends nothing for an emit").isEmpty();
        RemoteTier writer = tier(dav.url(), "write", warnings);
        writer.emitted(a, r);
        assertThat(dav.seen).as("uploads wait for the flush").isEmpty();
        writer.flush();
      }
      assertThat(dav.entries).containsKeys("/inst/cas/" + Keys.blobDigest(BLOB).hex(), "/inst/ac/" + r.inputKey().hex(),
          "/inst/ac/" + RemoteStore.leadDigest(r.subject(), r.facet()).hex());
      try (Store b = Store.open(dir.resolve("b"))) {
        RemoteTier reader = tier(dav.url(), "read", warnings);
        Lookup hit = request(reader, b, r);
        assertThat(hit).isInstanceOf(Lookup.Hit.class);
        assertThat(b.record(r.inputKey())).contains(r);
        int before = dav.seen.size();
        assertThat(request(reader, b, r)).isInstanceOf(Lookup.Hit.class);
        assertThat(dav.seen).as("a local hit asks nothing").hasSize(before);
        assertThat(dav.seen).allMatch(s -> s.method().equals("GET") || s.method().equals("HEAD") || s.method().equals("PUT"));
      }
      assertThat(warnings).isEmpty();
    }
  }

  @Test
  @Tag("REQ-REMOTE-007")
  @Tag("REQ-REMOTE-009")
  void aBadBlobIsAMissThatLandsNothingAndWarnsOncePerRun() throws Exception {
    Record r = record("a");
    Record other = record("b");
    try (DavServer dav = new DavServer()) {
      byte[] flipped = BLOB.clone();
      flipped[0] ^= 1;
      dav.entries.put("/inst/cas/" + Keys.blobDigest(BLOB).hex(), flipped);
      dav.entries.put("/inst/ac/" + r.inputKey().hex(), dev.ibridge.capnp.CapnpCodec.encodeRecord(r));
      dav.entries.put("/inst/ac/" + other.inputKey().hex(), dev.ibridge.capnp.CapnpCodec.encodeRecord(other));
      List<String> warnings = new ArrayList<>();
      RemoteTier t = tier(dav.url(), "read", warnings);
      try (Store s = Store.open(dir.resolve("s"))) {
        assertThat(request(t, s, r)).isInstanceOf(Lookup.Miss.class);
        assertThat(request(t, s, other)).isInstanceOf(Lookup.Miss.class);
      }
      assertThat(files(dir.resolve("s").resolve("records")) + files(dir.resolve("s").resolve("blobs"))).isZero();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).startsWith("ibridge: remote store: ").contains("does not hash to its name");
      assertThat(t.down()).isFalse();
    }
  }

  @Test
  @Tag("REQ-REMOTE-003")
  void aRemoteThatRefusesTheConnectionTurnsTheTierOffForTheRun() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Record r = record("a");
    List<String> warnings = new ArrayList<>();
    RemoteTier t = tier("http://127.0.0.1:" + closed + "/inst", "write", warnings);
    try (Store s = Store.open(dir.resolve("s"))) {
      assertThat(request(t, s, r)).isInstanceOf(Lookup.Miss.class);
      assertThat(t.down()).isTrue();
      s.emit(r, Map.of(Keys.blobDigest(BLOB), Bytes.wrap(BLOB)));
      t.emitted(s, r);
      t.flush();
      assertThat(request(t, s, r)).isInstanceOf(Lookup.Hit.class);
    }
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("unreachable").contains("for the rest of the run");
  }
}
