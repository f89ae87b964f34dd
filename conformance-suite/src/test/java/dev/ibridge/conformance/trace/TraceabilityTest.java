package dev.ibridge.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.conformance.checks.CheckDescriptor;
import dev.ibridge.conformance.checks.Level;
import dev.ibridge.conformance.schema.RepoPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The traceability gate on fixture specs and catalogs: each failure mode, and the rendered matrix. */
class TraceabilityTest {
  private static final String CHAPTER = """
      = Fixture

      [[REQ-FIX-001]]*REQ-FIX-001* A writer MUST do one thing,
      and a reader MAY ignore it.

      [[REQ-FIX-002]]*REQ-FIX-002* A reader SHOULD warn.

      * [[REQ-FIX-003]]*REQ-FIX-003* An item that is OPTIONAL.
      * [[REQ-FIX-004]]*REQ-FIX-004* An item that is REQUIRED.
      """;

  /** A check citing {@code requirements}, or, when none are given, the requirement its ID embeds. */
  private static CheckDescriptor check(String id, String... requirements) {
    List<String> cited = requirements.length > 0 ? List.of(requirements) : List.of(id.split("\\.")[1]);
    return new CheckDescriptor(id, cited, Level.REQUIRED, "checks " + id);
  }

  private static Requirements.Scan scan(String... texts) {
    List<Requirements.Source> sources = new java.util.ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      sources.add(new Requirements.Source("c" + i + ".adoc", texts[i]));
    }
    return Requirements.scan(sources);
  }

  @Test
  void findsRequirementsWithTheirStrongestKeyword() {
    Requirements.Scan s = scan(CHAPTER);
    assertThat(s.problems()).isEmpty();
    assertThat(s.requirements()).containsExactly(
        new Requirement("REQ-FIX-001", Requirement.Strength.MUST, "MUST", "c0.adoc", 3),
        new Requirement("REQ-FIX-002", Requirement.Strength.SHOULD, "SHOULD", "c0.adoc", 6),
        new Requirement("REQ-FIX-003", Requirement.Strength.MAY, "OPTIONAL", "c0.adoc", 8),
        new Requirement("REQ-FIX-004", Requirement.Strength.MUST, "REQUIRED", "c0.adoc", 9));
  }

  @Test
  void passesWhenEveryMustHasACheckAndListsUncheckedShouldAndMay() {
    Traceability t = Traceability.of(scan(CHAPTER),
        List.of(check("Required.REQ-FIX-001.One"), check("Required.REQ-FIX-004.Four", "REQ-FIX-004", "REQ-FIX-001")));
    assertThat(t.problems()).isEmpty();
    assertThat(t.passes()).isTrue();
    String doc = t.asciidoc();
    assertThat(doc)
        .contains("|<<REQ-FIX-001,REQ-FIX-001>> |MUST |`c0.adoc` |<<check-Required.REQ-FIX-001.One,"
            + "Required.REQ-FIX-001.One>> +\n<<check-Required.REQ-FIX-004.Four,Required.REQ-FIX-004.Four>> |\n")
        .contains("|<<REQ-FIX-002,REQ-FIX-002>> |SHOULD |`c0.adoc` |_no check_ |\n")
        .contains("|<<REQ-FIX-003,REQ-FIX-003>> |MAY |`c0.adoc` |_no check_ |\n")
        .contains("|[[check-Required.REQ-FIX-004.Four]]`Required.REQ-FIX-004.Four` |REQUIRED |checks "
            + "Required.REQ-FIX-004.Four |<<REQ-FIX-004,REQ-FIX-004>>, <<REQ-FIX-001,REQ-FIX-001>>\n")
        .contains("4 requirements (2 MUST, 1 SHOULD, 1 MAY); the suite has 2 checks; 2 requirements have no "
            + "check, of which 0 MUST requirements are covered only by tests");
  }

  @Test
  void failsWhenAMustHasNoCheckNamingTheRequirement() {
    Traceability t = Traceability.of(scan(CHAPTER), List.of(check("Required.REQ-FIX-001.One")));
    assertThat(t.passes()).isFalse();
    assertThat(t.uncheckedMusts()).containsExactly("REQ-FIX-004");
    assertThat(t.problems()).containsExactly("requirement REQ-FIX-004 (REQUIRED, c0.adoc:9) has no conformance "
        + "check and no test; add a check that cites it to the catalog");
    assertThat(t.asciidoc()).contains("|<<REQ-FIX-004,REQ-FIX-004>> |MUST |`c0.adoc` |*none (the build fails)* |\n");
  }

  @Test
  void aTaggedReferenceTestIsEvidenceAndTheMatrixSaysSo() {
    Map<String, Set<String>> tags = new TreeMap<>();
    TestTags.collect("LimitsTest", "@Test @Tag(\"REQ-FIX-004\") void limits() {}", tags);
    Traceability t = Traceability.of(scan(CHAPTER), List.of(check("Required.REQ-FIX-001.One")), tags);
    assertThat(t.problems()).isEmpty();
    assertThat(t.mustsCoveredByTestsOnly()).containsExactly("REQ-FIX-004");
    assertThat(t.asciidoc())
        .contains("|<<REQ-FIX-004,REQ-FIX-004>> |MUST |`c0.adoc` |*none: reference tests only* |`LimitsTest`\n")
        .contains("of which 1 MUST requirements are covered only by tests");
  }

  @Test
  void failsWhenATestIsTaggedWithAnUnknownRequirement() {
    Map<String, Set<String>> tags = new TreeMap<>();
    TestTags.collect("StrayTest", "@Tag(\"REQ-FIX-004\") @Tag(\"REQ-FIX-042\")", tags);
    Traceability t = Traceability.of(scan(CHAPTER), List.of(check("Required.REQ-FIX-001.One")), tags);
    assertThat(t.problems()).containsExactly(
        "tests [StrayTest] are tagged REQ-FIX-042, which the specification does not define");
  }

  @Test
  void failsWhenACheckCitesAnUnknownRequirement() {
    Traceability t = Traceability.of(scan(CHAPTER), List.of(check("Required.REQ-FIX-001.One"),
        check("Required.REQ-FIX-004.Four"), check("Required.REQ-FIX-009.Nine")));
    assertThat(t.problems()).containsExactly(
        "check Required.REQ-FIX-009.Nine cites REQ-FIX-009, which the specification does not define");
  }

  @Test
  void failsWhenARequirementIdIsDefinedTwice() {
    Traceability t = Traceability.of(scan(CHAPTER, "\n[[REQ-FIX-002]]*REQ-FIX-002* Another rule MUST hold.\n"),
        List.of(check("Required.REQ-FIX-001.One"), check("Required.REQ-FIX-004.Four")));
    assertThat(t.problems()).containsExactly("requirement REQ-FIX-002 is defined twice: at c0.adoc:6 and at "
        + "c1.adoc:2; IDs are never reused, give the new statement the next free number");
  }

  @Test
  void failsOnARequirementWithoutAKeywordAndOnADuplicateCheck() {
    Traceability t = Traceability.of(scan("[[REQ-FIX-005]]*REQ-FIX-005* Readers must do this.\n"),
        List.of());
    assertThat(t.problems()).containsExactly("requirement REQ-FIX-005 (c0.adoc:1) states no BCP 14 keyword "
        + "(MUST, SHOULD, MAY, ...); make it normative or drop its ID");
    Traceability twice = Traceability.of(scan(CHAPTER), List.of(check("Required.REQ-FIX-001.One"),
        check("Required.REQ-FIX-001.One"), check("Required.REQ-FIX-004.Four")));
    assertThat(twice.problems()).containsExactly("check Required.REQ-FIX-001.One appears twice in the catalog");
  }

  @Test
  void theGeneratorWritesBothChaptersAndFailsTheBuildNamingTheRequirement() throws Exception {
    Path spec = Files.createTempDirectory("spec");
    Files.writeString(spec.resolve("fixture.adoc"), CHAPTER);
    Path out = spec.resolve("generated");
    Path schemas = RepoPaths.schemas().resolve("v1");
    Traceability ok = SpecGenerator.generate(spec, schemas, out,
        () -> List.of(check("Required.REQ-FIX-001.One"), check("Required.REQ-FIX-004.Four")));
    assertThat(ok.rows()).hasSize(4);
    assertThat(Files.readString(out.resolve("schema-reference.adoc"))).contains("[[capnp-Record]]", "[[avro-KeyMaterial]]");
    assertThat(Files.readString(out.resolve("traceability.adoc"))).contains("[#traceability-table");

    assertThatThrownBy(() -> SpecGenerator.generate(spec, schemas, out, () -> List.of(check("Required.REQ-FIX-001.One"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the traceability gate failed with 1 problem(s)")
        .hasMessageContaining("requirement REQ-FIX-004 (REQUIRED, fixture.adoc:9) has no conformance check");
    assertThat(Files.readString(out.resolve("traceability.adoc"))).contains("*none (the build fails)*");
  }
}
