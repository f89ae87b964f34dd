package dev.ibridge.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.model.Facet;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivityCatalogTest {
  private static final Facet LINTS = new Facet("org.rust-lang.clippy.lints");
  private final ActivityCatalog builtin = ActivityCatalog.builtin();

  @TempDir Path dir;

  @Test
  @Tag("REQ-ACT-004")
  void builtinActivitiesAndRulesAreTheSpecsTables() {
    assertThat(builtin.activities().keySet()).containsExactlyInAnyOrder("check", "clippy", "build", "doc");
    assertThat(builtin.activity("check").emits()).containsExactly(Facet.ANALYSIS, Facet.METADATA, Facet.DIAGNOSTICS);
    assertThat(builtin.activity("clippy").requests()).containsExactly(Facet.ANALYSIS);
    assertThat(builtin.activity("clippy").emits()).containsExactly(LINTS);
    assertThat(builtin.activity("build").emits()).containsExactly(Facet.CODEGEN);
    assertThat(builtin.activity("doc").requests()).containsExactly(Facet.ANALYSIS, Facet.METADATA);
    assertThat(builtin.rule(Facet.ANALYSIS).reads()).containsExactly(
        new ReadRule(Facet.METADATA, Relation.DEPS), new ReadRule(Facet.METADATA, Relation.MODULES));
    assertThat(builtin.rule(Facet.METADATA).observes()).isEqualTo(Observes.INTERFACE);
    assertThat(builtin.rule(Facet.CODEGEN).reads()).containsExactly(new ReadRule(Facet.ANALYSIS, Relation.SELF));
    assertThat(builtin.rule(Facet.DOC).sources()).isFalse();
  }

  @Test
  @Tag("REQ-ACT-003")
  void facetOrderPutsEveryFacetAfterWhatItReadsOfTheSameSubject() {
    List<Facet> order = builtin.facetOrder();
    for (Facet f : order) {
      for (ReadRule r : builtin.rule(f).reads()) {
        if (r.of() == Relation.SELF) {
          assertThat(order.indexOf(r.facet())).as(f + " reads " + r.facet()).isLessThan(order.indexOf(f));
        }
      }
    }
  }

  @Test
  @Tag("REQ-ACT-002")
  void aUserDefinedActivityRunsAndReusesCheck() throws IOException {
    Path file = dir.resolve("audit.json");
    Files.writeString(file, """
        {"facets": {"com.example.audit": {"reads": [{"facet": "analysis", "of": "self"}]}},
         "activities": {"audit": {"requests": ["analysis"], "emits": ["com.example.audit"]}}}
        """);
    ActivityCatalog catalog = builtin.withUserDefinitions(file);
    ActivityRunner runner = new ActivityRunner(catalog, new ReferenceCompiler());
    Workspace ws = SampleWorkspace.load();
    try (Store store = Store.open(dir.resolve("store"))) {
      ActivityReport audit = runner.run(store, ws, "audit", Selection.all());
      assertThat(audit.computed()).anyMatch(n -> n.facet().equals(Facet.ANALYSIS));
      assertThat(audit.steps()).allMatch(s -> s.record().producer().activity().equals("audit"));
      ActivityReport check = runner.run(store, ws, "check", Selection.all());
      assertThat(check.hits()).filteredOn(n -> n.facet().equals(Facet.ANALYSIS)).hasSize(11);
      assertThat(runner.run(store, ws, "audit", Selection.all()).computed()).isEmpty();
    }
  }

  @Test
  @Tag("REQ-ACT-013")
  void aNewFacetMustBeReverseDns() {
    assertThatThrownBy(() -> builtin.withUserDefinitions("{\"facets\": {\"audit\": {}}}", "user.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user.json: a tool's own facet must be reverse-DNS prefixed");
  }

  @Test
  @Tag("REQ-ACT-013")
  void anExistingFacetCannotBeRedefinedDifferently() {
    assertThatThrownBy(() -> builtin.withUserDefinitions("{\"facets\": {\"codegen\": {}}}", "user.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("facet codegen is already defined differently");
    String same = "{\"facets\": {\"codegen\": {\"reads\": [{\"facet\": \"analysis\", \"of\": \"self\"}]}},"
        + " \"activities\": {\"build\": {\"requests\": [\"analysis\"], \"emits\": [\"codegen\"]}}}";
    assertThat(builtin.withUserDefinitions(same, "same.json")).isEqualTo(builtin);
  }

  @Test
  void badCatalogsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> ActivityCatalog.parse(
        "{\"facets\": {\"com.x.a\": {\"reads\": [{\"facet\": \"com.x.b\", \"of\": \"self\"}]},"
            + " \"com.x.b\": {\"reads\": [{\"facet\": \"com.x.a\", \"of\": \"self\"}]}}}", "cycle.json"))
        .hasMessageContaining("cycle");
    assertThatThrownBy(() -> ActivityCatalog.parse(
        "{\"facets\": {\"com.x.a\": {\"reads\": [{\"facet\": \"com.x.b\", \"of\": \"self\"}]}}}", "missing.json"))
        .hasMessageContaining("com.x.b, which has no rule");
    assertThatThrownBy(() -> ActivityCatalog.parse(
        "{\"facets\": {\"com.x.a\": {\"reads\": [{\"facet\": \"com.x.a\", \"of\": \"parents\"}]}}}", "relation.json"))
        .hasMessageContaining("unknown relation \"parents\"");
    assertThatThrownBy(() -> builtin.withUserDefinitions(
        "{\"activities\": {\"lint\": {\"requests\": [], \"emits\": [\"org.rust-lang.clippy.lints\"]}}}", "lint.json"))
        .hasMessageContaining("add analysis to its requests");
    assertThatThrownBy(() -> ActivityCatalog.parse("{\"facets\": [", "broken.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken.json is not valid JSON");
  }
  @Test
  @Tag("REQ-ACT-020")
  void repeatedDefinitionsCompareTheirArraysAsSets() {
    String reordered = "{\"facets\": {\"metadata\": {\"sources\": true, \"observes\": \"interface\", \"reads\":"
        + " [{\"facet\": \"metadata\", \"of\": \"modules\"}, {\"facet\": \"metadata\", \"of\": \"deps\"}]}},"
        + " \"activities\": {\"check\": {\"emits\": [\"diagnostics\", \"metadata\", \"analysis\"]}}}";
    assertThat(builtin.withUserDefinitions(reordered, "reordered.json")).isEqualTo(builtin);
  }

  @Test
  @Tag("REQ-ACT-020")
  void unknownMistypedAndRepeatedMembersAreRefused() {
    String reads = "\"reads\": [{\"facet\": \"analysis\", \"of\": \"self\"}]";
    for (String[] c : new String[][] {
        {"{\"facets\": {\"com.x.a\": {\"source\": true, " + reads + "}}}", "the member \"source\""},
        {"{\"facets\": {\"com.x.a\": {\"sources\": \"true\", " + reads + "}}}", "sources must be true or false"},
        {"{\"facets\": {\"com.x.a\": {\"reads\": [], " + reads + "}}}", "not valid JSON"},
        {"{\"facets\": {\"com.x.a\": {" + reads.replace("]", ", {\"facet\": \"analysis\", \"of\": \"self\"}]") + "}}}", "twice"},
        {"{\"facet\": {}}", "the member \"facet\""},
        {"{\"activities\": {\"zz\": {\"request\": []}}}", "the member \"request\""}}) {
      assertThatThrownBy(() -> builtin.withUserDefinitions(c[0], "loose.json")).as(c[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c[1]);
    }
  }
}
