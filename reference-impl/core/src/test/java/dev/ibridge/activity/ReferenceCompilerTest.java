package dev.ibridge.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Read;
import dev.ibridge.model.Subject;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceCompilerTest {
  private final ActivityRunner runner = ActivityRunner.reference();
  private final Workspace sample = SampleWorkspace.load();
  private final ActivityDefinition check = runner.catalog().activity("check");

  @TempDir Path dir;

  private SubjectFacet node(String unit, Facet f) {
    return new SubjectFacet(sample.unit(unit).wholeUnit(), f);
  }

  @Test
  @Tag("REQ-ACT-006")
  void aBodyEditKeepsTheObservableMetadataAndChangesTheAnalysis() {
    var before = runner.evaluate(sample, check, Selection.all());
    var after = runner.evaluate(SampleWorkspace.commentEdit(sample), check, Selection.all());
    SubjectFacet metadata = node("util", Facet.METADATA);
    assertThat(after.get(metadata).inputKey()).isNotEqualTo(before.get(metadata).inputKey());
    assertThat(after.get(metadata).outputFingerprint()).isEqualTo(before.get(metadata).outputFingerprint());
    assertThat(after.get(metadata).outputs()).filteredOn(o -> !o.observable()).singleElement()
        .isNotEqualTo(before.get(metadata).outputs().stream().filter(o -> !o.observable()).findFirst().orElseThrow());
    SubjectFacet analysis = node("util", Facet.ANALYSIS);
    assertThat(after.get(analysis).outputFingerprint()).isNotEqualTo(before.get(analysis).outputFingerprint());
    assertThat(after.get(node("model", Facet.ANALYSIS)).inputKey()).isEqualTo(before.get(node("model", Facet.ANALYSIS)).inputKey());

    var iface = runner.evaluate(SampleWorkspace.interfaceEdit(sample), check, Selection.all());
    assertThat(iface.get(metadata).outputFingerprint()).isNotEqualTo(before.get(metadata).outputFingerprint());
    assertThat(iface.get(node("model", Facet.ANALYSIS)).inputKey()).isNotEqualTo(before.get(node("model", Facet.ANALYSIS)).inputKey());
  }

  @Test
  @Tag("REQ-ACT-005")
  @Tag("REQ-ACT-004")
  void readsCarryTheOutputFingerprintsOfExactlyTheRuleNodes() {
    var nodes = runner.evaluate(sample, check, Selection.all());
    var analysis = nodes.get(node("engine", Facet.ANALYSIS));
    assertThat(analysis.material().reads()).extracting(Read::subject)
        .containsExactlyInAnyOrder(sample.unit("parser").wholeUnit(), sample.unit("storage").wholeUnit());
    for (Read r : analysis.material().reads()) {
      var read = nodes.get(new SubjectFacet(r.subject(), r.facet()));
      assertThat(r.outputFingerprint()).isEqualTo(read.outputFingerprint()).isNotEqualTo(read.inputKey());
    }
    var parser = nodes.get(node("parser", Facet.METADATA));
    assertThat(parser.material().reads()).extracting(Read::subject).contains(
        new Subject(sample.unit("parser").unit(), "lexer"), new Subject(sample.unit("parser").unit(), "ast::expr"));
    assertThat(nodes.get(node("util", Facet.DIAGNOSTICS)).material().reads())
        .containsExactly(new Read(sample.unit("util").wholeUnit(), Facet.ANALYSIS,
            nodes.get(node("util", Facet.ANALYSIS)).outputFingerprint()));
  }

  @Test
  @Tag("REQ-ACT-007")
  void keyMaterialHoldsOnlyTheFacetsOwnConfig() throws IOException {
    var nodes = runner.evaluate(sample, runner.catalog().activity("build"), Selection.all());
    assertThat(nodes.get(node("util", Facet.CODEGEN)).material().config()).extracting(ConfigEntry::name)
        .containsExactly("profile.debuginfo", "profile.opt-level");
    assertThat(nodes.get(node("util", Facet.ANALYSIS)).material().config()).extracting(ConfigEntry::name)
        .containsExactly("edition", "features");
    try (Store store = Store.open(dir.resolve("store"))) {
      runner.run(store, sample, "check", Selection.all());
      runner.run(store, sample, "build", Selection.all());
      Workspace optimised = sample.withConfig("profile.opt-level", "3");
      ActivityReport checkAgain = runner.run(store, optimised, "check", Selection.all());
      assertThat(checkAgain.computed()).isEmpty();
      ActivityReport build = runner.run(store, optimised, "build", Selection.all());
      assertThat(build.computed()).allMatch(n -> n.facet().equals(Facet.CODEGEN)).hasSize(11);
    }
  }

  @Test
  @Tag("REQ-ACT-009")
  @Tag("REQ-ACT-011")
  void outputsAreDeterministicAndFacetsOfASubjectShareTheSourceMap() {
    var a = runner.evaluate(sample, check, Selection.all());
    var b = runner.evaluate(SampleWorkspace.load(), check, Selection.all());
    assertThat(a).isEqualTo(b);
    Digest mapOfAnalysis = a.get(node("model", Facet.ANALYSIS)).outputs().stream()
        .filter(o -> o.name().equals("source-map")).findFirst().orElseThrow().blob().digest();
    Digest mapOfMetadata = a.get(node("model", Facet.METADATA)).outputs().stream()
        .filter(o -> o.name().equals("source-map")).findFirst().orElseThrow().blob().digest();
    assertThat(mapOfAnalysis).isEqualTo(mapOfMetadata);
  }

  @Test
  void sourcesThatDoNotMatchTheMaterialAreACallerBug() {
    var e = runner.evaluate(sample, check, Selection.all()).get(node("util", Facet.ANALYSIS));
    FacetRule rule = runner.catalog().rule(Facet.ANALYSIS);
    List<SourceFile> wrong = List.of(sample.unit("model").sources().get(0));
    assertThatThrownBy(() -> new ReferenceCompiler().compute(rule, e.material(), wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not match the file inputs");
  }

  @Test
  @Tag("REQ-ACT-010")
  void anUnknownPackageIsACallerBug() {
    assertThatThrownBy(() -> runner.nodes(sample, check, Selection.packages("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-p nope");
  }
}
