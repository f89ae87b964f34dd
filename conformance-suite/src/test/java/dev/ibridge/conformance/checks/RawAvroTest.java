package dev.ibridge.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.conformance.harness.RawAvro;
import dev.ibridge.internal.gen.ModelGens;
import dev.ibridge.key.Keys;
import dev.ibridge.property.Property;
import org.junit.jupiter.api.Test;

/** The hand-written encoder is the canonical one when asked for one block, so the mutants built on it differ only by their flaw. */
class RawAvroTest {
  @Test
  @org.junit.jupiter.api.Tag("REQ-KEY-003")
  void oneBlockInCanonicalOrderIsTheCanonicalEncoding() {
    Property.forAll(ModelGens.keyMaterials()).tries(300).check(km ->
        java.util.Arrays.equals(Keys.canonicalBytes(km), RawAvro.keyMaterial(km, Integer.MAX_VALUE)));
  }

  @Test
  void smallerBlocksChangeTheBytesOfEveryNonEmptyArray() {
    Property.forAll(KeyChecks.withAtLeast(1, 1, 1)).tries(100).check(km ->
        !java.util.Arrays.equals(Keys.canonicalBytes(km), RawAvro.keyMaterial(km, 1))
            || (km.config().size() <= 1 && km.inputs().size() <= 1 && km.reads().size() <= 1));
  }

  @Test
  void everyCheckCitesItsFirstRequirementInItsIdAndIdsAreUnique() {
    assertThat(Catalog.all()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(Catalog.all()).allMatch(d -> d.id().startsWith(d.level() == Level.REQUIRED ? "Required." : "Recommended."));
    assertThat(Catalog.all().stream().map(CheckDescriptor::id).distinct().count()).isEqualTo(Catalog.all().size());
  }
}
