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
  @Tag("REQ-STORE-040")
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
  @Tag("REQ-STORE-040")
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
  @Tag("REQ-STORE-070")
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
  @Tag("REQ-STORE-050")
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
}
