package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.conformance.harness.RawAvro;
import dev.ibridge.internal.gen.ModelGens;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Record;
import dev.ibridge.property.Gen;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Bad input handed to the testee's emit: malformed record bytes, records whose key or fingerprint
 * does not recompute, key material out of canonical order, and invalid text. A conforming testee
 * rejects each (ErrorReply REJECTED): it neither crashes nor accepts, and publishes nothing.
 */
final class BadInputChecks {
  private BadInputChecks() {}

  private static final Set<Operation> EMIT = Set.of(Operation.EMIT);

  enum Malformation { TRUNCATED, TRAILING_WORD, TOO_MANY_SEGMENTS, GARBAGE, EMPTY, SIZES_WRAP_AROUND_2_32 }

  enum Inconsistency { WRONG_KEY, WRONG_FINGERPRINT, OTHER_PROTOCOL_MAJOR }

  enum BadText { PATH_TRAVERSAL_FACET, UPPER_CASE_FACET, NUL_IN_FACET, COLON_IN_MODULE_SEGMENT, OVERLONG_UTF8 }

  record Case<K>(Emission emission, K kind, long n) {
    @Override
    public String toString() {
      return kind + " (" + n + ") of " + emission;
    }
  }

  private static <K> Gen<Case<K>> cases(Gen<Emission> emissions, Gen<K> kinds) {
    return d -> new Case<>(d.draw(emissions), d.draw(kinds), d.draw(Gen.longs(0, Long.MAX_VALUE)));
  }

  static List<Check> all() {
    return List.of(
        new PropertyCheck<>(
            required("REQ-CAPNP-004.RejectsMalformedRecords",
                "Truncated, padded, garbage and over-segmented record bytes are rejected, not stored and not a crash",
                "REQ-CAPNP-004", "REQ-CAPNP-001", "REQ-SEC-001", "REQ-SEC-003", "REQ-HARNESS-007", "REQ-CAPNP-011",
                "REQ-SEC-015", "REQ-HARNESS-017"),
            EMIT, cases(Emission.EMISSIONS, Gen.choose(Malformation.values())), 60, 200, String::valueOf,
            BadInputChecks::malformed),
        new PropertyCheck<>(
            required("REQ-STORE-014.RejectsInconsistentRecords",
                "A record whose key or fingerprint does not recompute, or of another protocol major, is rejected",
                "REQ-STORE-014", "REQ-KEY-001", "REQ-FP-001", "REQ-HARNESS-007", "REQ-HARNESS-017"),
            EMIT, cases(Emission.EMISSIONS, Gen.choose(Inconsistency.values())), 60, 200, String::valueOf,
            BadInputChecks::inconsistent),
        new PropertyCheck<>(
            required("REQ-KEY-010.RejectsUnsortedKeyMaterial",
                "A record whose key material lists config out of order (hashed as it reads) is rejected, not sorted",
                "REQ-KEY-010", "REQ-MODEL-008", "REQ-CAPNP-009", "REQ-MODEL-015"),
            EMIT, Emission.EMISSIONS, 30, 100, String::valueOf, BadInputChecks::unsorted),
        new PropertyCheck<>(
            required("REQ-MODEL-006.RejectsInvalidText",
                "Records with a facet name that is a path, upper case or holds NUL, a module path with an empty or ':' segment, or overlong UTF-8, are rejected",
                "REQ-MODEL-006", "REQ-MODEL-001", "REQ-MODEL-005", "REQ-CAPNP-007", "REQ-CAPNP-009", "REQ-SEC-010",
                "REQ-SEC-011", "REQ-MODEL-013", "REQ-MODEL-014", "REQ-CAPNP-012", "REQ-SEC-019", "REQ-HARNESS-017"),
            EMIT, cases(Emission.EMISSIONS, Gen.choose(BadText.values())), 40, 100, String::valueOf,
            BadInputChecks::badText));
  }

  static void requireNothingPublished(Path store, String what) throws Exception {
    Path records = store.resolve("records");
    if (Files.isDirectory(records)) {
      try (Stream<Path> walk = Files.walk(records)) {
        List<Path> files = walk.filter(Files::isRegularFile).toList();
        Expect.that(files.isEmpty(), "a record was published after " + what + ": " + files);
      }
    }
    try (Stream<Path> entries = Files.list(store.getParent())) {
      List<String> names = entries.map(p -> p.getFileName().toString()).toList();
      Expect.that(names.stream().allMatch(n -> n.equals("store")), "files appeared next to the store after " + what + ": " + names);
    }
  }

