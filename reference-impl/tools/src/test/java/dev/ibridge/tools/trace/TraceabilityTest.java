package dev.ibridge.tools.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.conformance.checks.Catalog;
import dev.ibridge.conformance.checks.CheckDescriptor;
import dev.ibridge.conformance.checks.Level;
import dev.ibridge.tools.schema.RepoPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    List<Requirements.Source> sources = new ArrayList<>();
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

  /** Checks for every MUST and the SHOULD of the fixture; the MAY goes unchecked. */
  private static List<CheckDescriptor> fullCatalog() {
    return List.of(check("Required.REQ-FIX-001.One"), check("Required.REQ-FIX-004.Four", "REQ-FIX-004", "REQ-FIX-001"),
        new CheckDescriptor("Recommended.REQ-FIX-002.Two", List.of("REQ-FIX-002"), Level.RECOMMENDED, "checks two"));
  }

  @Test
  void passesWhenEveryMustAndShouldHasACheckAndListsUncheckedMay() {
    Traceability t = Traceability.of(scan(CHAPTER), fullCatalog());
    assertThat(t.problems()).isEmpty();
    assertThat(t.passes()).isTrue();
    assertThat(t.unchecked()).isEmpty();
    String doc = t.asciidoc();
    assertThat(doc)
        .contains("|<<REQ-FIX-001,REQ-FIX-001>> |MUST |`c0.adoc` |<<check-Required.REQ-FIX-001.One,"
            + "Required.REQ-FIX-001.+++<wbr>+++One>> +\n<<check-Required.REQ-FIX-004.Four,Required.REQ-FIX-004.+++<wbr>+++Four>> |\n")
        .contains("|<<REQ-FIX-002,REQ-FIX-002>> |SHOULD |`c0.adoc` |<<check-Recommended.REQ-FIX-002.Two,"
            + "Recommended.REQ-FIX-002.+++<wbr>+++Two>> |\n")
        .contains("|<<REQ-FIX-003,REQ-FIX-003>> |MAY |`c0.adoc` |_no check_ |\n")
        .contains("|[[check-Required.REQ-FIX-004.Four]]`Required.REQ-FIX-004.+++<wbr>+++Four` |REQUIRED |checks "
            + "Required.REQ-FIX-004.Four |<<REQ-FIX-004,REQ-FIX-004>>, <<REQ-FIX-001,REQ-FIX-001>>\n")
        .contains("4 requirements (2 MUST, 1 SHOULD, 1 MAY); the suite has 3 checks; 1 requirements have no "
            + "check, of which 0 are MUST or SHOULD requirements and fail the build");
  }

  @Test
  void theMatrixListsRequirementsSortedByIdWhateverTheOrderOfTheChapters() {
    String later = "= Later\n\n[[REQ-FIX-000]]*REQ-FIX-000* A reader MUST do a first thing.\n";
    List<CheckDescriptor> checks = new ArrayList<>(fullCatalog());
    checks.add(check("Required.REQ-FIX-000.Zero"));
    String doc = Traceability.of(scan(CHAPTER, later), checks).asciidoc();
    List<Integer> rows = List.of("|<<REQ-FIX-000,", "|<<REQ-FIX-001,", "|<<REQ-FIX-002,", "|<<REQ-FIX-003,",
        "|<<REQ-FIX-004,").stream().map(doc::indexOf).toList();
    assertThat(rows).doesNotContain(-1).isSorted();
  }

  @Test
  void failsWhenOneRequirementStatesMoreThanTwoMustOrShouldKeywords() {
    String two = "= Two\n\n[[REQ-FIX-010]]*REQ-FIX-010* A reader MUST accept X and MUST NOT accept Y; it MAY log.\n";
    assertThat(scan(two).problems()).isEmpty();
    String three = "= Three\n\n[[REQ-FIX-011]]*REQ-FIX-011* A reader MUST check X,\nMUST NOT read Y, and SHOULD "
        + "name Z.\n\nA note that MUST not count.\n";
    Requirements.Scan s = scan(three);
    assertThat(s.requirements()).extracting(Requirement::id).containsExactly("REQ-FIX-011");
    assertThat(s.problems()).containsExactly("requirement REQ-FIX-011 (c0.adoc:3) states 3 MUST or SHOULD keywords "
        + "[MUST, MUST NOT, SHOULD]; one ID is one testable rule of at most 2: split it, the first rule keeping "
        + "REQ-FIX-011 and each other rule taking the chapter's next free number");
    assertThat(Traceability.of(s, List.of(check("Required.REQ-FIX-011.Eleven"))).passes()).isFalse();
  }

  @Test
  void failsWhenAMustHasNoCheckNamingTheRequirement() {
    List<CheckDescriptor> withoutFour = fullCatalog().stream().filter(c -> !c.id().contains("FIX-004")).toList();
    Traceability t = Traceability.of(scan(CHAPTER), withoutFour);
    assertThat(t.passes()).isFalse();
    assertThat(t.unchecked()).containsExactly("REQ-FIX-004");
    assertThat(t.problems()).containsExactly("requirement REQ-FIX-004 (REQUIRED, c0.adoc:9) has no conformance "
        + "check; add a check that cites it to the catalog");
    assertThat(t.asciidoc()).contains("|<<REQ-FIX-004,REQ-FIX-004>> |MUST |`c0.adoc` |*none (the build fails)* |\n");
  }

  @Test
  void failsWhenAShouldHasNoCheckNamingTheRequirement() {
    List<CheckDescriptor> withoutTwo = fullCatalog().stream().filter(c -> !c.id().contains("FIX-002")).toList();
    Traceability t = Traceability.of(scan(CHAPTER), withoutTwo);
    assertThat(t.unchecked()).containsExactly("REQ-FIX-002");
    assertThat(t.problems()).containsExactly("requirement REQ-FIX-002 (SHOULD, c0.adoc:6) has no conformance "
        + "check; add a check that cites it to the catalog");
    assertThat(t.asciidoc()).contains("|<<REQ-FIX-002,REQ-FIX-002>> |SHOULD |`c0.adoc` |*none (the build fails)* |\n");
  }

  @Test
  void aTaggedReferenceTestIsListedButIsNoCoverage() {
    Map<String, Set<String>> tags = new TreeMap<>();
    TestTags.collect("LimitsTest", "@Test @Tag(\"REQ-FIX-004\") void limits() {}", tags);
    TestTags.collect("OneTest", "@Tag(\"REQ-FIX-001\")", tags);
    List<CheckDescriptor> withoutFour = fullCatalog().stream().filter(c -> !c.id().contains("FIX-004")).toList();
    Traceability t = Traceability.of(scan(CHAPTER), withoutFour, tags);
    assertThat(t.problems()).containsExactly("requirement REQ-FIX-004 (REQUIRED, c0.adoc:9) has no conformance "
        + "check; add a check that cites it to the catalog (tests of the reference [LimitsTest] do not count: they "
        + "check one implementation, not the testee)");
    assertThat(t.asciidoc())
        .contains("|<<REQ-FIX-004,REQ-FIX-004>> |MUST |`c0.adoc` |*none (the build fails)* |`Limits+++<wbr>+++Test`\n")
        .contains("|<<REQ-FIX-001,REQ-FIX-001>> |MUST |`c0.adoc` |<<check-Required.REQ-FIX-001.One,"
            + "Required.REQ-FIX-001.+++<wbr>+++One>> |`One+++<wbr>+++Test`\n");
  }

  @Test
  void theSpecificationPassesWithTheCatalogAndFailsWithoutTheOnlyCheckOfAnyMust() throws Exception {
    List<Requirements.Source> sources = new ArrayList<>();
    try (var files = Files.list(RepoPaths.root().resolve("spec"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".adoc")).sorted().toList()) {
        sources.add(new Requirements.Source(f.getFileName().toString(), Files.readString(f)));
      }
    }
    Requirements.Scan spec = Requirements.scan(sources);
    List<CheckDescriptor> catalog = Catalog.all();
    Traceability full = Traceability.of(spec, catalog);
    assertThat(full.problems()).isEmpty();
    int removed = 0;
    for (Requirement r : spec.requirements()) {
      List<CheckDescriptor> citing = catalog.stream().filter(c -> c.requirements().contains(r.id())).toList();
      if (citing.size() != 1 || r.strength() == Requirement.Strength.MAY) {
        continue;
      }
      Traceability without = Traceability.of(spec, catalog.stream().filter(c -> c != citing.get(0)).toList());
      assertThat(without.passes()).as("without %s", citing.get(0).id()).isFalse();
      assertThat(without.problems()).as("without %s", citing.get(0).id())
          .anyMatch(p -> p.startsWith("requirement " + r.id() + " (") && p.contains("has no conformance check"));
      removed++;
    }
    assertThat(removed).as("requirements with exactly one check").isPositive();
  }

  @Test
  void failsWhenATestIsTaggedWithAnUnknownRequirement() {
    Map<String, Set<String>> tags = new TreeMap<>();
    TestTags.collect("StrayTest", "@Tag(\"REQ-FIX-004\") @Tag(\"REQ-FIX-042\")", tags);
    Traceability t = Traceability.of(scan(CHAPTER), fullCatalog(), tags);
    assertThat(t.problems()).containsExactly(
        "tests [StrayTest] are tagged REQ-FIX-042, which the specification does not define");
  }

  @Test
  void failsWhenACheckCitesAnUnknownRequirement() {
    List<CheckDescriptor> checks = new ArrayList<>(fullCatalog());
    checks.add(check("Required.REQ-FIX-009.Nine"));
    Traceability t = Traceability.of(scan(CHAPTER), checks);
    assertThat(t.problems()).containsExactly(
        "check Required.REQ-FIX-009.Nine cites REQ-FIX-009, which the specification does not define");
  }

  @Test
  void failsWhenARequirementIdIsDefinedTwice() {
    Traceability t = Traceability.of(scan(CHAPTER, "\n[[REQ-FIX-002]]*REQ-FIX-002* Another rule MUST hold.\n"),
        fullCatalog());
    assertThat(t.problems()).containsExactly("requirement REQ-FIX-002 is defined twice: at c0.adoc:6 and at "
        + "c1.adoc:2; IDs are never reused, give the new statement the next free number");
  }

  @Test
  void failsOnARequirementWithoutAKeywordAndOnADuplicateCheck() {
    Traceability t = Traceability.of(scan("[[REQ-FIX-005]]*REQ-FIX-005* Readers must do this.\n"),
        List.of());
    assertThat(t.problems()).containsExactly("requirement REQ-FIX-005 (c0.adoc:1) states no BCP 14 keyword "
        + "(MUST, SHOULD, MAY, ...); make it normative or drop its ID");
    List<CheckDescriptor> doubled = new ArrayList<>(fullCatalog());
    doubled.add(check("Required.REQ-FIX-001.One"));
    Traceability twice = Traceability.of(scan(CHAPTER), doubled);
    assertThat(twice.problems()).containsExactly("check Required.REQ-FIX-001.One appears twice in the catalog");
  }

  @Test
  void theGeneratorWritesBothChaptersAndFailsTheBuildNamingTheRequirement() throws Exception {
    Path spec = Files.createTempDirectory("spec");
    Files.writeString(spec.resolve("fixture.adoc"), CHAPTER);
    Path out = spec.resolve("generated");
    Path schemas = RepoPaths.schemas().resolve("v1");
    Traceability ok = SpecGenerator.generate(spec, schemas, out, TraceabilityTest::fullCatalog);
    assertThat(ok.rows()).hasSize(4);
    assertThat(Files.readString(out.resolve("schema-reference.adoc"))).contains("[[capnp-Record]]", "[[avro-KeyMaterial]]");
    assertThat(Files.readString(out.resolve("traceability.adoc"))).contains("[#traceability-table");

    assertThatThrownBy(() -> SpecGenerator.generate(spec, schemas, out,
        () -> fullCatalog().stream().filter(c -> !c.id().contains("FIX-004")).toList()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the traceability gate failed with 1 problem(s)")
        .hasMessageContaining("requirement REQ-FIX-004 (REQUIRED, fixture.adoc:9) has no conformance check");
    assertThat(Files.readString(out.resolve("traceability.adoc"))).contains("*none (the build fails)*");
  }
}
