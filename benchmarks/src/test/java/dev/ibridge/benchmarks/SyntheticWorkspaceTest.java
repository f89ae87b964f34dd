package dev.ibridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.key.Keys;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticWorkspaceTest {
  private final SyntheticWorkspace workspace = new SyntheticWorkspace(256, 42);

  @Test
  void emissionsAreDeterministicAndDistinct() {
    Set<Object> keys = new HashSet<>();
    for (int unit = 0; unit < 60; unit++) {
      for (Facet facet : SyntheticWorkspace.FACETS) {
        SyntheticWorkspace.Emission e = workspace.emission(unit, facet);
        assertThat(new SyntheticWorkspace(256, 42).emission(unit, facet)).isEqualTo(e);
        assertThat(keys.add(e.record().inputKey())).as("key of unit %d %s is new", unit, facet).isTrue();
        assertThat(e.blobs()).hasSize(1);
        assertThat(e.blobs().values().iterator().next().size()).isEqualTo(256);
      }
    }
  }

  @Test
  void readsSeeTheFingerprintOfTheDependencysMetadataRecord() {
    int checked = 0;
    for (int unit = 0; unit < 40; unit++) {
      Record r = workspace.emission(unit, Facet.ANALYSIS).record();
      assertThat(r.inputKey()).isEqualTo(Keys.inputKey(r.keyMaterial()));
      for (Read read : r.keyMaterial().reads()) {
        int dep = Integer.parseInt(read.subject().unit().targetName().substring("crate_".length()));
        assertThat(dep).isLessThan(unit);
        assertThat(read.outputFingerprint())
            .isEqualTo(workspace.emission(dep, Facet.METADATA).record().outputFingerprint());
        checked++;
      }
    }
    assertThat(checked).isPositive();
  }
}
