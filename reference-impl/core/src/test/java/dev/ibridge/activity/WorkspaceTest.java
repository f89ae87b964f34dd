package dev.ibridge.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.model.Facet;
import dev.ibridge.model.Toolchain;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkspaceTest {
  private static WorkspaceUnit unit(String name, String... deps) {
    return WorkspaceUnit.library(name, List.of(deps), List.of(new SourceFile(name + "/src/lib.rs", "pub fn f();", "{}")), List.of());
  }

  private static Workspace ws(WorkspaceUnit... units) {
    return new Workspace(new Toolchain("rustc", "1.95.0"), Map.of("a", "1"), Map.of(Facet.CODEGEN, List.of("a")), List.of(units));
  }

  @Test
  void jsonRoundTripKeepsTheWorkspace() {
    Workspace sample = SampleWorkspace.load();
    Workspace again = WorkspaceJson.parse(WorkspaceJson.write(sample), "round-trip");
    assertThat(again).isEqualTo(sample);
    assertThat(again.unit("parser").modules()).extracting(Module::path).containsExactly("ast::expr", "lexer");
    assertThat(again.unit("cli").unit().targetKind()).isEqualTo("bin");
  }

  @Test
  void unitsAreKeptInDependencyOrder() {
    Workspace w = ws(unit("c", "b"), unit("b", "a"), unit("a"), unit("d", "a", "c"));
    List<String> names = w.units().stream().map(WorkspaceUnit::name).toList();
    for (WorkspaceUnit u : w.units()) {
      for (String dep : u.deps()) {
        assertThat(names.indexOf(dep)).as(u.name() + " after " + dep).isLessThan(names.indexOf(u.name()));
      }
    }
  }

  @Test
  void badWorkspacesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> ws(unit("a", "b"), unit("b", "a")))
        .hasMessageContaining("cycle").hasMessageContaining("a -> b -> a");
    assertThatThrownBy(() -> ws(unit("a", "zzz"))).hasMessageContaining("depends on \"zzz\"");
    assertThatThrownBy(() -> ws(unit("a"), unit("a"))).hasMessageContaining("two units named \"a\"");
    assertThatThrownBy(() -> new Workspace(new Toolchain("rustc", "1"), Map.of(), Map.of(Facet.CODEGEN, List.of("opt")), List.of()))
        .hasMessageContaining("config entry \"opt\"");
    assertThatThrownBy(() -> new Module("a::", List.of())).hasMessageContaining("::-separated identifiers");
    assertThatThrownBy(() -> new SourceFile("/etc/passwd", "", "")).hasMessageContaining("workspace-relative");
    assertThatThrownBy(() -> WorkspaceJson.parse("{\"toolchain\": {\"name\": \"rustc\"}}", "ws.json"))
        .hasMessageContaining("ws.json: toolchain: \"version\" must be a string");
  }

  @Test
  void editsReplaceOneFileAndKeepTheRest() {
    Workspace sample = SampleWorkspace.load();
    Workspace edited = SampleWorkspace.commentEdit(sample);
    assertThat(edited.unit("util").sources().get(0).interfacePart()).isEqualTo(sample.unit("util").sources().get(0).interfacePart());
    assertThat(edited.unit("util").sources().get(0).fileInput().digest())
        .isNotEqualTo(sample.unit("util").sources().get(0).fileInput().digest());
    assertThat(edited.unit("util").modules()).isEqualTo(sample.unit("util").modules());
    assertThat(edited.withConfig("features", "x").configFor(Facet.ANALYSIS)).anyMatch(c -> c.value().equals("x"));
    assertThatThrownBy(() -> sample.withConfig("nope", "x")).hasMessageContaining("no config entry \"nope\"");
  }
}
