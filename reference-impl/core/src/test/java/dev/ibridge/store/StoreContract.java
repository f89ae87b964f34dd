package dev.ibridge.store;

import static dev.ibridge.store.Fixtures.CHECK;
import static dev.ibridge.store.Fixtures.CLIPPY;
import static dev.ibridge.store.Fixtures.emission;
import static dev.ibridge.store.Fixtures.file;
import static dev.ibridge.store.Fixtures.material;
import static dev.ibridge.store.Fixtures.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.ProtocolVersion;
import dev.ibridge.model.Read;
import dev.ibridge.model.Subject;
import dev.ibridge.store.Fixtures.Emission;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link Store} implementation owes its callers. Subclassed once per
 * implementation; {@link #open} supplies the store under test.
 */
abstract class StoreContract {
  @TempDir Path dir;

  abstract Store open(Path dir) throws IOException;

  static final Subject CORE = subject("core");
  static final Subject APP = subject("app");

  @Test
  @Tag("REQ-STORE-002")
  @Tag("REQ-STORE-008")
  void createsAStoreAndReopensIt() throws IOException {
    Path root = dir.resolve("store");
    try (Store store = open(root)) {
      assertThat(store.header().protocolMajor()).isEqualTo(ProtocolVersion.MAJOR);
      assertThat(store.root()).isEqualTo(root.toRealPath());
    }
    try (Store again = open(root)) {
      assertThat(again.header().protocolMajor()).isEqualTo(ProtocolVersion.MAJOR);
      assertThat(again.verify().ok()).isTrue();
    }
  }

  @Test
  @Tag("REQ-STORE-030")
  @Tag("REQ-STORE-011")
  void missesThenHitsWhatWasEmitted() throws IOException {
    try (Store store = open(dir)) {
      KeyMaterial km = material(CORE, Facet.ANALYSIS, "fn a() {}");
      assertThat(store.request(CORE, Facet.ANALYSIS, km)).isInstanceOf(Lookup.Miss.class);
      Emission e = emission(km, "analysis of core");
      EmitResult result = store.emit(e.record(), e.blobs());
      assertThat(result.outcome()).isEqualTo(EmitOutcome.CREATED);
      assertThat(result.bytesWritten()).isEqualTo("analysis of core".length());
      Lookup lookup = store.request(CORE, Facet.ANALYSIS, km);
      assertThat(lookup).isEqualTo(new Lookup.Hit(e.record()));
      assertThat(store.readBlob(e.record().outputs().get(0).blob().digest()).toByteArray())
          .isEqualTo("analysis of core".getBytes());
    }
  }

  @Test
  @Tag("REQ-STORE-011")
  void emittingTheSameRecordAgainIsAlreadyPresent() throws IOException {
    try (Store store = open(dir)) {
      KeyMaterial km = material(CORE, Facet.ANALYSIS, "x");
      Emission byCheck = emission(CHECK, km, Map.of("a", "one", "b", "two"));
      Emission byClippy = emission(CLIPPY, km, Map.of("a", "one", "b", "two"));
      store.emit(byCheck.record(), byCheck.blobs());
      EmitResult again = store.emit(byCheck.record(), byCheck.blobs());
      assertThat(again).isEqualTo(new EmitResult(EmitOutcome.ALREADY_PRESENT, 0, 6));
      assertThat(store.emit(byClippy.record(), Map.of()).outcome()).isEqualTo(EmitOutcome.ALREADY_PRESENT);
      assertThat(store.request(CORE, Facet.ANALYSIS, km)).isEqualTo(new Lookup.Hit(byCheck.record()));
    }
  }

  @Test
  @Tag("REQ-STORE-011")
  @Tag("REQ-STORE-013")
  void aDifferentRecordUnderTheSameKeyIsAConflictAndChangesNothing() throws IOException {
    try (Store store = open(dir)) {
      KeyMaterial km = material(CORE, Facet.ANALYSIS, "x");
      Emission first = emission(km, "first");
      Emission second = emission(km, "second, nondeterministic");
      store.emit(first.record(), first.blobs());
      Snapshot before = Snapshot.of(store.root());
      EmitResult result = store.emit(second.record(), second.blobs());
      assertThat(result).isEqualTo(new EmitResult(EmitOutcome.CONFLICT, 0, 0));
      assertThat(Snapshot.of(store.root())).isEqualTo(before);
      assertThat(store.request(CORE, Facet.ANALYSIS, km)).isEqualTo(new Lookup.Hit(first.record()));
    }
  }

  @Test
  @Tag("REQ-STORE-014")
  void refusesRecordsAndBlobsThatDoNotRecompute() throws IOException {
    try (Store store = open(dir)) {
      KeyMaterial km = material(CORE, Facet.ANALYSIS, "x");
      Emission good = emission(km, "content");
      Emission other = emission(material(APP, Facet.ANALYSIS, "y"), "content");
      Digest blob = good.blobs().keySet().iterator().next();
      assertThatThrownBy(() -> store.emit(
              new dev.ibridge.model.Record(CHECK, other.key(), km, good.record().outputs(), good.record().outputFingerprint()),
              good.blobs()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(other.key().toString());
      assertThatThrownBy(() -> store.emit(good.record(), Map.of(blob, Bytes.of("CONTENT".getBytes()))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hashes to");
      assertThatThrownBy(() -> store.emit(good.record(), Map.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not supply");
      assertThatThrownBy(() -> store.request(APP, Facet.ANALYSIS, km))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(store.list(Optional.empty())).isEmpty();
    }
  }

  @Test
  @Tag("REQ-STORE-012")
  void blobsAreStoredOnceWhicheverFacetNamesThem() throws IOException {
    try (Store store = open(dir)) {
      String shared = "the same rmeta bytes";
      Emission a = emission(CHECK, material(CORE, Facet.METADATA, "x"), Map.of("lib.rmeta", shared));
      Emission b = emission(CLIPPY, material(CORE, new Facet("org.rust-lang.clippy.lints"), "x"),
          Map.of("lib.rmeta", shared, "lints", "none"));
      assertThat(store.emit(a.record(), a.blobs()).bytesWritten()).isEqualTo(shared.length());
      EmitResult second = store.emit(b.record(), b.blobs());
      assertThat(second.bytesDeduplicated()).isEqualTo(shared.length());
      assertThat(second.bytesWritten()).isEqualTo("none".length());
      StoreStats stats = store.stats();
      assertThat(stats.blobs()).isEqualTo(2);
      assertThat(stats.bytesSavedByDedup()).isEqualTo(shared.length());
      assertThat(stats.records()).isEqualTo(2);
    }
  }

  @Test
  void explainNamesEveryDifferingEntry() throws IOException {
    try (Store store = open(dir)) {
      Read dep = new Read(APP, Facet.METADATA, Fixtures.digestOf("app metadata v1"));
      KeyMaterial before = material(CORE, Facet.ANALYSIS,
          List.of(new ConfigEntry("cfg.feature", "std"), new ConfigEntry("profile.opt-level", "0")),
          List.<DirectInput>of(file("src/lib.rs", "v1"), file("src/util.rs", "u"), EnvInput.unset("RUSTFLAGS")),
          List.of(dep));
      Explanation none = store.explain(CORE, Facet.ANALYSIS, before);
      assertThat(none.hit()).isFalse();
      assertThat(none.previousKey()).isEmpty();
      assertThat(none.note()).get().asString().contains("no previous");

      Emission e = emission(before, "analysis");
      store.emit(e.record(), e.blobs());
      Explanation fresh = store.explain(CORE, Facet.ANALYSIS, before);
      assertThat(fresh.hit()).isTrue();
      assertThat(fresh.differences()).isEmpty();

      KeyMaterial after = material(CORE, Facet.ANALYSIS,
          List.of(new ConfigEntry("profile.opt-level", "3")),
          List.<DirectInput>of(file("src/lib.rs", "v2"), file("src/util.rs", "u"), new EnvInput("RUSTFLAGS", "-Dwarnings")),
          List.of(new Read(APP, Facet.METADATA, Fixtures.digestOf("app metadata v2"))));
      Explanation dirty = store.explain(CORE, Facet.ANALYSIS, after);
      assertThat(dirty.hit()).isFalse();
      assertThat(dirty.previousKey()).contains(e.key());
      assertThat(dirty.differences())
          .extracting(Difference::kind, Difference::entry)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Difference.Kind.CONFIG, "cfg.feature"),
              org.assertj.core.groups.Tuple.tuple(Difference.Kind.CONFIG, "profile.opt-level"),
              org.assertj.core.groups.Tuple.tuple(Difference.Kind.FILE, "src/lib.rs"),
              org.assertj.core.groups.Tuple.tuple(Difference.Kind.ENV, "RUSTFLAGS"),
              org.assertj.core.groups.Tuple.tuple(Difference.Kind.READ, "metadata of " + Subjects.describe(APP)));
      assertThat(dirty.differences().get(0).after()).isNull();
      assertThat(dirty.differences().get(1).describe()).isEqualTo("config entry `profile.opt-level` changed: 0 -> 3");
      assertThat(dirty.describe()).startsWith("dirty: analysis of ").contains("src/lib.rs");
    }
  }

  @Test
  void explainNamesAToolchainChange() throws IOException {
    try (Store store = open(dir)) {
      KeyMaterial old = material(CORE, Facet.CODEGEN, "x");
      Emission e = emission(old, "code");
      store.emit(e.record(), e.blobs());
      KeyMaterial newer = KeyMaterial.canonical(CORE, Facet.CODEGEN,
          new dev.ibridge.model.Toolchain("rustc", "1.96.0"), old.config(), old.inputs(), old.reads());
      assertThat(store.explain(CORE, Facet.CODEGEN, newer).differences())
          .containsExactly(new Difference(Difference.Kind.TOOLCHAIN, "version", Fixtures.RUSTC.version(), "1.96.0"));
    }
  }

  @Test
  @Tag("REQ-STORE-006")
  @Tag("REQ-STORE-016")
  void sessionsJournalAndStatsCountHitsPerActivity() throws IOException {
    try (Store store = open(dir)) {
      KeyMaterial a = material(CORE, Facet.ANALYSIS, "a");
      KeyMaterial b = material(APP, Facet.ANALYSIS, "b");
      String checkId;
      try (Session s = store.session(CHECK)) {
        checkId = s.id();
        for (KeyMaterial km : List.of(a, b)) {
          assertThat(s.request(km.subject(), km.facet(), km)).isInstanceOf(Lookup.Miss.class);
          Emission e = emission(km, "out " + km.subject().unit().targetName());
          s.emit(e.record(), e.blobs());
        }
      }
      try (Session s = store.session(CLIPPY)) {
        assertThat(s.request(CORE, Facet.ANALYSIS, a)).isInstanceOf(Lookup.Hit.class);
        KeyMaterial c = material(CORE, Facet.ANALYSIS, "c");
        assertThat(s.request(CORE, Facet.ANALYSIS, c)).isInstanceOf(Lookup.Miss.class);
      }
      assertThat(store.root().resolve("journal").resolve(checkId + ".avro")).isRegularFile();
      StoreStats stats = store.stats();
      assertThat(stats.sessions()).isEqualTo(2);
      assertThat(stats.activities()).containsExactly(
          new ActivityStats("check", 1, 0, 2, 2), new ActivityStats("clippy", 1, 1, 1, 0));
      assertThat(stats.activities().get(1).hitRate()).isEqualTo(0.5);
      assertThat(store.verify().ok()).isTrue();
    }
  }

  @Test
  void verifyPassesOnAHealthyStoreAndCountsItsFiles() throws IOException {
    try (Store store = open(dir)) {
      for (String crate : List.of("a", "b", "c")) {
        Emission e = emission(material(subject(crate), Facet.METADATA, crate), "meta " + crate);
        store.emit(e.record(), e.blobs());
      }
      VerifyReport report = store.verify();
      assertThat(report.problems()).isEmpty();
      assertThat(report.records()).isEqualTo(3);
      assertThat(report.blobs()).isEqualTo(3);
      assertThat(report.heads()).isEqualTo(3);
    }
  }

  @Test
  @Tag("REQ-STORE-005")
  void theHeadNamesTheLatestEmittedRecordOfEachSubjectAndFacet() throws IOException {
    try (Store store = open(dir)) {
      Emission v1 = emission(material(CORE, Facet.ANALYSIS, "v1"), "one");
      Emission v2 = emission(material(CORE, Facet.ANALYSIS, "v2"), "two");
      store.emit(v1.record(), v1.blobs());
      store.emit(v2.record(), v2.blobs());
      List<RecordSummary> listed = store.list(Optional.of(Facet.ANALYSIS));
      assertThat(listed).hasSize(2);
      assertThat(listed).filteredOn(RecordSummary::head).extracting(RecordSummary::inputKey).containsExactly(v2.key());
      assertThat(store.record(v1.key())).contains(v1.record());
      assertThat(store.record(Fixtures.digestOf("nothing"))).isEmpty();
    }
  }

  /** Three sessions, each emitting one record per crate; returns their emissions by session. */
  private List<List<Emission>> threeSessions(Store store) throws IOException {
    List<List<Emission>> out = new java.util.ArrayList<>();
    for (int session = 0; session < 3; session++) {
      List<Emission> emitted = new java.util.ArrayList<>();
      try (Session s = store.session(CHECK)) {
        for (String crate : List.of("a", "b")) {
          Emission e = emission(material(subject(crate), Facet.ANALYSIS, crate + session), crate + " in session " + session);
          s.emit(e.record(), e.blobs());
          emitted.add(e);
        }
      }
      out.add(emitted);
    }
    // Make every record look older than every session, so only the journals keep records alive.
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(store.root().resolve("records"))) {
      for (Path p : walk.filter(java.nio.file.Files::isRegularFile).toList()) {
        java.nio.file.Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(0));
      }
    }
    return out;
  }

  @Test
  void gcKeepsWhatTheNewestSessionsTouched() throws IOException {
    try (Store store = open(dir)) {
      List<List<Emission>> sessions = threeSessions(store);
      Emission oldButHit = sessions.get(0).get(0);
      try (Session s = store.session(CLIPPY)) {
        assertThat(s.request(oldButHit.record().subject(), Facet.ANALYSIS, oldButHit.record().keyMaterial()))
            .isInstanceOf(Lookup.Hit.class);
      }
      GcReport report = store.gc(GcPolicy.keepSessions(2));
      assertThat(report.sessionsKept()).isEqualTo(2);
      assertThat(report.sessionsRemoved()).isEqualTo(2);
      assertThat(report.recordsRemoved()).isEqualTo(3);
      assertThat(report.blobsRemoved()).isEqualTo(3);
      for (Emission e : sessions.get(2)) {
        assertThat(store.request(e.record().subject(), Facet.ANALYSIS, e.record().keyMaterial())).isInstanceOf(Lookup.Hit.class);
      }
      assertThat(store.request(oldButHit.record().subject(), Facet.ANALYSIS, oldButHit.record().keyMaterial()))
          .isInstanceOf(Lookup.Hit.class);
      for (Emission e : List.of(sessions.get(0).get(1), sessions.get(1).get(0), sessions.get(1).get(1))) {
        assertThat(store.request(e.record().subject(), Facet.ANALYSIS, e.record().keyMaterial())).isInstanceOf(Lookup.Miss.class);
      }
      VerifyReport verify = store.verify();
      assertThat(verify.problems()).isEmpty();
      assertThat(verify.heads()).isEqualTo(2);
      assertThat(report.bytesRemaining()).isEqualTo(store.stats().totalBytes());
    }
  }

  @Test
  void gcWithinASizeBudgetDropsTheOldestSessionsFirst() throws IOException {
    try (Store store = open(dir)) {
      threeSessions(store);
      long total = store.stats().totalBytes();
      GcReport nothing = store.gc(GcPolicy.sizeBudget(total));
      assertThat(nothing.sessionsKept()).isEqualTo(3);
      assertThat(nothing.recordsRemoved()).isZero();

      GcReport some = store.gc(GcPolicy.sizeBudget(total - 1));
      assertThat(some.sessionsKept()).isBetween(1, 2);
      assertThat(some.bytesRemaining()).isLessThanOrEqualTo(total - 1);
      assertThat(store.verify().problems()).isEmpty();

      GcReport all = store.gc(GcPolicy.sizeBudget(0));
      assertThat(all.sessionsKept()).isZero();
      assertThat(all.bytesRemaining()).isZero();
      assertThat(store.stats().records()).isZero();
      assertThat(store.verify().problems()).isEmpty();
    }
  }

  @Test
  @Tag("REQ-STORE-020")
  void gcRefusesWhileAnotherStoreInstanceHasTheStoreOpen() throws IOException {
    try (Store store = open(dir)) {
      Store other = open(dir);
      assertThatThrownBy(() -> store.gc(GcPolicy.keepSessions(1)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("close the other");
      other.close();
      assertThat(store.gc(GcPolicy.keepSessions(1)).recordsRemoved()).isZero();
    }
  }

  @Test
  @Tag("REQ-STORE-015")
  void emittingOneFacetNeverTouchesAnotherFacetsRecordsOrHeads() throws IOException {
    long seed = Long.getLong("ibridge.seed", new java.util.Random().nextLong());
    java.util.Random random = new java.util.Random(seed);
    List<Facet> facets = List.of(Facet.ANALYSIS, Facet.METADATA, new Facet("org.rust-lang.clippy.lints"));
    try (Store store = open(dir)) {
      for (int i = 0; i < 150; i++) {
        Facet facet = facets.get(random.nextInt(facets.size()));
        Subject subject = subject("c" + random.nextInt(5));
        KeyMaterial km = material(subject, facet, "v" + random.nextInt(4));
        Emission e = emission(km, random.nextInt(3) == 0 ? "shared" : "out " + random.nextInt(1000));
        Map<Facet, Snapshot> others = new java.util.HashMap<>();
        for (Facet f : facets) {
          if (!f.equals(facet)) {
            others.put(f, new Snapshot(Map.of(
                "records", Snapshot.of(store.root().resolve("records").resolve(f.name())).toString(),
                "heads", Snapshot.of(store.root().resolve("heads").resolve(f.name())).toString())));
          }
        }
        store.emit(e.record(), e.blobs());
        for (Map.Entry<Facet, Snapshot> o : others.entrySet()) {
          Facet f = o.getKey();
          assertThat(new Snapshot(Map.of(
                  "records", Snapshot.of(store.root().resolve("records").resolve(f.name())).toString(),
                  "heads", Snapshot.of(store.root().resolve("heads").resolve(f.name())).toString())))
              .as("facet %s after emitting %s at step %d (seed %d); replay: mvn -o -q -pl reference-impl/core -am test"
                  + " -Dsurefire.failIfNoSpecifiedTests=false -Dtest=LocalStoreTest#emittingOneFacetNeverTouchesAnotherFacetsRecordsOrHeads"
                  + " -Dibridge.seed=%d", f, facet, i, seed, seed)
              .isEqualTo(o.getValue());
        }
      }
      assertThat(store.verify().problems()).as("seed %d", seed).isEmpty();
    }
  }
}
