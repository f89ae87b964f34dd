package dev.ibridge.cli.demo;

import static dev.ibridge.activity.SampleWorkspace.DEP;
import static dev.ibridge.activity.SampleWorkspace.ROOT;
import static dev.ibridge.activity.SampleWorkspace.ROOT_FILE;

import dev.ibridge.activity.ActivityReport;
import dev.ibridge.activity.ActivityRunner;
import dev.ibridge.activity.SampleWorkspace;
import dev.ibridge.activity.Selection;
import dev.ibridge.activity.SubjectFacet;
import dev.ibridge.activity.Workspace;
import dev.ibridge.activity.WorkspaceUnit;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Subject;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The seed's five scenarios on the bundled sample workspace. Each runs in the store it is given
 * (a fresh one, for the verdicts to mean what they say) and judges its own outcome against the
 * behaviour the protocol promises.
 */
public final class DemoScenarios {
  public static final int COUNT = 5;
  public static final Facet LINTS = new Facet("org.rust-lang.clippy.lints");

  private final ActivityRunner runner;
  private final Workspace sample;

  public DemoScenarios(ActivityRunner runner, Workspace sample) {
    this.runner = runner;
    this.sample = sample;
  }

  public static DemoScenarios reference() {
    return new DemoScenarios(ActivityRunner.reference(), SampleWorkspace.load());
  }

  public Workspace sample() {
    return sample;
  }

  public static String title(int number) {
    return switch (number) {
      case 1 -> "check; build -p " + DEP + "; check: facet isolation";
      case 2 -> "check; clippy: clippy reuses the analysis";
      case 3 -> "check; build: build reuses the analysis";
      case 4 -> "comment-only edit in " + ROOT + ": early cutoff";
      case 5 -> "interface change in " + ROOT + ": dependents recompute";
      default -> throw new IllegalArgumentException("scenarios are numbered 1 to " + COUNT + ", got " + number);
    };
  }

  public ScenarioResult run(int number, Store store) throws IOException {
    List<DemoStep> steps = new ArrayList<>();
    return switch (number) {
      case 1 -> {
        run(store, sample, "check", Selection.all(), steps);
        run(store, sample, "build", Selection.packages(DEP), steps);
        ActivityReport again = run(store, sample, "check", Selection.all(), steps);
        yield result(number, steps, again.computed().isEmpty(),
            "the second check reused all " + again.hits().size() + " records; build -p " + DEP + " removed none",
            "the second check recomputed " + again.computed());
      }
      case 2 -> {
        run(store, sample, "check", Selection.all(), steps);
        ActivityReport clippy = run(store, sample, "clippy", Selection.all(), steps);
        yield onlyComputed(number, steps, clippy, allOf(LINTS), "clippy");
      }
      case 3 -> {
        run(store, sample, "check", Selection.all(), steps);
        ActivityReport build = run(store, sample, "build", Selection.all(), steps);
        yield onlyComputed(number, steps, build, allOf(Facet.CODEGEN), "build");
      }
      case 4 -> {
        run(store, sample, "check", Selection.all(), steps);
        Workspace edited = SampleWorkspace.commentEdit(sample);
        steps.add(new DemoStep.Edit("edit " + ROOT_FILE + ": add a comment"));
        ActivityReport check = run(store, edited, "check", Selection.all(), steps);
        Set<SubjectFacet> expected = facetsOf(Set.of(sample.unit(ROOT).wholeUnit()), checkFacets());
        boolean ok = check.computed().equals(expected);
        yield result(number, steps, ok,
            "only " + ROOT + " was recomputed (" + expected.size() + " records); its metadata fingerprint held, so "
                + check.hits().size() + " records hit by early cutoff",
            "expected to recompute " + expected + ", recomputed " + check.computed());
      }
      case 5 -> {
        run(store, sample, "check", Selection.all(), steps);
        Workspace edited = SampleWorkspace.interfaceEdit(sample);
        steps.add(new DemoStep.Edit("edit " + ROOT_FILE + ": add a public function"));
        ActivityReport check = run(store, edited, "check", Selection.all(), steps);
        Set<Subject> affected = new HashSet<>();
        affected.add(sample.unit(ROOT).wholeUnit());
        for (WorkspaceUnit u : dependentsOf(ROOT)) {
          affected.addAll(u.subjects());
        }
        Set<SubjectFacet> expected = facetsOf(affected, checkFacets());
        boolean ok = check.computed().equals(expected);
        yield result(number, steps, ok,
            ROOT + " and every unit depending on it were recomputed (" + expected.size() + " records); "
                + check.hits().size() + " untouched records hit",
            "expected to recompute " + expected + ", recomputed " + check.computed());
      }
      default -> throw new IllegalArgumentException("scenarios are numbered 1 to " + COUNT + ", got " + number);
    };
  }

  /** The units that depend on {@code name}, directly or not. */
  public List<WorkspaceUnit> dependentsOf(String name) {
    Set<String> reached = new HashSet<>(Set.of(name));
    List<WorkspaceUnit> dependents = new ArrayList<>();
    for (WorkspaceUnit u : sample.units()) {
      if (u.deps().stream().anyMatch(reached::contains)) {
        reached.add(u.name());
        dependents.add(u);
      }
    }
    return dependents;
  }

  private List<Facet> checkFacets() {
    return runner.catalog().activity("check").emits();
  }

  private ActivityReport run(Store store, Workspace ws, String activity, Selection selection, List<DemoStep> steps)
      throws IOException {
    ActivityReport report = runner.run(store, ws, activity, selection);
    steps.add(new DemoStep.Run(report));
    return report;
  }

  private Set<SubjectFacet> allOf(Facet facet) {
    Set<Subject> all = new HashSet<>();
    sample.units().forEach(u -> all.addAll(u.subjects()));
    return facetsOf(all, List.of(facet));
  }

  private static Set<SubjectFacet> facetsOf(Set<Subject> subjects, List<Facet> facets) {
    Set<SubjectFacet> nodes = new TreeSet<>();
    for (Subject s : subjects) {
      for (Facet f : facets) {
        nodes.add(new SubjectFacet(s, f));
      }
    }
    return nodes;
  }

  private ScenarioResult onlyComputed(
      int number, List<DemoStep> steps, ActivityReport run, Set<SubjectFacet> expected, String activity) {
    boolean ok = run.computed().equals(expected);
    long reusedAnalyses = run.hits().stream().filter(n -> n.facet().equals(Facet.ANALYSIS)).count();
    return result(number, steps, ok,
        activity + " reused " + reusedAnalyses + " analyses and computed only its " + expected.size() + " "
            + expected.iterator().next().facet() + " records",
        "expected " + activity + " to compute " + expected + ", it computed " + run.computed());
  }

  private static ScenarioResult result(int number, List<DemoStep> steps, boolean ok, String pass, String fail) {
    return new ScenarioResult(number, title(number), steps, ok, ok ? pass : fail);
  }
}