  static void malformed(CheckContext ctx, Case<Malformation> c) throws Exception {
    byte[] good = c.emission().encoded().toByteArray();
    byte[] bad = switch (c.kind()) {
      case TRUNCATED -> Arrays.copyOf(good, (int) (c.n() % (good.length - 1)) + 1);
      case TRAILING_WORD -> Arrays.copyOf(good, good.length + 8);
      case TOO_MANY_SEGMENTS -> {
        byte[] b = good.clone();
        int count = 512 + (int) (c.n() % 1000);
        b[0] = (byte) count;
        b[1] = (byte) (count >>> 8);
        b[2] = 0;
        b[3] = 0;
        yield b;
      }
      case GARBAGE -> {
        byte[] b = new byte[(int) (c.n() % 64) + 1];
        long x = c.n();
        for (int i = 0; i < b.length; i++) {
          x = x * 6364136223846793005L + 1442695040888963407L;
          b[i] = (byte) (x >>> 56);
        }
        yield b;
      }
      case EMPTY -> new byte[0];
      case SIZES_WRAP_AROUND_2_32 -> wrappingSegmentSizes(good);
    };
    Path store = ctx.newStore();
    String what = "a record of " + bad.length + " bytes, " + c.kind().name().toLowerCase().replace('_', ' ');
    Expect.rejected(() -> ctx.testee().emit(store, Bytes.wrap(bad), c.emission().blobs()), what);
    requireNothingPublished(store, what);
  }

  /**
   * The segments of {@code good} as one segment of W words, followed by two segments declared as
   * 2^31 words each and not present: summed in unsigned 32-bit arithmetic the sizes wrap around to
   * W, exactly the words the input holds, so only a reader that adds without overflow (REQ-SEC-015)
   * sees that the table declares 2^32 words more than there are.
   */
  static byte[] wrappingSegmentSizes(byte[] good) {
    ByteBuffer in = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
    int segments = in.getInt(0) + 1;
    long words = 0;
    for (int i = 0; i < segments; i++) {
      words += Integer.toUnsignedLong(in.getInt(4 + 4 * i));
    }
    int header = (4 + 4 * segments + 7) / 8 * 8;
    ByteBuffer out = ByteBuffer.allocate(16 + good.length - header).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(2).putInt((int) words).putInt(1 << 31).putInt(1 << 31);
    out.put(good, header, good.length - header);
    return out.array();
  }

  static void inconsistent(CheckContext ctx, Case<Inconsistency> c) throws Exception {
    Record r = c.emission().record();
    Digest other = Keys.blobDigest(("other " + c.n()).getBytes(StandardCharsets.UTF_8));
    Record bad = switch (c.kind()) {
      case WRONG_KEY -> new Record(r.producer(), other, r.keyMaterial(), r.outputs(), r.outputFingerprint());
      case WRONG_FINGERPRINT -> new Record(r.producer(), r.inputKey(), r.keyMaterial(), r.outputs(), other);
      case OTHER_PROTOCOL_MAJOR -> {
        KeyMaterial km = r.keyMaterial();
        KeyMaterial major = new KeyMaterial(2 + (int) (c.n() % 1000), km.subject(), km.facet(), km.toolchain(),
            km.config(), km.inputs(), km.reads());
        yield new Record(r.producer(), Keys.inputKey(major), major, r.outputs(), r.outputFingerprint());
      }
    };
    Path store = ctx.newStore();
    String what = "a record with " + c.kind().name().toLowerCase().replace('_', ' ');
    Expect.rejected(() -> ctx.testee().emit(store, Bytes.wrap(CapnpCodec.encodeRecord(bad)), c.emission().blobs()), what);
    requireNothingPublished(store, what);
  }

  private static final String FIRST = "zz.conformance.aaaa";
  private static final String SECOND = "zz.conformance.bbbb";
  private static final String PATCHED = "zz.conformance.cccc";

