package dev.ibridge.store;

import static dev.ibridge.store.Fixtures.CHECK;
import static dev.ibridge.store.Fixtures.emission;
import static dev.ibridge.store.Fixtures.material;
import static dev.ibridge.store.Fixtures.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Subject;
import dev.ibridge.store.Fixtures.Emission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step that fails part-way through a write leaves the store whole: old state, or new, never half. */
class FaultInjectionTest {
  @TempDir Path dir;
  private final FaultyFileOps faults = new FaultyFileOps(RealFileOps.INSTANCE);
  private static final Subject CORE = subject("core");

  private static boolean under(Path p, String top) {
    return p.toString().contains("/" + top + "/");
  }

  private static long stagingFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root.resolve("tmp"))) {
      return s.count();
    }
  }

  @Test
  @Tag("REQ-STORE-010")
  @Tag("REQ-STORE-021")
  void aRecordWhosePublicationFailsIsInvisibleAndItsStagingFileIsCleanedOnTheNextOpen() throws IOException {
    Emission e = emission(material(CORE, Facet.ANALYSIS, "x"), "analysis");
    try (Store store = LocalStore.open(dir, faults)) {
      faults.failPublishingTo(p -> under(p, "records"));
      assertThatThrownBy(() -> store.emit(e.record(), e.blobs())).hasMessageContaining("injected fault");
      assertThat(store.request(CORE, Facet.ANALYSIS, e.record().keyMaterial())).isInstanceOf(Lookup.Miss.class);
      assertThat(store.verify().problems()).isEmpty();
      assertThat(stagingFiles(store.root())).isEqualTo(1);
    }
    try (Store store = Store.open(dir)) {
      assertThat(stagingFiles(store.root())).isZero();
      GcReport gc = store.gc(GcPolicy.keepSessions(1));
      assertThat(gc.blobsRemoved()).as("the blob written before the failed record is garbage").isEqualTo(1);
      assertThat(store.emit(e.record(), e.blobs()).outcome()).isEqualTo(EmitOutcome.CREATED);
      assertThat(store.request(CORE, Facet.ANALYSIS, e.record().keyMaterial())).isInstanceOf(Lookup.Hit.class);
    }
  }

  @Test
  @Tag("REQ-STORE-012")
  void aRecordIsNeverPublishedWhenItsBlobCouldNotBe() throws IOException {
    Emission e = emission(material(CORE, Facet.ANALYSIS, "x"), "analysis");
    try (Store store = LocalStore.open(dir, faults)) {
      faults.failPublishingTo(p -> under(p, "blobs"));
      assertThatThrownBy(() -> store.emit(e.record(), e.blobs())).hasMessageContaining("injected fault");
      assertThat(Snapshot.of(store.root().resolve("records")).files()).isEmpty();
      assertThat(store.verify().problems()).isEmpty();
    }
  }

  @Test
  @Tag("REQ-STORE-013")
  void aFailedHeadUpdateLeavesAWholeRecordAndTheNextEmitRepairsTheHead() throws IOException {
    Emission e = emission(material(CORE, Facet.ANALYSIS, "x"), "analysis");
    try (Store store = LocalStore.open(dir, faults)) {
      faults.failPublishingTo(p -> under(p, "heads"));
      assertThatThrownBy(() -> store.emit(e.record(), e.blobs())).hasMessageContaining("injected fault");
      assertThat(store.request(CORE, Facet.ANALYSIS, e.record().keyMaterial())).isInstanceOf(Lookup.Hit.class);
      assertThat(store.verify().problems()).isEmpty();
      assertThat(store.explain(CORE, Facet.ANALYSIS, e.record().keyMaterial()).previousKey()).isEmpty();
      faults.failPublishingTo(p -> false);
      assertThat(store.emit(e.record(), e.blobs()).outcome()).isEqualTo(EmitOutcome.ALREADY_PRESENT);
      assertThat(store.explain(CORE, Facet.ANALYSIS, e.record().keyMaterial()).previousKey()).contains(e.key());
    }
  }

  @Test
  @Tag("REQ-STORE-016")
  void aSessionWhoseJournalCannotBeWrittenReportsItAndLeavesItsRecords() throws IOException {
    Emission e = emission(material(CORE, Facet.ANALYSIS, "x"), "analysis");
    try (Store store = LocalStore.open(dir, faults)) {
      Session session = store.session(CHECK);
      session.emit(e.record(), e.blobs());
      faults.failPublishingTo(p -> under(p, "journal"));
      assertThatThrownBy(session::close).hasMessageContaining("injected fault");
      assertThat(store.stats().sessions()).isZero();
      assertThat(store.request(CORE, Facet.ANALYSIS, e.record().keyMaterial())).isInstanceOf(Lookup.Hit.class);
      assertThat(store.verify().problems()).isEmpty();
    }
  }
}
