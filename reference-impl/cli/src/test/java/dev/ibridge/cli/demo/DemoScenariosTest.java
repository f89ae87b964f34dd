package dev.ibridge.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.activity.ActivityReport;
import dev.ibridge.activity.SampleWorkspace;
import dev.ibridge.activity.StepResult;
import dev.ibridge.activity.SubjectFacet;
import dev.ibridge.activity.Workspace;
import dev.ibridge.activity.WorkspaceUnit;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Subject;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's five scenarios on the sample workspace, with the exact hit and miss sets. */
class DemoScenariosTest {
  private static final Facet ANALYSIS = Facet.ANALYSIS;
  private static final Facet METADATA = Facet.METADATA;
  private static final Facet DIAGNOSTICS = Facet.DIAGNOSTICS;
  private static final Facet CODEGEN = Facet.CODEGEN;
  private static final Facet LINTS = DemoScenarios.LINTS;
  private static final List<Facet> CHECK = List.of(ANALYSIS, METADATA, DIAGNOSTICS);

  private final DemoScenarios demo = DemoScenarios.reference();
  private final Workspace ws = demo.sample();

  @TempDir Path dir;

  /** Every subject of the sample: units and their modules. */
  private List<Subject> allSubjects() {
    List<Subject> all = new ArrayList<>();
    ws.units().forEach(u -> all.addAll(u.subjects()));
    return all;
  }

  private Subject subject(String unit, String module) {
    return new Subject(ws.unit(unit).unit(), module);
  }

  private static Set<SubjectFacet> nodes(List<Subject> subjects, List<Facet> facets) {
    Set<SubjectFacet> set = new TreeSet<>();
    for (Subject s : subjects) {
      for (Facet f : facets) {
        set.add(new SubjectFacet(s, f));
      }
    }
    return set;
  }

  private static Set<SubjectFacet> union(Set<SubjectFacet> a, Set<SubjectFacet> b) {
    Set<SubjectFacet> u = new TreeSet<>(a);
    u.addAll(b);
    return u;
  }

  private ScenarioResult run(int n) throws IOException {
    try (Store store = Store.open(dir.resolve("store"))) {
      return demo.run(n, store);
    }
  }

  @Test
  void sampleHasAChainAndModuleSubjects() {
    assertThat(ws.units()).hasSizeBetween(6, 10);
    assertThat(allSubjects()).anyMatch(s -> s.modulePath().contains("::"));
    assertThat(demo.dependentsOf(SampleWorkspace.ROOT)).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  @Tag("REQ-ACT-001")
  @Tag("REQ-ACT-008")
  @Tag("REQ-ACT-010")
  void scenario1SecondCheckHitsEverythingAfterBuildOfOnePackage() throws IOException {
    ScenarioResult r = run(1);
    List<ActivityReport> runs = r.runs();
    Set<SubjectFacet> allCheck = nodes(allSubjects(), CHECK);
    assertThat(runs.get(0).computed()).isEqualTo(allCheck);
    assertThat(runs.get(0).hits()).isEmpty();

    List<Subject> parser = List.of(subject("parser", ""), subject("parser", "ast::expr"), subject("parser", "lexer"));
    assertThat(runs.get(1).computed()).isEqualTo(nodes(parser, List.of(CODEGEN)));
    Set<SubjectFacet> buildHits = union(
        nodes(parser, List.of(ANALYSIS)),
        nodes(List.of(subject("parser", "ast::expr"), subject("parser", "lexer"), subject("model", ""),
            subject("util", ""), subject("util", "fmt")), List.of(METADATA)));
    assertThat(runs.get(1).hits()).isEqualTo(buildHits);

    assertThat(runs.get(2).hits()).isEqualTo(allCheck);
    assertThat(runs.get(2).computed()).isEmpty();
    assertThat(runs.get(2).bytesWritten()).isZero();
    assertThat(r.passed()).as(r.verdict()).isTrue();
  }

  @Test
  @Tag("REQ-ACT-001")
  @Tag("REQ-ACT-004")
  void scenario2ClippyReusesTheAnalysisAndComputesOnlyItsLints() throws IOException {
    ScenarioResult r = run(2);
    ActivityReport clippy = r.runs().get(1);
    assertThat(clippy.computed()).isEqualTo(nodes(allSubjects(), List.of(LINTS)));
    // Analyses of every subject, plus the metadata they read: of every unit with dependents and of every module.
    Set<Subject> readMetadata = new TreeSet<>();
    for (WorkspaceUnit u : ws.units()) {
      for (String dep : u.deps()) {
        readMetadata.add(ws.unit(dep).wholeUnit());
      }
      u.subjects().stream().filter(s -> !s.isWholeUnit()).forEach(readMetadata::add);
    }
    assertThat(clippy.hits())
        .isEqualTo(union(nodes(allSubjects(), List.of(ANALYSIS)), nodes(List.copyOf(readMetadata), List.of(METADATA))));
    assertThat(r.passed()).as(r.verdict()).isTrue();
  }

  @Test
  @Tag("REQ-ACT-001")
  @Tag("REQ-ACT-004")
  void scenario3BuildReusesTheAnalysis() throws IOException {
    ScenarioResult r = run(3);
    ActivityReport build = r.runs().get(1);
    assertThat(build.computed()).isEqualTo(nodes(allSubjects(), List.of(CODEGEN)));
    assertThat(build.hits()).containsAll(nodes(allSubjects(), List.of(ANALYSIS)));
    assertThat(build.hits()).noneMatch(n -> n.facet().equals(DIAGNOSTICS) || n.facet().equals(CODEGEN));
    assertThat(r.passed()).as(r.verdict()).isTrue();
  }

  @Test
  @Tag("REQ-ACT-005")
  @Tag("REQ-ACT-006")
  void scenario4CommentEditRecomputesOnlyTheRoot() throws IOException {
    ScenarioResult r = run(4);
    ActivityReport check = r.runs().get(1);
    Set<SubjectFacet> root = nodes(List.of(subject("util", "")), CHECK);
    assertThat(check.computed()).isEqualTo(root);
    Set<SubjectFacet> rest = new TreeSet<>(nodes(allSubjects(), CHECK));
    rest.removeAll(root);
    assertThat(check.hits()).isEqualTo(rest);
    // The root's metadata was recomputed to the same bytes: nothing new written for it.
    StepResult.Computed metadata = (StepResult.Computed) check.steps().stream()
        .filter(s -> s.node().equals(new SubjectFacet(subject("util", ""), METADATA)))
        .findFirst().orElseThrow();
    StepResult before = r.runs().get(0).steps().stream()
        .filter(s -> s.node().equals(metadata.node())).findFirst().orElseThrow();
    assertThat(metadata.record().outputFingerprint()).isEqualTo(before.record().outputFingerprint());
    assertThat(metadata.inputKey()).isNotEqualTo(before.inputKey());
    assertThat(r.passed()).as(r.verdict()).isTrue();
  }

  @Test
  @Tag("REQ-ACT-004")
  @Tag("REQ-ACT-005")
  void scenario5InterfaceEditRecomputesTheDependents() throws IOException {
    ScenarioResult r = run(5);
    ActivityReport check = r.runs().get(1);
    Set<SubjectFacet> unchanged = nodes(List.of(subject("util", "fmt")), CHECK);
    Set<SubjectFacet> recomputed = new TreeSet<>(nodes(allSubjects(), CHECK));
    recomputed.removeAll(unchanged);
    assertThat(check.computed()).isEqualTo(recomputed);
    assertThat(check.hits()).isEqualTo(unchanged);
    assertThat(r.passed()).as(r.verdict()).isTrue();
  }
}
