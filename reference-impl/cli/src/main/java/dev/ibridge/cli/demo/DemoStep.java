package dev.ibridge.cli.demo;

import dev.ibridge.activity.ActivityReport;

/** One step of a demo scenario: an edit to the workspace, or an activity run. */
public sealed interface DemoStep permits DemoStep.Edit, DemoStep.Run {
  String description();

  record Edit(String description) implements DemoStep {}

  record Run(ActivityReport report) implements DemoStep {
    @Override
    public String description() {
      return report.command();
    }
  }
}
