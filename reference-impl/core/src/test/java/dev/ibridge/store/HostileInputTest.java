package dev.ibridge.store;

import static dev.ibridge.store.Fixtures.emission;
import static dev.ibridge.store.Fixtures.material;
import static dev.ibridge.store.Fixtures.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.StoreHeader;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Unit;
import dev.ibridge.store.Fixtures.Emission;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile names and damaged files are rejected or contained, never followed or served. */
class HostileInputTest {
  @TempDir Path dir;

  private static final Subject CORE = subject("core");

  @ParameterizedTest
  @ValueSource(strings = {"../etc", "..", ".", "/etc/passwd", "a/b", "a\\b", "a\u0000b", "Analysis", "ANALYSIS",
      "analysis/", "", "a..b", ".hidden", "-a", "a b", "anal\u0131sis"})
  @Tag("REQ-STORE-080")
  void facetNamesThatCouldFormAPathAreRejected(String name) {
    assertThatThrownBy(() -> new Facet(name)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @Tag("REQ-STORE-080")
  void overlongFacetNamesAreRejected() {
    assertThatThrownBy(() -> new Facet("a".repeat(200))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @Tag("REQ-STORE-080")
  void aPathOutsideTheRootIsRefusedByTheLayout() {
    StorePaths layout = new StorePaths(dir);
    assertThatThrownBy(() -> layout.inside(dir.resolve("records/../../outside"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> layout.inside(dir)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> layout.journalFile("../x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(layout.inside(dir.resolve("records/analysis")).startsWith(layout.root())).isTrue();
  }

  @Test
  @Tag("REQ-STORE-084")
  void subjectNamesNeverBecomePathsAndNamesDifferingInCaseDoNotCollide() throws IOException {
    List<Subject> hostile = List.of(
        Subject.of(new Unit("../../../etc/passwd", "x", "lib", "t")),
        Subject.of(new Unit("/abs/path", "/etc", "lib", "t")),
        Subject.of(new Unit("core", "core", "lib", "t")),
        Subject.of(new Unit("Core", "core", "lib", "t")),
        Subject.of(new Unit("CORE", "core", "lib", "t")),
        Subject.of(new Unit("p".repeat(4000), "n", "lib", "t")),
        new Subject(new Unit("core", "core", "lib", "t"), "..::a"));
    Path root = dir.resolve("store");
    try (Store store = Store.open(root)) {
      for (Subject s : hostile) {
        Emission e = emission(material(s, Facet.ANALYSIS, "x"), "out of " + s.unit().packageId().length() + s);
        store.emit(e.record(), e.blobs());
      }
      Set<Digest> keys = new HashSet<>();
      for (Subject s : hostile) {
        KeyMaterial km = material(s, Facet.ANALYSIS, "x");
        keys.add(Keys.inputKey(km));
        Lookup hit = store.request(s, Facet.ANALYSIS, km);
        assertThat(hit).isInstanceOf(Lookup.Hit.class);
        assertThat(((Lookup.Hit) hit).record().subject()).isEqualTo(s);
      }
      assertThat(keys).hasSize(hostile.size());
      assertThat(store.verify().problems()).isEmpty();
      assertThat(store.verify().heads()).isEqualTo(hostile.size());
    }
    try (Stream<Path> all = Files.walk(dir)) {
      assertThat(all.filter(p -> !p.startsWith(root) && !p.equals(dir))).isEmpty();
    }
  }

  @Test
  @Tag("REQ-STORE-003")
  @Tag("REQ-STORE-030")
  void aBlobWhoseContentDoesNotMatchItsDigestIsNeverAHitAndVerifyReportsIt() throws IOException {
    Emission e = emission(material(CORE, Facet.ANALYSIS, "x"), "the genuine content");
    Digest blob = e.record().outputs().get(0).blob().digest();
    Path root;
    try (Store store = Store.open(dir)) {
      store.emit(e.record(), e.blobs());
      root = store.root();
    }
    Path blobFile = root.resolve("blobs/sha256").resolve(blob.hex().substring(0, 2)).resolve(blob.hex());
    Files.write(blobFile, "THE GENUINE CONTENT".getBytes(StandardCharsets.UTF_8));
    try (Store store = Store.open(dir)) {
      Lookup lookup = store.request(CORE, Facet.ANALYSIS, e.record().keyMaterial());
      assertThat(lookup).isInstanceOf(Lookup.Miss.class);
      assertThat(((Lookup.Miss) lookup).reason()).contains("damaged").contains(blob.toString());
      assertThatThrownBy(() -> store.readBlob(blob)).isInstanceOf(IOException.class).hasMessageContaining("damaged");
      VerifyReport report = store.verify();
      assertThat(report.problems()).extracting(Problem::kind)
          .contains(Problem.Kind.BAD_BLOB, Problem.Kind.MISSING_BLOB, Problem.Kind.DANGLING_HEAD);
      assertThat(store.explain(CORE, Facet.ANALYSIS, e.record().keyMaterial()).note()).get().asString().contains("damaged");
      assertThat(store.emit(e.record(), e.blobs()).bytesWritten()).as("an emit repairs the blob").isEqualTo(19);
      assertThat(store.request(CORE, Facet.ANALYSIS, e.record().keyMaterial())).isInstanceOf(Lookup.Hit.class);
      assertThat(store.verify().problems()).isEmpty();
    }
  }

  @Test
  @Tag("REQ-STORE-030")
  void aBlobOfTheWrongSizeIsAMissEvenAfterItWasVerified() throws IOException {
    Emission e = emission(material(CORE, Facet.ANALYSIS, "x"), "content");
    Digest blob = e.record().outputs().get(0).blob().digest();
    try (Store store = Store.open(dir)) {
      store.emit(e.record(), e.blobs());
      assertThat(store.request(CORE, Facet.ANALYSIS, e.record().keyMaterial())).isInstanceOf(Lookup.Hit.class);
      Files.write(store.root().resolve("blobs/sha256").resolve(blob.hex().substring(0, 2)).resolve(blob.hex()), new byte[3]);
      assertThat(store.request(CORE, Facet.ANALYSIS, e.record().keyMaterial())).isInstanceOf(Lookup.Miss.class);
    }
  }

  @Test
  @Tag("REQ-STORE-030")
  void aBlobReplacedByAHugeSparseFileIsReportedFromItsSizeWithoutReadingIt() throws IOException {
    Emission e = emission(material(CORE, Facet.ANALYSIS, "x"), "content");
    Digest blob = e.record().outputs().get(0).blob().digest();
    try (Store store = Store.open(dir)) {
      store.emit(e.record(), e.blobs());
      Path blobFile = store.root().resolve("blobs/sha256").resolve(blob.hex().substring(0, 2)).resolve(blob.hex());
      long huge = 20L << 30;
      try (RandomAccessFile raf = new RandomAccessFile(blobFile.toFile(), "rw")) {
        raf.setLength(huge);
      }
      VerifyReport report = store.verify();
      assertThat(report.problems()).filteredOn(p -> p.kind() == Problem.Kind.BAD_BLOB).singleElement()
          .satisfies(p -> assertThat(p.message()).isEqualTo("is " + huge + " bytes, but the records that name it say 7; not hashed"));
      assertThat(report.problems()).extracting(Problem::kind).contains(Problem.Kind.MISSING_BLOB);
      assertThat(store.request(CORE, Facet.ANALYSIS, e.record().keyMaterial())).isInstanceOf(Lookup.Miss.class);
    }
  }

  @Test
  @Tag("REQ-STORE-031")
  @Tag("REQ-STORE-085")
  void damagedOrTruncatedRecordFilesAreMissesAndVerifyErrorsNeverExceptions() throws IOException {
    long seed = Long.getLong("ibridge.seed", new Random().nextLong());
    Random random = new Random(seed);
    KeyMaterial km = material(CORE, Facet.ANALYSIS, "x");
    Emission e = emission(km, "content");
    try (Store store = Store.open(dir)) {
      store.emit(e.record(), e.blobs());
      Path recordFile = store.root().resolve("records/analysis").resolve(e.key().hex().substring(0, 2)).resolve(e.key().hex());
      byte[] genuine = Files.readAllBytes(recordFile);
      for (int i = 0; i < 200; i++) {
        byte[] damaged = mutate(genuine, random);
        Files.write(recordFile, damaged);
        String context = "mutation " + i + ", seed " + seed + " (replay with -Dibridge.seed=" + seed + ")";
        Lookup lookup = store.request(CORE, Facet.ANALYSIS, km);
        if (lookup instanceof Lookup.Hit hit) {
          // A flip inside the producer, which is not key material, still leaves a valid record.
          assertThat(LocalStore.sameContent(hit.record(), e.record()))
              .as(context + ": a hit must hold the emitted material and outputs, got " + hit.record()).isTrue();
        } else {
          assertThat(((Lookup.Miss) lookup).reason()).as(context).contains(store.root().relativize(recordFile).toString());
          assertThat(store.verify().problems()).as(context).extracting(Problem::kind)
              .containsAnyOf(Problem.Kind.BAD_RECORD, Problem.Kind.WRONG_KEY);
        }
      }
      Files.write(recordFile, new byte[0]);
      assertThat(store.request(CORE, Facet.ANALYSIS, km)).isInstanceOf(Lookup.Miss.class);
      assertThat(store.explain(CORE, Facet.ANALYSIS, km).hit()).isFalse();
      assertThat(store.list(java.util.Optional.empty())).isEmpty();
      assertThat(store.emit(e.record(), e.blobs()).outcome()).as("a damaged file is replaced").isEqualTo(
          dev.ibridge.model.EmitOutcome.CREATED);
      assertThat(store.verify().problems()).isEmpty();
    }
  }

  private static byte[] mutate(byte[] genuine, Random random) {
    switch (random.nextInt(3)) {
      case 0:
        return java.util.Arrays.copyOf(genuine, random.nextInt(genuine.length));
      case 1: {
        byte[] b = genuine.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
      }
      default: {
        byte[] b = new byte[random.nextInt(2 * genuine.length)];
        random.nextBytes(b);
        return b;
      }
    }
  }

  @Test
  @Tag("REQ-STORE-081")
  void symbolicLinksAndSpecialFilesInTheStoreAreNeverFollowed() throws IOException, InterruptedException {
    KeyMaterial km = material(CORE, Facet.ANALYSIS, "x");
    Emission e = emission(km, "content");
    Path outside = Files.writeString(dir.resolve("outside"), "secret");
    Path root = dir.resolve("store");
    try (Store store = Store.open(root)) {
      Path recordFile = store.root().resolve("records/analysis").resolve(e.key().hex().substring(0, 2)).resolve(e.key().hex());
      Files.createDirectories(recordFile.getParent());
      Files.createSymbolicLink(recordFile, outside);
      assertThat(store.request(CORE, Facet.ANALYSIS, km)).isInstanceOf(Lookup.Miss.class);
      assertThat(store.verify().problems()).extracting(Problem::kind).contains(Problem.Kind.UNEXPECTED_ENTRY);
      Files.delete(recordFile);
      Process mkfifo = new ProcessBuilder("mkfifo", recordFile.toString()).inheritIO().start();
      assertThat(mkfifo.waitFor()).isZero();
      Lookup lookup = store.request(CORE, Facet.ANALYSIS, km);
      assertThat(lookup).isInstanceOf(Lookup.Miss.class);
      assertThat(((Lookup.Miss) lookup).reason()).contains("not a regular file");
      assertThat(store.verify().problems()).extracting(Problem::kind).contains(Problem.Kind.UNEXPECTED_ENTRY);
    }
    assertThat(Files.readString(outside)).isEqualTo("secret");
  }

  @Test
  @Tag("REQ-STORE-002")
  void aStoreOfANewerMajorVersionIsRefusedWithAClearMessage() throws IOException {
    Files.write(dir.resolve("STORE"),
        CapnpCodec.encodeStoreHeader(new StoreHeader(2, 0, DigestAlgorithm.SHA256, "ibridge 2.0")));
    assertThatThrownBy(() -> Store.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("major version 2")
        .hasMessageContaining("reads major version 1 only")
        .hasMessageContaining("ibridge 2.0");
    assertThat(dir.resolve("lock")).doesNotExist();
  }

  @Test
  @Tag("REQ-SEC-013")
  void aStoreWhoseHeaderDeclaresAnUnknownDigestAlgorithmIsRefused() throws IOException {
    byte[] header = CapnpCodec.encodeStoreHeader(new StoreHeader(1, 0, DigestAlgorithm.SHA256, "x"));
    int algorithm = 8 + 8 + 4; // segment table, root pointer, then bits [32, 48) of the data word
    assertThat(header[algorithm]).isZero();
    header[algorithm] = 1;
    Files.write(dir.resolve("STORE"), header);
    assertThatThrownBy(() -> Store.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not an ibridge store header");
    assertThat(dir.resolve("lock")).doesNotExist();
  }

  @Test
  @Tag("REQ-STORE-002")
  void aStoreFileOfGarbageIsRefusedWithAClearMessage() throws IOException {
    byte[] garbage = new byte[100];
    new Random(7).nextBytes(garbage);
    Files.write(dir.resolve("STORE"), garbage);
    assertThatThrownBy(() -> Store.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not an ibridge store header");
    Files.write(dir.resolve("STORE"), new byte[0]);
    assertThatThrownBy(() -> Store.open(dir)).hasMessageContaining("is not an ibridge store header");
  }

  @Test
  @Tag("REQ-STORE-083")
  void aNonEmptyDirectoryWithoutAStoreFileIsNeverTurnedIntoAStore() throws IOException {
    Files.writeString(dir.resolve("Cargo.toml"), "[package]");
    assertThatThrownBy(() -> Store.open(dir)).hasMessageContaining("is not an ibridge store").hasMessageContaining("Cargo.toml");
    try (Stream<Path> entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("Cargo.toml");
    }
    assertThatThrownBy(() -> Store.openExisting(dir.resolve("nothing"))).hasMessageContaining("no ibridge store here");
    assertThat(dir.resolve("nothing")).doesNotExist();
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertThatThrownBy(() -> Store.open(file)).hasMessageContaining("not a directory");
  }

  @Test
  @Tag("REQ-STORE-001")
  void verifyReportsUnexpectedEntriesAndDanglingHeads() throws IOException {
    Emission e = emission(material(CORE, Facet.ANALYSIS, "x"), "content");
    try (Store store = Store.open(dir)) {
      store.emit(e.record(), e.blobs());
      Path root = store.root();
      Files.writeString(root.resolve("evil"), "x");
      Files.createDirectories(root.resolve("records/Not-A-Facet"));
      Files.writeString(root.resolve("records/analysis/zz"), "x");
      Path head;
      try (Stream<Path> heads = Files.walk(root.resolve("heads"))) {
        head = heads.filter(Files::isRegularFile).findFirst().orElseThrow();
      }
      Files.writeString(head, "sha256:" + "0".repeat(64) + "\n");
      Files.createDirectories(root.resolve("heads/analysis/11"));
      Files.writeString(root.resolve("heads/analysis/11").resolve("1".repeat(64)), "garbage");
      Files.writeString(root.resolve("heads/analysis/11").resolve("2".repeat(64)), "misplaced");
      List<String> paths = new ArrayList<>();
      for (Problem p : store.verify().problems()) {
        paths.add(p.kind() + " " + p.path());
      }
      assertThat(paths).contains(
          "UNEXPECTED_ENTRY evil",
          "UNEXPECTED_ENTRY records/Not-A-Facet",
          "UNEXPECTED_ENTRY records/analysis/zz",
          "DANGLING_HEAD " + root.relativize(head),
          "DANGLING_HEAD heads/analysis/11/" + "1".repeat(64),
          "UNEXPECTED_ENTRY heads/analysis/11/" + "2".repeat(64));
      assertThat(store.explain(CORE, Facet.ANALYSIS, e.record().keyMaterial()).hit()).isTrue();
    }
  }

  @Test
  @Tag("REQ-STORE-004")
  @Tag("REQ-STORE-031")
  void aWholeRecordAtAnotherRecordsAddressIsAMissAndAVerifyError() throws IOException {
    KeyMaterial wanted = material(CORE, Facet.ANALYSIS, "wanted");
    Emission other = emission(material(CORE, Facet.ANALYSIS, "other"), "other content");
    try (Store store = Store.open(dir)) {
      store.emit(other.record(), other.blobs());
      Path root = store.root();
      String key = Keys.inputKey(wanted).hex();
      Path target = root.resolve("records/analysis").resolve(key.substring(0, 2)).resolve(key);
      Files.createDirectories(target.getParent());
      Files.write(target, CapnpCodec.encodeRecord(other.record()));
      Lookup lookup = store.request(CORE, Facet.ANALYSIS, wanted);
      assertThat(lookup).isInstanceOf(Lookup.Miss.class);
      assertThat(((Lookup.Miss) lookup).reason()).contains("is wrong");
      assertThat(store.verify().problems()).extracting(Problem::kind, Problem::path)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(Problem.Kind.WRONG_KEY, root.relativize(target).toString()));
    }
  }

  @Test
  @Tag("REQ-STORE-082")
  void filesLargerThanTheirLimitAreDamagedAndNeverRead() throws IOException {
    KeyMaterial km = material(CORE, Facet.ANALYSIS, "x");
    Emission e = emission(km, "content");
    try (Store store = Store.open(dir)) {
      store.emit(e.record(), e.blobs());
      Path root = store.root();
      Path recordFile = root.resolve("records/analysis").resolve(e.key().hex().substring(0, 2)).resolve(e.key().hex());
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(recordFile.toFile(), "rw")) {
        f.setLength(dev.ibridge.model.Limits.MAX_MESSAGE_BYTES + 1L);
      }
      Lookup lookup = store.request(CORE, Facet.ANALYSIS, km);
      assertThat(lookup).isInstanceOf(Lookup.Miss.class);
      assertThat(((Lookup.Miss) lookup).reason()).contains("more than the limit");
      Path head;
      try (Stream<Path> heads = Files.walk(root.resolve("heads"))) {
        head = heads.filter(Files::isRegularFile).findFirst().orElseThrow();
      }
      Files.writeString(head, "sha256:" + e.key().hex() + "\n" + " ".repeat(300));
      assertThat(store.explain(CORE, Facet.ANALYSIS, km).note()).get().asString().contains("head is unreadable");
      assertThat(store.verify().problems()).extracting(Problem::kind)
          .contains(Problem.Kind.BAD_RECORD, Problem.Kind.DANGLING_HEAD);
    }
    Files.write(dir.resolve("STORE"), new byte[64 * 1024 + 1]);
    assertThatThrownBy(() -> Store.open(dir)).hasMessageContaining("more than the limit");
  }
}
