package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.recommended;
import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.conformance.harness.StoreFiles;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.internal.gen.ModelGens;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Record;
import dev.ibridge.model.RequestOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks of a testee's remote tier (spec chapter "Remote stores"): each starts a second testee
 * process whose environment names a {@link FakeRemote} the runner serves, and watches what the
 * testee sends and what lands in its local store. A testee that makes no request to the remote it
 * is given has no remote tier; the checks are skipped for it, and for a testee in the runner's
 * own process that cannot be given an environment. The bundled reference in process can: it
 * starts a second reference configured by the variables ({@code InProcessTestee#withEnvironment}).
 */
final class RemoteChecks {
  private static final Set<Operation> OPS = Set.of(Operation.REQUEST, Operation.EMIT, Operation.READ_STORE);

  private RemoteChecks() {}

  static List<Check> all() {
    return List.of(
        new ExampleCheck(required("REQ-REMOTE-004.UploadsBlobsAndRecordsAtTheirPaths",
            "A read-write tier uploads each blob to /cas/<h> and then the record, its bytes as the store holds them, to /ac/<k>; nothing else",
            "REQ-REMOTE-004", "REQ-REMOTE-005", "REQ-REMOTE-002", "REQ-REMOTE-010"), OPS, RemoteChecks::uploads),
        new ExampleCheck(recommended("REQ-REMOTE-006.UploadsTheLead",
            "A read-write tier also uploads each record under the lead digest of its subject and facet",
            "REQ-REMOTE-006"), OPS, RemoteChecks::lead),
        new ExampleCheck(required("REQ-REMOTE-001.FetchedEntriesLandBeforeTheyAreServed",
            "A local miss fetches the record and its blobs from /ac/ and /cas/, lands them in the local store and serves a hit; a local hit asks nothing",
            "REQ-REMOTE-001", "REQ-REMOTE-004", "REQ-REMOTE-008", "REQ-REMOTE-002", "REQ-REMOTE-010"),
            OPS, RemoteChecks::fetches),
        new ExampleCheck(required("REQ-REMOTE-007.BlobsThatDoNotVerifyAreMisses",
            "A remote blob with wrong content, a wrong size or none at all makes the request a miss, and nothing lands locally",
            "REQ-REMOTE-007", "REQ-REMOTE-009", "REQ-REMOTE-017"), OPS, RemoteChecks::badBlobs),
        new ExampleCheck(required("REQ-REMOTE-008.RecordsThatDoNotVerifyAreMisses",
            "A remote record for another key, or one that does not decode, makes the request a miss, and nothing lands locally",
            "REQ-REMOTE-008", "REQ-REMOTE-009", "REQ-REMOTE-015", "REQ-REMOTE-016"), OPS, RemoteChecks::badRecords),
        new ExampleCheck(required("REQ-REMOTE-003.FaultsAreMissesNotErrors",
            "Answers 500 and 403, a truncated body, a body past its limit and a redirect are misses: no error, nothing lands, no redirect followed, a local hit stays a hit",
            "REQ-REMOTE-003", "REQ-REMOTE-009", "REQ-REMOTE-013", "REQ-REMOTE-014"), OPS, RemoteChecks::faults),
        new ExampleCheck(required("REQ-REMOTE-013.DownOrSlowRemotesAreMisses",
            "A remote slower than the read timeout, and one that refuses the connection, make requests misses within the call's timeout",
            "REQ-REMOTE-013", "REQ-REMOTE-003", "REQ-REMOTE-010"), OPS, RemoteChecks::downOrSlow),
        new ExampleCheck(required("REQ-REMOTE-011.ReadOnlyTiersOnlyRead",
            "A read-only tier, by default or by IBRIDGE_REMOTE_MODE=read, sends nothing but GET and HEAD, even after emits",
            "REQ-REMOTE-011", "REQ-REMOTE-010"), OPS, RemoteChecks::readOnly),
        new ExampleCheck(required("REQ-REMOTE-012.CredentialsOnlyInTheHeader",
            "A bearer token and basic credentials go in the Authorization header of every request, and into no file the testee writes and nothing it prints, faults included",
            "REQ-REMOTE-012", "REQ-REMOTE-010"), OPS, RemoteChecks::credentials));
  }

  // ---- the scenarios

  static void uploads(CheckContext ctx) throws Exception {
    Emission e = emission(ctx, 0);
    try (FakeRemote remote = new FakeRemote()) {
      Path store = ctx.newStore();
      try (Testee t = started(ctx, remote, Map.of("IBRIDGE_REMOTE_MODE", "write"))) {
        t.emit(store, e.encoded(), e.blobs());
      }
      List<FakeRemote.Seen> seen = remote.seen();
      requireTier(seen, "emitted a record in write mode and ended");
      byte[] stored = Files.readAllBytes(StoreFiles.record(store, e.facet(), e.key()));
      int recordPut = lastPut(seen, "/ac/" + e.key().hex());
      Expect.that(recordPut >= 0, "the testee never uploaded the record to " + FakeRemote.PREFIX + "/ac/" + e.key().hex()
          + "; it sent " + summary(seen));
      Expect.that(Arrays.equals(stored, seen.get(recordPut).body()),
          "the body uploaded to /ac/<k> is not the record's bytes as the local store holds them");
      for (Map.Entry<Digest, Bytes> blob : e.contents().entrySet()) {
        String path = "/cas/" + blob.getKey().hex();
        byte[] onRemote = remote.get(path).orElseThrow(() -> new CheckFailure("the blob " + path
            + " of the record is not on the remote after the upload; the testee sent " + summary(seen)));
        Expect.that(Arrays.equals(blob.getValue().toByteArray(), onRemote), "the body uploaded to " + path + " is not the blob's bytes");
        int blobPut = lastPut(seen, path);
        Expect.that(blobPut < 0 || blobPut < recordPut, "the blob " + path + " was uploaded after the record that names it");
      }
      onlyMappedPaths(seen);
    }
  }

  static void lead(CheckContext ctx) throws Exception {
    Emission e = emission(ctx, 1);
    try (FakeRemote remote = new FakeRemote()) {
      Path store = ctx.newStore();
      try (Testee t = started(ctx, remote, Map.of("IBRIDGE_REMOTE_MODE", "write"))) {
        t.emit(store, e.encoded(), e.blobs());
      }
      requireTier(remote.seen(), "emitted a record in write mode and ended");
      String path = "/ac/" + leadDigest(e).hex();
      byte[] lead = remote.get(path).orElseThrow(() -> new CheckFailure("no lead at " + FakeRemote.PREFIX + path
          + " after a read-write upload of a record of " + e.record().subject() + " " + e.facet()));
      Expect.that(Arrays.equals(lead, Files.readAllBytes(StoreFiles.record(store, e.facet(), e.key()))),
          "the lead's body is not the record's bytes");
    }
  }

  static void fetches(CheckContext ctx) throws Exception {
    Emission e = emission(ctx, 2);
    try (FakeRemote remote = new FakeRemote()) {
      publish(remote, e);
      Path store = ctx.newStore();
      try (Testee t = started(ctx, remote, Map.of())) {
        RequestResult r = request(t, store, e);
        requireTier(remote.seen(), "missed locally");
        Expect.equal(RequestOutcome.HIT, r.outcome(), "the outcome of a local miss whose record and blobs the remote holds");
        Expect.that(t.readRecord(store, e.key()).isPresent(), "the fetched record is not in the local store after the hit");
        for (Digest d : e.contents().keySet()) {
          Expect.that(t.readBlob(store, d).isPresent(), "the fetched blob " + d + " is not in the local store after the hit");
        }
        StoreVerification.requireVerifies(store, "a hit fetched from the remote");
        List<FakeRemote.Seen> seen = remote.seen();
        Expect.that(seen.stream().anyMatch(s -> s.method().equals("GET") && s.path().equals(FakeRemote.PREFIX + "/ac/" + e.key().hex())),
            "the record was not fetched with GET " + FakeRemote.PREFIX + "/ac/<k>; the testee sent " + summary(seen));
        onlyMappedPaths(seen);
        int before = seen.size();
        Expect.equal(RequestOutcome.HIT, request(t, store, e).outcome(), "the outcome of the same request again");
        Expect.that(remote.seen().size() == before, "a request the local store answers still asked the remote: "
            + summary(remote.seen().subList(before, remote.seen().size())));
      }
    }
  }

  static void badBlobs(CheckContext ctx) throws Exception {
    Emission e = emission(ctx, 3);
    Map.Entry<Digest, Bytes> blob = e.contents().entrySet().iterator().next();
    byte[] content = blob.getValue().toByteArray();
    byte[] flipped = content.clone();
    flipped[0] ^= 1;
    Map<String, FakeRemote.Misbehaviour> cases = new java.util.LinkedHashMap<>();
    cases.put("a blob with one bit flipped", serving("/cas/" + blob.getKey().hex(), flipped));
    cases.put("a blob one byte short", serving("/cas/" + blob.getKey().hex(), Arrays.copyOf(content, content.length - 1)));
    cases.put("a blob the remote does not have", answering("/cas/", 404));
    for (Map.Entry<String, FakeRemote.Misbehaviour> c : cases.entrySet()) {
      missLandingNothing(ctx, e, c.getKey(), c.getValue());
    }
  }

  static void badRecords(CheckContext ctx) throws Exception {
    Emission e = emission(ctx, 4);
    Emission other = emission(ctx, 5);
    byte[] encoded = e.encoded().toByteArray();
    Map<String, FakeRemote.Misbehaviour> cases = new java.util.LinkedHashMap<>();
    cases.put("a valid record of another key", serving("/ac/" + e.key().hex(), other.encoded().toByteArray()));
    cases.put("bytes that are no record", serving("/ac/" + e.key().hex(), "not a record".getBytes(StandardCharsets.US_ASCII)));
    cases.put("the record's first half", serving("/ac/" + e.key().hex(), Arrays.copyOf(encoded, encoded.length / 2)));
    Record r = e.record();
    Record wrongFingerprint = new Record(r.producer(), r.inputKey(), r.keyMaterial(), r.outputs(),
        Keys.blobDigest("not the fingerprint of these outputs".getBytes(StandardCharsets.US_ASCII)));
    cases.put("the record with an output fingerprint that is not its outputs'",
        serving("/ac/" + e.key().hex(), CapnpCodec.encodeRecord(wrongFingerprint)));
    for (Map.Entry<String, FakeRemote.Misbehaviour> c : cases.entrySet()) {
      missLandingNothing(ctx, e, c.getKey(), (request, exchange) -> {
        if (request.path().startsWith(FakeRemote.PREFIX + "/cas/")) {
          return false;
        }
        return c.getValue().answer(request, exchange);
      }, other);
    }
  }

  static void faults(CheckContext ctx) throws Exception {
    Emission e = emission(ctx, 6);
    try (FakeRemote target = new FakeRemote()) {
      publish(target, e);
      Map<String, FakeRemote.Misbehaviour> cases = new java.util.LinkedHashMap<>();
      cases.put("HTTP 500", answering("/", 500));
      cases.put("HTTP 403", answering("/", 403));
      cases.put("a body that ends early", (request, exchange) -> {
        exchange.sendResponseHeaders(200, 100_000);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(new byte[10]);
          out.flush();
        } catch (IOException expected) {
          // The server complains of the missing bytes; the connection ends, which is the point.
        }
        return true;
      });
      cases.put("a Content-Length past every limit", (request, exchange) -> {
        exchange.sendResponseHeaders(200, 1L << 40);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(new byte[10]);
        } catch (IOException expected) {
          // As above.
        }
        return true;
      });
      cases.put("a redirect to a remote that holds the entry", (request, exchange) -> {
        exchange.getResponseHeaders().set("Location", target.url() + request.path().substring(FakeRemote.PREFIX.length()));
        exchange.sendResponseHeaders(302, -1);
        return true;
      });
      for (Map.Entry<String, FakeRemote.Misbehaviour> c : cases.entrySet()) {
        missLandingNothing(ctx, e, c.getKey(), c.getValue());
      }
      Expect.that(target.seen().isEmpty(), "the testee followed a redirect: " + summary(target.seen()));
    }
    try (FakeRemote remote = new FakeRemote()) {
      remote.misbehave(answering("/", 500));
      Path store = ctx.newStore();
      try (Testee t = started(ctx, remote, Map.of())) {
        t.emit(store, e.encoded(), e.blobs());
        Expect.equal(RequestOutcome.HIT, request(t, store, e).outcome(), "a request the local store holds, with a remote that answers 500");
      }
    }
  }

  static void downOrSlow(CheckContext ctx) throws Exception {
    Emission e = emission(ctx, 7);
    try (FakeRemote remote = new FakeRemote()) {
      publish(remote, e);
      remote.misbehave((request, exchange) -> {
        Thread.sleep(6_000);
        return false;
      });
      Path store = ctx.newStore();
      try (Testee t = started(ctx, remote, Map.of("IBRIDGE_REMOTE_TIMEOUT_MS", "300", "IBRIDGE_REMOTE_CONNECT_TIMEOUT_MS", "300"))) {
        long start = System.nanoTime();
        RequestResult r = request(t, store, e);
        requireTier(remote.seen(), "missed locally");
        Expect.equal(RequestOutcome.MISS, r.outcome(), "the outcome of a request whose remote answers after 6 s, with a read timeout of 300 ms");
        long millis = (System.nanoTime() - start) / 1_000_000;
        Expect.that(millis < 5_000, "the request waited " + millis + " ms for a remote past its 300 ms read timeout");
        nothingLanded(store, "a remote past its read timeout");
      }
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Path store = ctx.newStore();
    Map<String, String> env = remoteEnv("http://127.0.0.1:" + closed + FakeRemote.PREFIX, Map.of());
    try (Testee t = ctx.testee().withEnvironment(env).orElseThrow(RemoteChecks::inProcess)) {
      Expect.equal(RequestOutcome.MISS, request(t, store, e).outcome(), "the outcome of a request whose remote refuses the connection");
      t.emit(store, e.encoded(), e.blobs());
      Expect.equal(RequestOutcome.HIT, request(t, store, e).outcome(), "a local hit, with a remote that refuses the connection");
    }
  }

  static void readOnly(CheckContext ctx) throws Exception {
    Emission e = emission(ctx, 8);
    Emission missing = emission(ctx, 9);
    for (Map<String, String> mode : List.of(Map.<String, String>of(), Map.of("IBRIDGE_REMOTE_MODE", "read"))) {
      try (FakeRemote remote = new FakeRemote()) {
        Path store = ctx.newStore();
        try (Testee t = started(ctx, remote, mode)) {
          request(t, store, missing);
          t.emit(store, e.encoded(), e.blobs());
        }
        List<FakeRemote.Seen> seen = remote.seen();
        requireTier(seen, "missed locally");
        Expect.that(seen.stream().allMatch(s -> s.method().equals("GET") || s.method().equals("HEAD")),
            "a read-only tier (" + (mode.isEmpty() ? "IBRIDGE_REMOTE_MODE unset" : "IBRIDGE_REMOTE_MODE=read") + ") sent " + summary(seen));
      }
    }
  }

  static void credentials(CheckContext ctx) throws Exception {
    Emission e = emission(ctx, 10);
    Emission missing = emission(ctx, 11);
    String secret = "ibridge-check-" + Long.toHexString(new Random(ctx.seed()).nextLong() | 1L << 62);
    List<Map<String, String>> configs = List.of(
        Map.of("IBRIDGE_REMOTE_TOKEN", secret),
        Map.of("IBRIDGE_REMOTE_USER", "ci", "IBRIDGE_REMOTE_PASSWORD", secret));
    List<String> headers = List.of("Bearer " + secret,
        "Basic " + Base64.getEncoder().encodeToString(("ci:" + secret).getBytes(StandardCharsets.UTF_8)));
    for (int i = 0; i < configs.size(); i++) {
      for (boolean refusing : List.of(false, true)) {
        try (FakeRemote remote = new FakeRemote()) {
          if (refusing) {
            remote.misbehave(answering("/", 401));
          }
          Path store = ctx.newStore();
          Map<String, String> env = new HashMap<>(configs.get(i));
          env.put("IBRIDGE_REMOTE_MODE", "write");
          String stderr;
          try (Testee t = started(ctx, remote, env)) {
            request(t, store, missing);
            t.emit(store, e.encoded(), e.blobs());
            t.close();
            stderr = t.stderrSoFar();
          }
          List<FakeRemote.Seen> seen = remote.seen();
          requireTier(seen, "missed locally");
          String header = headers.get(i);
          Expect.that(seen.stream().allMatch(s -> s.authorization().filter(header::equals).isPresent()),
              "not every request carried the configured credentials in its Authorization header");
          String where = refusing ? " (the remote answered 401)" : "";
          Expect.that(!stderr.contains(secret), "the testee printed the remote's credentials on standard error" + where);
          for (Path f : files(store.getParent())) {
            Expect.that(!new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret),
                "the file " + store.getParent().relativize(f) + " holds the remote's credentials" + where);
          }
        }
      }
    }
  }

  // ---- helpers

  /** A record with two outputs, of the check's own material. */
  private static Emission emission(CheckContext ctx, int which) {
    long seed = ctx.seed() * 31 + which;
    Random random = new Random(seed);
    byte[] a = new byte[48 + random.nextInt(64)];
    byte[] b = new byte[1 + random.nextInt(512)];
    random.nextBytes(a);
    random.nextBytes(b);
    return Emission.of(ModelGens.producers().samples(seed, 1).get(0), Emission.MATERIALS.samples(seed, 1).get(0),
        List.of(new Emission.Made("lib.rmeta", Bytes.wrap(a), true), new Emission.Made("out.o", Bytes.wrap(b), false)));
  }

  /** The lead digest of the record's (subject, facet), as the chapter defines it. */
  static Digest leadDigest(Emission e) {
    byte[] facet = e.facet().name().getBytes(StandardCharsets.UTF_8);
    byte[] subject = AvroCodec.SUBJECT.encodeBinary(e.record().subject());
    byte[] tag = "ibridge-lead-v1".getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[tag.length + 1 + facet.length + 1 + subject.length];
    System.arraycopy(tag, 0, all, 0, tag.length);
    System.arraycopy(facet, 0, all, tag.length + 1, facet.length);
    System.arraycopy(subject, 0, all, tag.length + facet.length + 2, subject.length);
    return Keys.blobDigest(all);
  }

  /** Puts the record and its blobs on the remote, as a read-write tier would. */
  private static void publish(FakeRemote remote, Emission e) {
    e.contents().forEach((d, content) -> remote.put("/cas/" + d.hex(), content.toByteArray()));
    remote.put("/ac/" + e.key().hex(), e.encoded().toByteArray());
  }

  private static Map<String, String> remoteEnv(String url, Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put("IBRIDGE_REMOTE", url);
    env.putIfAbsent("IBRIDGE_REMOTE_TIMEOUT_MS", "3000");
    env.putIfAbsent("IBRIDGE_REMOTE_CONNECT_TIMEOUT_MS", "1000");
    return env;
  }

  private static Testee started(CheckContext ctx, FakeRemote remote, Map<String, String> more) {
    return ctx.testee().withEnvironment(remoteEnv(remote.url(), more)).orElseThrow(RemoteChecks::inProcess);
  }

  private static CheckSkipped inProcess() {
    return new CheckSkipped("not applicable: the testee runs in the runner's process, so it cannot be started with a remote in its environment");
  }

  private static void requireTier(List<FakeRemote.Seen> seen, String after) {
    if (seen.isEmpty()) {
      throw new CheckSkipped("not applicable: the testee sent nothing to the remote IBRIDGE_REMOTE named after it " + after
          + ", so it has no remote tier");
    }
  }

  private static RequestResult request(Testee t, Path store, Emission e) throws Exception {
    return t.request(store, e.record().subject(), e.facet(), e.record().keyMaterial());
  }

  /** A request on an empty store, with the entries of {@code published} on a remote that misbehaves so, is a miss that lands nothing. */
  private static void missLandingNothing(CheckContext ctx, Emission e, String what, FakeRemote.Misbehaviour m, Emission... more)
      throws Exception {
    try (FakeRemote remote = new FakeRemote()) {
      publish(remote, e);
      for (Emission x : more) {
        publish(remote, x);
      }
      remote.misbehave(m);
      Path store = ctx.newStore();
      try (Testee t = started(ctx, remote, Map.of())) {
        RequestResult r = request(t, store, e);
        requireTier(remote.seen(), "missed locally");
        Expect.equal(RequestOutcome.MISS, r.outcome(), "the outcome of a request whose remote serves " + what);
      }
      nothingLanded(store, "a remote that serves " + what);
    }
  }

  private static void nothingLanded(Path store, String after) throws IOException {
    List<String> landed = StoreFiles.snapshot(store).keySet().stream()
        .filter(p -> p.startsWith("records/") || p.startsWith("blobs/")).toList();
    Expect.that(landed.isEmpty(), "after " + after + ", the local store holds " + landed);
  }

  private static FakeRemote.Misbehaviour serving(String path, byte[] body) {
    return (request, exchange) -> {
      if (!request.path().equals(FakeRemote.PREFIX + path) || !request.method().equals("GET")) {
        return false;
      }
      FakeRemote.send(exchange, 200, body);
      return true;
    };
  }

  private static FakeRemote.Misbehaviour answering(String pathPrefix, int status) {
    return (request, exchange) -> {
      if (!request.path().startsWith(FakeRemote.PREFIX + pathPrefix)) {
        return false;
      }
      FakeRemote.send(exchange, status, status == 404 ? new byte[0] : "no".getBytes(StandardCharsets.US_ASCII));
      return true;
    };
  }

  private static int lastPut(List<FakeRemote.Seen> seen, String path) {
    for (int i = seen.size() - 1; i >= 0; i--) {
      if (seen.get(i).method().equals("PUT") && seen.get(i).path().equals(FakeRemote.PREFIX + path)) {
        return i;
      }
    }
    return -1;
  }

  private static void onlyMappedPaths(List<FakeRemote.Seen> seen) {
    List<String> other = seen.stream()
        .filter(s -> !s.path().matches("\\Q" + FakeRemote.PREFIX + "\\E/(cas|ac)/[0-9a-f]{64}"))
        .map(s -> s.method() + " " + s.path()).toList();
    Expect.that(other.isEmpty(), "requests for paths outside the mapping (only /cas/<h> and /ac/<k> exist): " + other);
  }

  private static String summary(List<FakeRemote.Seen> seen) {
    List<String> parts = new ArrayList<>();
    seen.stream().limit(12).forEach(s -> parts.add(s.method() + " " + s.path()));
    return seen.isEmpty() ? "nothing" : String.join(", ", parts) + (seen.size() > 12 ? ", ..." : "");
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).toList();
    }
  }
}
