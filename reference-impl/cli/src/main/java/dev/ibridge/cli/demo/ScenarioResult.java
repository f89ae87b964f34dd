package dev.ibridge.cli.demo;

import dev.ibridge.activity.ActivityReport;
import java.util.List;

/** The outcome of one demo scenario: its steps and whether the expected reuse happened. */
public record ScenarioResult(int number, String title, List<DemoStep> steps, boolean passed, String verdict) {
  public ScenarioResult {
    steps = List.copyOf(steps);
  }

  /** The activity runs, in order, without the edits. */
  public List<ActivityReport> runs() {
    return steps.stream()
        .filter(s -> s instanceof DemoStep.Run)
        .map(s -> ((DemoStep.Run) s).report())
        .toList();
  }
}
