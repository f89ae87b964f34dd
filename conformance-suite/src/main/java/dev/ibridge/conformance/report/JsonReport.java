package dev.ibridge.conformance.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.conformance.runner.CheckResult;
import dev.ibridge.conformance.runner.RunResult;
import dev.ibridge.json.JsonForm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The run as JSON ({@code conformance.json}): totals, then one entry per check with its requirement links. */
public final class JsonReport {
  public static final String FILE = "conformance.json";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JsonReport() {}

  public static String render(RunResult run) {
    ObjectNode root = JSON.objectNode();
    root.put("format", "ibridge-conformance-report/1");
    root.put("testee", run.testee());
    root.put("seed", run.seed());
    root.put("conforming", run.conforming());
    run.harnessError().ifPresent(e -> root.put("harnessError", e));
    run.profile().ifPresent(p -> root.put("profile", p));
    root.put("requiredUnsupported", run.requiredUnsupported().size());
    root.put("specUrl", run.specUrl());
    root.put("passed", run.passed());
    root.put("failed", run.failed());
    root.put("skipped", run.skipped());
    root.put("expectedFailures", run.count(CheckResult.Status.EXPECTED_FAILURE));
    root.put("seconds", run.seconds());
    root.put("scenarios", run.scenarios());
    root.put("scenariosPerSecond", run.scenariosPerSecond());
    ArrayNode stale = root.putArray("staleExpectedFailures");
    run.staleEntries().forEach(stale::add);
    ArrayNode checks = root.putArray("checks");
    for (CheckResult r : run.results()) {
      ObjectNode c = checks.addObject();
      c.put("id", r.check().id());
      c.put("level", r.check().level().name());
      c.put("title", r.check().title());
      c.put("status", r.status().name());
      ArrayNode reqs = c.putArray("requirements");
      ArrayNode links = c.putArray("requirementLinks");
      for (String req : r.check().requirements()) {
        reqs.add(req);
        links.add(run.link(req));
      }
      c.put("seconds", r.seconds());
      if (!r.message().isEmpty()) {
        c.put("message", r.message());
      }
      r.counterexample().ifPresent(p -> c.put("counterexample", p.toString()));
    }
    return JsonForm.renderTree(root);
  }

  public static Path write(RunResult run, Path dir) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(FILE), render(run));
  }
}
