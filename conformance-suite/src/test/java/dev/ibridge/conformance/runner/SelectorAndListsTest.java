package dev.ibridge.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.conformance.checks.Catalog;
import dev.ibridge.conformance.checks.Check;
import dev.ibridge.conformance.checks.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectorAndListsTest {
  @TempDir Path dir;

  @Test
  void wildcardsAndLevelsSelect() {
    RunOptions all = RunOptions.defaults(1, "x");
    List<Check> key = Selector.select(Catalog.checks(), all.withTests(List.of("Required.REQ-KEY-*")));
    assertThat(key).isNotEmpty().allMatch(c -> c.id().startsWith("Required.REQ-KEY-"));
    assertThat(Selector.matches("*.SingleBlockArrays", "Required.REQ-KEY-003.SingleBlockArrays")).isTrue();
    assertThat(Selector.matches("Required.REQ-KEY-003", "Required.REQ-KEY-003.SingleBlockArrays")).isFalse();
    assertThat(Selector.select(Catalog.checks(), all.withLevel(Level.REQUIRED)))
        .isNotEmpty().allMatch(c -> c.descriptor().level() == Level.REQUIRED);
    assertThat(Selector.select(Catalog.checks(), all.withLevel(Level.RECOMMENDED))).hasSize(Catalog.checks().size());
    assertThatThrownBy(() -> Selector.select(Catalog.checks(), all.withTests(List.of("Nope.*"))))
        .hasMessageContaining("Nope.*");
  }

  @Test
  void expectedFailureListsReadReasonsAndFindStaleEntries() throws IOException {
    Path f = Files.writeString(dir.resolve("x.txt"), "# header\n\nA.B  # why\nC.D\n");
    ExpectedFailures list = ExpectedFailures.read(f);
    assertThat(list.reasons()).containsEntry("A.B", "why").containsEntry("C.D", "");
    assertThat(list.stale(List.of("A.B"))).containsExactly("C.D");
    Files.writeString(f, "A.B\nA.B\n");
    assertThatThrownBy(() -> ExpectedFailures.read(f)).hasMessageContaining("listed twice");
    Files.writeString(f, "A B\n");
    assertThatThrownBy(() -> ExpectedFailures.read(f)).hasMessageContaining("one check ID a line");
  }
}
