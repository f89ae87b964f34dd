package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.activity.SampleWorkspace;
import dev.ibridge.activity.Selection;
import dev.ibridge.activity.SubjectFacet;
import dev.ibridge.activity.Workspace;
import dev.ibridge.activity.WorkspaceJson;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.conformance.harness.ActivityCall;
import dev.ibridge.conformance.harness.ActivityOutcome;
import dev.ibridge.conformance.harness.ActivityStep;
import dev.ibridge.conformance.harness.InProcessTestee;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.RawChannel;
import dev.ibridge.conformance.harness.StoreFiles;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.conformance.harness.WorkspaceCompiler;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.protocol.Compile;
import dev.ibridge.protocol.ErrorKind;
import dev.ibridge.protocol.ErrorReply;
import dev.ibridge.protocol.HarnessFrame;
import dev.ibridge.protocol.RunActivity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a testee reads the two JSON forms of a RunActivity (REQ-ACT-020: strictly, with the arrays
 * of a rule as sets) and what it does when the runner refuses one of its Compile calls
 * (REQ-HARNESS-021). The refusals go through the testee's raw streams, so that a Compile sent
 * before the refusal is seen as such.
 */
final class RunActivityChecks {
  private RunActivityChecks() {}

  private static final Set<Operation> RUN = Set.of(Operation.RUN_ACTIVITY);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A tool facet that reads analysis of its own subject, and an activity that requests only that. */
  private static final String LINT =
      "\"zz.conformance.lint\": {\"reads\": [{\"facet\": \"analysis\", \"of\": \"self\"}]}";
  private static final String LINT_ACTIVITY =
      "\"zz-lint\": {\"requests\": [\"analysis\"], \"emits\": [\"zz.conformance.lint\"]}";

  static List<Check> all() {
    return List.of(
        new ExampleCheck(
            required("REQ-ACT-020.ReadsRuleArraysAsSets",
                "A catalog that repeats a built-in facet and activity with their arrays in another order, and names only the direct reads of what it emits, is accepted and keys as the reference",
                "REQ-ACT-020", "REQ-ACT-013"),
            RUN, RunActivityChecks::equivalentCatalog),
        new ExampleCheck(
            required("REQ-ACT-020.RefusesLooseJson",
                "A catalog or workspace with an unknown, mistyped or repeated member, or a read listed twice, is rejected before any Compile",
                "REQ-ACT-020", "REQ-HARNESS-007"),
            RUN, RunActivityChecks::looseDocuments),
        new ExampleCheck(
            required("REQ-HARNESS-021.PassesOnARefusedCompile",
                "When the runner refuses a Compile, the testee sends no further Compile, answers REJECTED, and leaves a store that verifies with whole sessions",
                "REQ-HARNESS-021", "REQ-HARNESS-023", "REQ-STORE-016"),
            RUN, RunActivityChecks::refusedCompile));
  }

  static void equivalentCatalog(CheckContext ctx) throws Exception {
    String catalog = "{\"facets\": {"
        + "\"metadata\": {\"reads\": [{\"of\": \"modules\", \"facet\": \"metadata\"}, {\"facet\": \"metadata\", \"of\": \"deps\"}],"
        + " \"observes\": \"interface\", \"sources\": true}, " + LINT + "},"
        + " \"activities\": {\"check\": {\"emits\": [\"diagnostics\", \"metadata\", \"analysis\"]}, " + LINT_ACTIVITY + "}}";
    Workspace ws = SampleWorkspace.load();
    Map<SubjectFacet, Digest> expected = keys(run(new InProcessTestee(), ctx.newStore(), ws, catalog));
    ActivityOutcome actual;
    try {
      actual = run(ctx.testee(), ctx.newStore(), ws, catalog);
    } catch (TesteeException e) {
      throw new CheckFailure("the testee refused a catalog that repeats the built-in metadata with its reads in "
          + "another order and check with its emits in another order, and defines zz-lint, which requests analysis "
          + "but not the metadata that analysis reads: " + e.getMessage(), e);
    }
    Expect.equal(expected, keys(actual), "zz-lint under that catalog: the input key of each node");
  }

  private static ActivityOutcome run(Testee testee, Path store, Workspace ws, String catalog) throws TesteeException {
    ActivityCall call = new ActivityCall(store, ws, "zz-lint", Selection.all(), Optional.of(catalog));
    return testee.runActivity(call, WorkspaceCompiler.forCall(call));
  }

  private static Map<SubjectFacet, Digest> keys(ActivityOutcome outcome) {
    Map<SubjectFacet, Digest> keys = new TreeMap<>();
    for (ActivityStep s : outcome.steps()) {
      keys.put(s.node(), s.inputKey());
    }
    return keys;
  }

