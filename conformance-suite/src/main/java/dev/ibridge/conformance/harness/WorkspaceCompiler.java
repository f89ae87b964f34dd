package dev.ibridge.conformance.harness;

import dev.ibridge.activity.ActivityCatalog;
import dev.ibridge.activity.Compiler;
import dev.ibridge.activity.ComputedOutput;
import dev.ibridge.activity.FacetRule;
import dev.ibridge.activity.ReferenceCompiler;
import dev.ibridge.activity.SourceFile;
import dev.ibridge.activity.Workspace;
import dev.ibridge.activity.WorkspaceUnit;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Subject;
import java.util.List;
import java.util.Objects;

/**
 * The runner playing the compiler: answers a testee's Compile calls for one workspace with the
 * deterministic outputs of a {@link Compiler} (by default the {@link ReferenceCompiler}). It finds
 * the facet's rule in the catalog and the subject's sources in the workspace; a subject the
 * workspace does not have, a facet without a rule, or material whose subject, facet or file
 * inputs do not fit is refused with {@link IllegalArgumentException}.
 */
public final class WorkspaceCompiler implements CompileHandler {
  private final Workspace workspace;
  private final ActivityCatalog catalog;
  private final Compiler compiler;

  public WorkspaceCompiler(Workspace workspace, ActivityCatalog catalog, Compiler compiler) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.compiler = Objects.requireNonNull(compiler, "compiler");
  }

  /** The reference compiler over the built-in catalog plus the call's own, for {@code call}'s workspace. */
  public static WorkspaceCompiler forCall(ActivityCall call) {
    return new WorkspaceCompiler(call.workspace(), call.resolvedCatalog(), new ReferenceCompiler());
  }

  @Override
  public List<ComputedOutput> compile(Subject subject, Facet facet, KeyMaterial keyMaterial) {
    if (!keyMaterial.subject().equals(subject) || !keyMaterial.facet().equals(facet)) {
      throw new IllegalArgumentException("Compile of " + facet + " of " + subject
          + " carries key material for " + keyMaterial.facet() + " of " + keyMaterial.subject());
    }
    FacetRule rule = catalog.rule(facet);
    List<SourceFile> sources = rule.sources() ? unitOf(subject).sourcesOf(subject.modulePath()) : List.of();
    return compiler.compute(rule, keyMaterial, sources);
  }

  private WorkspaceUnit unitOf(Subject subject) {
    for (WorkspaceUnit u : workspace.units()) {
      if (u.unit().equals(subject.unit())) {
        return u;
      }
    }
    throw new IllegalArgumentException("the workspace has no unit " + subject.unit());
  }
}
