package dev.ibridge.tools.regen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.conformance.mutants.Mutants;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeOutputsTest {
  private static final String README = """
      # Title
      It runs <!-- generated:check-count by test -->1<!-- /generated:check-count --> checks.

      <!-- generated:mutant-table by test -->
      | old |
      <!-- /generated:mutant-table -->
      After.
      """;

  @Test
  void replacesOnlyWhatStandsBetweenTheMarkers() {
    Mutants.Mutant mutant = new Mutants.Mutant("m", "REQ-X-001", "breaks x", t -> t);
    String out = ReadmeOutputs.generate(README, 42, List.of(new ReadmeOutputs.Score(mutant, List.of("A.b", "C.d"), 3)))
        .content();
    assertThat(out).isEqualTo("""
        # Title
        It runs <!-- generated:check-count by test -->42<!-- /generated:check-count --> checks.

        <!-- generated:mutant-table by test -->
        | Mutant | What it breaks | Requirement | Caught by (checks citing the requirement) | Other checks it fails |
        |---|---|---|---|---|
        | `m` | breaks x | REQ-X-001 | `A.b`, `C.d` | 3 |
        <!-- /generated:mutant-table -->
        After.
        """);
    assertThat(ReadmeOutputs.generate(out, 42, List.of(new ReadmeOutputs.Score(mutant, List.of("A.b", "C.d"), 3)))
        .content()).isEqualTo(out);
  }

  @Test
  void aMissingOrRepeatedMarkerIsAnError() {
    assertThatThrownBy(() -> ReadmeOutputs.replace("no markers", "check-count", "1"))
        .hasMessageContaining("<!-- generated:check-count");
    String twice = README + "<!-- generated:check-count x -->2<!-- /generated:check-count -->\n";
    assertThatThrownBy(() -> ReadmeOutputs.replace(twice, "check-count", "1")).hasMessageContaining("more than once");
  }
}