  static void looseDocuments(CheckContext ctx) throws Exception {
    Workspace ws = SampleWorkspace.load();
    String workspace = WorkspaceJson.write(ws);
    Map<String, String[]> cases = new LinkedHashMap<>();
    String lintReads = "\"reads\": [{\"facet\": \"analysis\", \"of\": \"self\"}]";
    cases.put("a catalog whose facet rule has the member \"source\", which the form does not define", new String[] {workspace,
        catalog("\"zz.conformance.lint\": {\"source\": true, " + lintReads + "}")});
    cases.put("a catalog whose facet rule has \"sources\": \"true\", a string", new String[] {workspace,
        catalog("\"zz.conformance.lint\": {\"sources\": \"true\", " + lintReads + "}")});
    cases.put("a catalog whose facet rule has the member \"reads\" twice", new String[] {workspace,
        catalog("\"zz.conformance.lint\": {\"reads\": [], " + lintReads + "}")});
    cases.put("a catalog whose facet rule lists the read of analysis of self twice", new String[] {workspace,
        catalog("\"zz.conformance.lint\": {\"reads\": [{\"facet\": \"analysis\", \"of\": \"self\"}, "
            + "{\"facet\": \"analysis\", \"of\": \"self\"}]}")});
    cases.put("a catalog with the top-level member \"facet\"", new String[] {workspace,
        "{\"facet\": {}, " + catalog(LINT).substring(1)});
    cases.put("a catalog whose activity has the member \"request\"", new String[] {workspace,
        "{\"facets\": {" + LINT + "}, \"activities\": {\"zz-lint\": {\"request\": [\"analysis\"], "
            + "\"requests\": [\"analysis\"], \"emits\": [\"zz.conformance.lint\"]}}}"});
    ObjectNode extra = (ObjectNode) JSON.readTree(workspace);
    ((ObjectNode) extra.get("units").get(0)).putArray("dependencies");
    cases.put("a workspace whose first unit has the member \"dependencies\"", new String[] {extra.toString(), catalog(LINT)});
    ObjectNode arrayConfig = (ObjectNode) JSON.readTree(workspace);
    arrayConfig.putArray("config");
    arrayConfig.remove("facetConfig");
    cases.put("a workspace whose \"config\" is an array", new String[] {arrayConfig.toString(), catalog(LINT)});
    JsonNode toolchain = JSON.readTree(workspace).get("toolchain");
    cases.put("a workspace with the member \"toolchain\" twice", new String[] {
        "{\"toolchain\": " + toolchain + ", " + workspace.strip().substring(1), catalog(LINT)});
    try (RawChannel ch = ctx.testee().raw()) {
      for (Map.Entry<String, String[]> c : cases.entrySet()) {
        ctx.countScenario();
        Path store = ctx.newStore();
        ch.write(ch.framing().encode(new HarnessFrame(new RunActivity(
            store.toAbsolutePath().toString(), c.getValue()[0], "zz-lint", List.of(), c.getValue()[1]))));
        Object reply = body(ch, "the reply to a RunActivity with " + c.getKey());
        List<String> compiles = new ArrayList<>();
        while (reply instanceof Compile compile) {
          compiles.add(compile.getFacet() + " of " + compile.getSubject().getUnit().getTargetName());
          ch.write(ch.framing().encode(new HarnessFrame(new ErrorReply(ErrorKind.REJECTED, "a conformance check refuses this Compile"))));
          reply = body(ch, "the reply to a RunActivity with " + c.getKey());
        }
        Expect.that(compiles.isEmpty(), "the testee sent Compile (" + compiles + ") for a RunActivity with "
            + c.getKey() + ": such a document must be refused before any Compile");
        Expect.that(reply instanceof ErrorReply e && e.getKind() == ErrorKind.REJECTED,
            "the testee must answer a RunActivity with " + c.getKey() + " with ErrorReply REJECTED, but it answered "
                + (reply instanceof ErrorReply e ? "ErrorReply " + e.getKind() + ": " + e.getMessage() : reply.getClass().getSimpleName()));
        BadInputChecks.requireNothingPublished(store, "a RunActivity with " + c.getKey());
      }
    }
  }

  private static String catalog(String facets) {
    return "{\"facets\": {" + facets + "}, \"activities\": {" + LINT_ACTIVITY + "}}";
  }

  private static Object body(RawChannel ch, String what) throws TesteeException {
    byte[] reply = ch.read();
    try {
      return ch.framing().decode(reply).getBody();
    } catch (DecodeException e) {
      throw new CheckFailure(what + " is not a valid frame: " + e.getMessage(), e);
    }
  }

  static void refusedCompile(CheckContext ctx) throws Exception {
    Workspace ws = SampleWorkspace.load();
    for (int refuse : new int[] {1, 5}) {
      ctx.countScenario();
      Path store = ctx.newStore();
      ActivityCall call = ActivityCall.of(store, ws, "check", Selection.all());
      WorkspaceCompiler compiler = WorkspaceCompiler.forCall(call);
      List<SubjectFacet> compiled = new ArrayList<>();
      List<KeyMaterial> refused = new ArrayList<>();
      String what = "a check whose Compile number " + refuse + " the runner refused";
      Expect.rejected(() -> ctx.testee().runActivity(call, (subject, facet, km) -> {
        compiled.add(new SubjectFacet(subject, facet));
        if (compiled.size() == refuse) {
          refused.add(km);
          throw new IllegalArgumentException("a conformance check refuses this Compile (REQ-HARNESS-021)");
        }
        return compiler.compile(subject, facet, km);
      }), what);
      Expect.equal(refuse, compiled.size(), what + ": the Compile calls sent (none may follow the refusal)");
      Facet facet = compiled.get(refuse - 1).facet();
      Expect.that(!Files.exists(StoreFiles.record(store, facet, Keys.inputKey(refused.get(0)))),
          what + ": a record was emitted for the refused node " + compiled.get(refuse - 1));
      if (Files.isDirectory(store)) {
        StoreVerification.requireVerifies(store, what);
        ActivityChecks.requireWholeSessions(store);
      }
    }
  }
}
