package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.activity.Selection;
import dev.ibridge.activity.Workspace;
import dev.ibridge.conformance.harness.ActivityOutcome;
import dev.ibridge.conformance.harness.ActivityStep;
import dev.ibridge.conformance.harness.Operation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Determinism of a facet's computation, observed through the testee: the same activity over the
 * same workspace, run twice on fresh stores, recomputes the same nodes with the same input keys
 * and the same output fingerprints. Anything that leaks into a key or an output besides the
 * workspace (a clock, a random value, a path of the store, an iteration order) breaks it.
 */
final class ActivityDeterminismChecks {
  private ActivityDeterminismChecks() {}

  static List<Check> all() {
    return List.of(
        new PropertyCheck<>(
            required("REQ-ACT-011.SameWorkspaceSameKeysAndFingerprints",
                "check and build over the same workspace on two fresh stores yield the same keys and output fingerprints",
                "REQ-ACT-011"),
            Set.of(Operation.RUN_ACTIVITY), ActivityChecks.WORKSPACES, 5, 20, String::valueOf,
            ActivityDeterminismChecks::twice));
  }

  record Computed(String decision, String inputKey, String outputFingerprint) {}

  private static Map<String, Computed> computed(ActivityOutcome o) {
    Map<String, Computed> m = new TreeMap<>();
    for (ActivityStep s : o.steps()) {
      m.put(s.node().toString(), new Computed(s.decision().name(), s.inputKey().toString(), s.outputFingerprint().toString()));
    }
    return m;
  }

  static void twice(CheckContext ctx, Workspace ws) throws Exception {
    for (String activity : List.of("check", "build")) {
      ActivityOutcome first = ActivityChecks.run(ctx.testee(), ctx.newStore(), ws, activity, Selection.all());
      ActivityOutcome second = ActivityChecks.run(ctx.testee(), ctx.newStore(), ws, activity, Selection.all());
      Expect.that(!first.steps().isEmpty(), activity + " over the workspace took no steps");
      Expect.equal(computed(first), computed(second),
          "the nodes, input keys and output fingerprints of " + activity + " run twice on fresh stores");
    }
  }
}