  static void unsorted(CheckContext ctx, Emission e) throws Exception {
    KeyMaterial km = e.record().keyMaterial();
    List<ConfigEntry> config = new ArrayList<>(km.config());
    config.removeIf(c -> c.name().startsWith("zz.conformance."));
    config.add(new ConfigEntry(FIRST, "1"));
    config.add(new ConfigEntry(SECOND, "2"));
    KeyMaterial sorted = KeyMaterial.canonical(km.subject(), km.facet(), km.toolchain(), config, km.inputs(), km.reads());
    Record r = e.record();
    Record good = new Record(r.producer(), Keys.inputKey(sorted), sorted, r.outputs(), r.outputFingerprint());
    List<ConfigEntry> unsortedConfig = new ArrayList<>();
    for (ConfigEntry c : sorted.config()) {
      unsortedConfig.add(c.name().equals(FIRST) ? new ConfigEntry(PATCHED, c.value()) : c);
    }
    Digest unsortedKey = Digest.sha256(Bytes.wrap(sha256(RawAvro.keyMaterial(
        sorted.protocolMajor(), sorted, unsortedConfig, sorted.inputs(), sorted.reads(), Integer.MAX_VALUE))));
    byte[] bytes = CapnpCodec.encodeRecord(good);
    bytes = replace(bytes, FIRST.getBytes(StandardCharsets.UTF_8), PATCHED.getBytes(StandardCharsets.UTF_8));
    bytes = replace(bytes, good.inputKey().value().toByteArray(), unsortedKey.value().toByteArray());
    Path store = ctx.newStore();
    byte[] patched = bytes;
    String what = "a record whose config lists " + PATCHED + " before " + SECOND;
    Expect.rejected(() -> ctx.testee().emit(store, Bytes.wrap(patched), e.blobs()), what);
    requireNothingPublished(store, what);
  }

  private static final String VICTIM = "com.example.victim";
  private static final String MODULE = "victimmod::path";

  static void badText(CheckContext ctx, Case<BadText> c) throws Exception {
    Record r = c.emission().record();
    KeyMaterial victim = Emission.withFacet(r.keyMaterial(), new Facet(VICTIM));
    KeyMaterial km = new KeyMaterial(victim.protocolMajor(), new dev.ibridge.model.Subject(victim.subject().unit(), MODULE),
        victim.facet(), victim.toolchain(), victim.config(), victim.inputs(), victim.reads());
    Record good = new Record(r.producer(), Keys.inputKey(km), km, r.outputs(), r.outputFingerprint());
    byte[] bytes = CapnpCodec.encodeRecord(good);
    byte[] from = (c.kind() == BadText.COLON_IN_MODULE_SEGMENT ? MODULE : VICTIM).getBytes(StandardCharsets.UTF_8);
    byte[] to = switch (c.kind()) {
      // Two levels up from records/ or heads/ is next to the store, where requireNothingPublished
      // looks: a testee that used the facet in a path before validating it leaves a directory there.
      case PATH_TRAVERSAL_FACET -> "../../victimvictim".getBytes(StandardCharsets.UTF_8);
      case UPPER_CASE_FACET -> "Com.Example.Victim".getBytes(StandardCharsets.UTF_8);
      case NUL_IN_FACET -> "com.example.vic\0im".getBytes(StandardCharsets.UTF_8);
      case COLON_IN_MODULE_SEGMENT -> "victimmod:::ath".getBytes(StandardCharsets.UTF_8);
      case OVERLONG_UTF8 -> {
        byte[] b = from.clone();
        b[11] = (byte) 0xC0;
        b[12] = (byte) 0xAE;
        yield b;
      }
    };
    bytes = replace(bytes, from, to);
    if (c.kind() != BadText.OVERLONG_UTF8 && c.kind() != BadText.COLON_IN_MODULE_SEGMENT) {
      String facet = new String(to, StandardCharsets.UTF_8);
      Digest key = Digest.sha256(Bytes.wrap(sha256(RawAvro.keyMaterial(km.protocolMajor(), km.subject(), facet,
          km.toolchain().name(), km.toolchain().version(), km.config(), km.inputs(), km.reads(), Integer.MAX_VALUE))));
      bytes = replace(bytes, good.inputKey().value().toByteArray(), key.value().toByteArray());
    }
    Path store = ctx.newStore();
    byte[] patched = bytes;
    String what = "a record with " + c.kind().name().toLowerCase().replace('_', ' ');
    Expect.rejected(() -> ctx.testee().emit(store, Bytes.wrap(patched), c.emission().blobs()), what);
    requireNothingPublished(store, what);
  }

  /** {@code bytes} with every occurrence of {@code from} replaced by {@code to} (same length). */
  static byte[] replace(byte[] bytes, byte[] from, byte[] to) {
    if (from.length != to.length) {
      throw new IllegalArgumentException("a patch keeps the length: " + from.length + " != " + to.length);
    }
    byte[] out = bytes.clone();
    int found = 0;
    outer:
    for (int i = 0; i + from.length <= out.length; i++) {
      for (int j = 0; j < from.length; j++) {
        if (out[i + j] != from[j]) {
          continue outer;
        }
      }
      System.arraycopy(to, 0, out, i, to.length);
      found++;
    }
    if (found == 0) {
      throw new IllegalStateException("the pattern to patch is not in the encoded record");
    }
    return out;
  }

  static byte[] sha256(byte[] bytes) {
    return DigestAlgorithm.SHA256.hash(bytes);
  }

}
