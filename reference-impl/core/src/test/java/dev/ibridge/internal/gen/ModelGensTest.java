package dev.ibridge.internal.gen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.model.EnvInput;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.JournalEntry;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Limits;
import dev.ibridge.model.Subject;
import dev.ibridge.property.ValueTree;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The model generators make valid values (the model's constructors check that) and reach the edges. */
class ModelGensTest {
  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void textsReachEveryPlaneAndTheExactByteLimitButNeverExceedIt() {
    List<String> texts = ModelGens.texts().samples(1, 3000);
    assertThat(texts).allMatch(t -> utf8(t) <= Limits.MAX_TEXT_BYTES);
    assertThat(texts).anyMatch(String::isEmpty);
    assertThat(texts).anyMatch(t -> utf8(t) == Limits.MAX_TEXT_BYTES);
    assertThat(texts).anyMatch(t -> t.codePoints().anyMatch(c -> c > 0xFFFF));
    assertThat(texts).anyMatch(t -> t.codePoints().anyMatch(c -> c >= 0x300 && c <= 0x36F));
    assertThat(texts).noneMatch(t -> t.indexOf('\0') >= 0);
  }

  @Test
  void subjectsAreWholeUnitsOrModulesAtAnyDepth() {
    List<Subject> subjects = ModelGens.subjects().samples(2, 2000);
    assertThat(subjects).anyMatch(Subject::isWholeUnit);
    assertThat(subjects).anyMatch(s -> s.modulePath().split("::").length == 3);
    assertThat(subjects).anyMatch(s -> s.modulePath().split("::").length > 20);
    assertThat(subjects).anyMatch(s -> s.modulePath().codePoints().anyMatch(c -> c > 0x7F));
  }

  @Test
  void facetsAreCoreOrReverseDnsUpToTheLengthLimit() {
    var facets = ModelGens.facets().samples(3, 2000);
    assertThat(facets).anyMatch(f -> f.isCore());
    assertThat(facets).anyMatch(f -> f.name().split("\\.").length >= 3);
    assertThat(facets).anyMatch(f -> f.name().length() == Limits.MAX_FACET_LENGTH);
  }

  @Test
  void sizesReachZeroAndLongMax() {
    assertThat(ModelGens.sizes().samples(4, 1000)).contains(0L, Long.MAX_VALUE).allMatch(s -> s >= 0);
  }

  @Test
  void keyMaterialHasSetAndUnsetEnvironmentFilesAndSometimesManyEntries() {
    List<KeyMaterial> all = ModelGens.keyMaterials().samples(5, 400);
    assertThat(all).anyMatch(k -> k.inputs().stream().anyMatch(i -> i instanceof EnvInput e && e.value() == null));
    assertThat(all).anyMatch(k -> k.inputs().stream().anyMatch(i -> i instanceof EnvInput e && e.value() != null));
    assertThat(all).anyMatch(k -> k.inputs().stream().anyMatch(i -> i instanceof FileInput));
    assertThat(all).anyMatch(k -> k.config().isEmpty() && k.inputs().isEmpty() && k.reads().isEmpty());
    assertThat(all).anyMatch(k -> k.reads().size() >= 200);
    assertThat(all).anyMatch(k -> k.protocolMajor() != 1);
  }

  @Test
  void journalEventsCoverEveryKindOfEntry() {
    Set<Class<?>> kinds = new HashSet<>();
    for (var e : ModelGens.journalEvents().samples(6, 400)) {
      kinds.add(e.event().getClass());
    }
    assertThat(kinds).containsExactlyInAnyOrder(JournalEntry.class.getPermittedSubclasses());
  }

  @Test
  void everyGeneratorIsDeterministic() {
    assertThat(ModelGens.records().samples(7, 30)).isEqualTo(ModelGens.records().samples(7, 30));
    assertThat(ModelGens.journalEvents().samples(7, 100)).isEqualTo(ModelGens.journalEvents().samples(7, 100));
  }

  @Test
  void everyModelValueRendersAsJson() {
    for (var r : ModelGens.records().samples(8, 20)) {
      assertThat(ValueTree.parse(ValueTree.write(ValueTree.render(r))).isObject()).isTrue();
    }
  }
}
