package dev.ibridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.model.EmitOutcome;
import dev.ibridge.store.Fixtures.Emission;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Eight processes emit the same keys, each in its own order, at the same time. */
class ConcurrencyTest {
  static final int PROCESSES = 8;

  @TempDir Path dir;

  @Test
  @Tag("REQ-STORE-011")
  @Tag("REQ-STORE-020")
  void eightProcessesEmittingOverlappingKeysCreateEachRecordExactlyOnce() throws Exception {
    long seed = Long.getLong("ibridge.seed", new Random().nextLong());
    String replay = "seed " + seed + "; replay: mvn -o -q -pl reference-impl/core -am test"
        + " -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ConcurrencyTest -Dibridge.seed=" + seed;
    Path root = dir.resolve("store");
    List<ChildProcesses.Child> children = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      children.add(new ChildProcesses.Child(root, "overlap", seed + i, dir.resolve("child-" + i + ".log")));
    }
    for (ChildProcesses.Child child : children) {
      child.awaitReadyAndGo();
    }
    Map<String, List<EmitOutcome>> outcomes = new HashMap<>();
    for (ChildProcesses.Child child : children) {
      assertThat(child.process.waitFor(120, TimeUnit.SECONDS)).as("child finished, " + replay).isTrue();
      assertThat(child.process.exitValue()).as("child exit status, " + replay).isZero();
      List<String> lines = child.lines();
      assertThat(lines).as(replay).hasSize(EmitterMain.OVERLAP_KEYS + 2).last().isEqualTo("done");
      for (String line : lines.subList(1, EmitterMain.OVERLAP_KEYS + 1)) {
        String[] parts = line.split(" ");
        outcomes.computeIfAbsent(parts[2], k -> new ArrayList<>()).add(EmitOutcome.valueOf(parts[0]));
      }
    }
    assertThat(outcomes).hasSize(EmitterMain.OVERLAP_KEYS);
    for (Map.Entry<String, List<EmitOutcome>> e : outcomes.entrySet()) {
      assertThat(e.getValue()).as("outcomes for key " + e.getKey() + ", " + replay)
          .hasSize(PROCESSES)
          .doesNotContain(EmitOutcome.CONFLICT)
          .containsOnlyOnce(EmitOutcome.CREATED);
    }
    try (Store store = Store.open(root)) {
      for (int i = 0; i < EmitterMain.OVERLAP_KEYS; i++) {
        Emission e = EmitterMain.shared(i);
        assertThat(store.request(e.record().subject(), e.record().facet(), e.record().keyMaterial()))
            .as("shared key " + i + ", " + replay).isEqualTo(new Lookup.Hit(e.record()));
      }
      VerifyReport report = store.verify();
      assertThat(report.problems()).as(replay).isEmpty();
      assertThat(report.records()).isEqualTo(EmitterMain.OVERLAP_KEYS);
      assertThat(report.journals()).isEqualTo(PROCESSES);
    }
  }

  @Test
  @Tag("REQ-STORE-020")
  void gcRefusesWhileAnotherProcessHasTheStoreOpen() throws Exception {
    Path root = dir.resolve("store");
    try (Store store = Store.open(root)) {
      Emission e = EmitterMain.shared(0);
      store.emit(e.record(), e.blobs());
      ChildProcesses.Child holder = new ChildProcesses.Child(root, "hold", 0, dir.resolve("holder.log"));
      holder.awaitReadyAndGo();
      holder.awaitLine("open");
      assertThatThrownBy(() -> store.gc(GcPolicy.keepSessions(0)))
          .isInstanceOf(StoreBusyException.class)
          .hasMessageContaining("in use by another process");
      assertThat(store.request(e.record().subject(), e.record().facet(), e.record().keyMaterial()))
          .as("the store is still usable after a refused gc").isInstanceOf(Lookup.Hit.class);
      holder.send("release");
      assertThat(holder.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(store.gc(GcPolicy.sizeBudget(0)).recordsRemoved()).isEqualTo(1);
    }
  }
}
