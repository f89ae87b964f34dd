package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.activity.ActivityRunner;
import dev.ibridge.activity.Module;
import dev.ibridge.activity.SampleWorkspace;
import dev.ibridge.activity.Selection;
import dev.ibridge.activity.SourceFile;
import dev.ibridge.activity.SubjectFacet;
import dev.ibridge.activity.Workspace;
import dev.ibridge.activity.WorkspaceUnit;
import dev.ibridge.avro.JournalFiles;
import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.conformance.harness.ActivityCall;
import dev.ibridge.conformance.harness.ActivityOutcome;
import dev.ibridge.conformance.harness.ActivityStep;
import dev.ibridge.conformance.harness.InProcessTestee;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.StoreFiles;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.conformance.harness.WorkspaceCompiler;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.model.SessionEnded;
import dev.ibridge.model.SessionStarted;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.property.Gen;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Activities (spec/activities.adoc): the runner plays the compiler over a workspace model and the
 * testee plays the emitter. Its decisions (reuse or recompute) and keys must be the reference's,
 * its records must read what the facet rules say with the fingerprints they saw, and a
 * comment-only edit must stop at the root (early cutoff).
 */
final class ActivityChecks {
  private ActivityChecks() {}

  private static final Set<Operation> RUN = Set.of(Operation.RUN_ACTIVITY);
  private static final List<Facet> CHECK = List.of(Facet.ANALYSIS, Facet.METADATA, Facet.DIAGNOSTICS);
  private static final List<String> ACTIVITIES = List.of("check", "clippy", "build", "doc");

  // ---- generated workspaces and scripts

  sealed interface Op permits Run, EditBody, EditInterface, EditConfig, EditToolchain {}

  record Run(String activity, int pkg) implements Op {}

  record EditBody(int unit, int file) implements Op {}

  record EditInterface(int unit, int file) implements Op {}

  record EditConfig(String name, String value) implements Op {}

  record EditToolchain(String version) implements Op {}

  record Scenario(Workspace ws, List<Op> ops) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (WorkspaceUnit u : ws.units()) {
        sb.append(u.name()).append(u.deps()).append(u.modules().isEmpty() ? "" : "+mod").append(' ');
      }
      return sb + "ops " + ops;
    }
  }

  private static final Map<String, List<Facet>> CONFIG = Map.of(
      "features", List.of(Facet.ANALYSIS, Facet.METADATA, Facet.DOC),
      "profile.opt-level", List.of(Facet.CODEGEN),
      "lints.unused", List.of(Facet.DIAGNOSTICS));

  private static final Gen<String> INTERFACES = Gen.choose("pub fn f();", "pub struct S;", "pub trait T {}", "pub const N: u8;");
  private static final Gen<String> BODIES = Gen.choose("{ 1 }", "{ todo!() }", "{ x + 1 }");

  static final Gen<Workspace> WORKSPACES = d -> {
    int n = d.draw(Gen.ints(1, 5));
    List<WorkspaceUnit> units = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = "u" + i;
      List<String> deps = i == 0 ? List.of()
          : d.draw(Gen.uniqueLists(Gen.ints(0, i - 1), x -> x, 0, 2)).stream().map(x -> "u" + x).toList();
      List<SourceFile> files = new ArrayList<>();
      int count = d.draw(Gen.ints(1, 2));
      for (int f = 0; f < count; f++) {
        files.add(new SourceFile(name + "/src/f" + f + ".rs", d.draw(INTERFACES), d.draw(BODIES)));
      }
      List<Module> modules = d.draw(Gen.booleans())
          ? List.of(new Module("m", List.of(new SourceFile(name + "/src/m.rs", d.draw(INTERFACES), d.draw(BODIES)))))
          : List.of();
      units.add(WorkspaceUnit.library(name, deps, files, modules));
    }
    Map<String, String> config = new TreeMap<>();
    for (String c : CONFIG.keySet()) {
      config.put(c, d.draw(Gen.choose("0", "1", "2")));
    }
    Map<Facet, List<String>> facetConfig = new HashMap<>();
    CONFIG.forEach((name, facets) -> facets.forEach(f -> facetConfig.computeIfAbsent(f, k -> new ArrayList<>()).add(name)));
    return new Workspace(new Toolchain("rustc", d.draw(Gen.choose("1.95.0", "1.96.0-beta.1"))), config, facetConfig, units);
  };

  private static final Gen<Op> OPS = Gen.frequency(
      Map.entry(5, Gen.zip(Gen.choose(ACTIVITIES), Gen.frequency(Map.entry(2, Gen.constant(-1)), Map.entry(1, Gen.ints(0, 9))), Run::new)),
      Map.entry(2, Gen.zip(Gen.ints(0, 9), Gen.ints(0, 1), EditBody::new)),
      Map.entry(2, Gen.zip(Gen.ints(0, 9), Gen.ints(0, 1), EditInterface::new)),
      Map.entry(1, Gen.zip(Gen.choose(List.copyOf(new TreeSet<>(CONFIG.keySet()))), Gen.choose("0", "1", "2"), EditConfig::new)),
      Map.entry(1, Gen.choose("1.95.0", "1.96.0-beta.1", "1.94.1").map(EditToolchain::new)));

  static final Gen<Scenario> SCENARIOS = d -> {
    Workspace ws = d.draw(WORKSPACES);
    List<Op> ops = new ArrayList<>();
    ops.add(new Run(d.draw(Gen.choose(ACTIVITIES)), -1));
    ops.addAll(d.draw(Gen.lists(OPS, 1, 5)));
    return new Scenario(ws, ops);
  };

  private static final Gen<Workspace> CHECKED = WORKSPACES;

  static Workspace apply(Workspace ws, Op op) {
    List<WorkspaceUnit> units = ws.units();
    int edit = Math.abs(op.hashCode() % 1000);
    if (op instanceof EditBody e) {
      WorkspaceUnit u = units.get(e.unit() % units.size());
      SourceFile f = u.sources().get(e.file() % u.sources().size());
      return ws.withSource(u.name(), "", f.withBody(f.body() + " // edit " + edit));
    }
    if (op instanceof EditInterface e) {
      WorkspaceUnit u = units.get(e.unit() % units.size());
      SourceFile f = u.sources().get(e.file() % u.sources().size());
      return ws.withSource(u.name(), "", f.withInterface(f.interfacePart() + " pub fn g" + edit + "();"));
    }
    if (op instanceof EditConfig e) {
      return ws.withConfig(e.name(), e.value());
    }
    if (op instanceof EditToolchain e) {
      return ws.withToolchain(new Toolchain("rustc", e.version()));
    }
    return ws;
  }

  static Selection selection(Workspace ws, Run r) {
    return r.pkg() < 0 ? Selection.all() : Selection.packages(ws.units().get(r.pkg() % ws.units().size()).name());
  }

  static ActivityOutcome run(Testee testee, Path store, Workspace ws, String activity, Selection selection) throws TesteeException {
    ActivityCall call = ActivityCall.of(store, ws, activity, selection);
    return testee.runActivity(call, WorkspaceCompiler.forCall(call));
  }

  static List<Check> all() {
    return List.of(
        new PropertyCheck<>(
            required("REQ-ACT-001.DecisionsMatchReference",
                "Over edit scripts, the testee reuses and recomputes exactly the nodes the reference does, with its keys",
                "REQ-ACT-001", "REQ-ACT-006", "REQ-ACT-008", "REQ-ACT-010", "REQ-ACT-012", "REQ-STORE-030", "REQ-KEY-007",
                "REQ-ACT-004", "REQ-ACT-007", "REQ-HARNESS-008", "REQ-ACT-015", "REQ-HARNESS-016"),
            RUN, SCENARIOS, 20, 60, String::valueOf, ActivityChecks::decisions),
        new PropertyCheck<>(
            required("REQ-ACT-004.ReadsAreExactlyTheRule",
                "Each emitted record reads exactly the nodes its facet rule names",
                "REQ-ACT-004", "REQ-ACT-014"),
            RUN, activityRuns(), 15, 60, String::valueOf, (ctx, c) -> records(ctx, c, Aspect.READS)),
        new PropertyCheck<>(
            required("REQ-KEY-007.ReadsCarryOutputFingerprints",
                "Each read carries the output fingerprint of the record read, taken before the reader",
                "REQ-KEY-007", "REQ-ACT-005", "REQ-ACT-003"),
            RUN, activityRuns(), 15, 60, String::valueOf, (ctx, c) -> records(ctx, c, Aspect.FINGERPRINTS)),
        new PropertyCheck<>(
            required("REQ-ACT-007.ConfigIsExactlyTheFacetsEntries",
                "Each record's config holds exactly the entries its facet depends on",
                "REQ-ACT-007", "REQ-KEY-009", "REQ-MODEL-009", "REQ-ACT-012"),
            RUN, activityRuns(), 15, 60, String::valueOf, (ctx, c) -> records(ctx, c, Aspect.CONFIG)),
        new PropertyCheck<>(
            required("REQ-ACT-002.MissesEmitRecordsNamingTheActivity",
                "Every recomputed node is emitted with a producer naming the activity; every reused node is stored",
                "REQ-ACT-002", "REQ-ACT-009", "REQ-STORE-013"),
            RUN, activityRuns(), 15, 60, String::valueOf, (ctx, c) -> records(ctx, c, Aspect.PRODUCERS)),
        new ExampleCheck(
            required("REQ-ACT-005.CommentEditRecomputesOnlyTheRoot",
                "After a comment-only edit at the root of the sample workspace, check recomputes only the root's nodes",
                "REQ-ACT-005", "REQ-KEY-007", "REQ-ACT-001"),
            RUN, ActivityChecks::earlyCutoff),
        new ExampleCheck(
            required("REQ-ACT-008.CheckBuildCheckHitsEverything",
                "check; build -p parser; check: the second check reuses every node",
                "REQ-ACT-008", "REQ-STORE-015", "REQ-ACT-001", "REQ-ACT-015"),
            RUN, ActivityChecks::checkBuildCheck),
        new PropertyCheck<>(
            required("REQ-ACT-008.KeysIndependentOfListingOrder",
                "Keys depend on the workspace, not on the order its units and files are listed in",
                "REQ-ACT-008", "REQ-KEY-005", "REQ-KEY-006"),
            RUN, CHECKED, 15, 60, String::valueOf, ActivityChecks::listingOrder),
        new ExampleCheck(
            required("REQ-ACT-013.RefusesRedefinedAndUndottedFacets",
                "A catalog that redefines a core facet, or defines a facet without a dot, is rejected before any Compile",
                "REQ-ACT-013", "REQ-MODEL-007"),
            RUN, ActivityChecks::refusedCatalogs),
        new PropertyCheck<>(
            required("REQ-STORE-006.StoreVerifiesAfterActivities",
                "After activities the store verifies and every journal is a whole session",
                "REQ-STORE-006", "REQ-STORE-016", "REQ-JOURNAL-001", "REQ-JOURNAL-003", "REQ-ACT-009", "REQ-STORE-001",
                "REQ-JOURNAL-005", "REQ-JOURNAL-006"),
            RUN, SCENARIOS, 10, 40, String::valueOf, ActivityChecks::verifiesAfter));
  }

  // ---- differential against the reference

  static void decisions(CheckContext ctx, Scenario s) throws Exception {
    Path store = ctx.newStore();
    Path refStore = ctx.newStore();
    Testee reference = new InProcessTestee();
    Workspace ws = s.ws();
    int step = 0;
    for (Op op : s.ops()) {
      step++;
      if (!(op instanceof Run r)) {
        ws = apply(ws, op);
        continue;
      }
      Selection sel = selection(ws, r);
      ActivityOutcome expected = run(reference, refStore, ws, r.activity(), sel);
      ActivityCall call = ActivityCall.of(store, ws, r.activity(), sel);
      WorkspaceCompiler compiler = WorkspaceCompiler.forCall(call);
      List<SubjectFacet> compiled = new ArrayList<>();
      ActivityOutcome actual = ctx.testee().runActivity(call, (subject, facet, km) -> {
        compiled.add(new SubjectFacet(subject, facet));
        return compiler.compile(subject, facet, km);
      });
      String where = "op " + step + " (" + r.activity() + (sel.isAll() ? "" : " -p " + sel) + ")";
      compare(expected, actual, where);
      Expect.equal(actual.recomputed(), new TreeSet<>(compiled), where + ": the nodes compiled (exactly the recomputed ones)");
      Expect.equal(compiled.size(), new TreeSet<>(compiled).size(), where + ": Compile calls (a node compiled twice?)");
    }
  }

  private static void compare(ActivityOutcome expected, ActivityOutcome actual, String where) {
    Map<SubjectFacet, ActivityStep> exp = byNode(expected);
    Map<SubjectFacet, ActivityStep> act = byNode(actual);
    Expect.equal(actual.steps().size(), act.size(), where + ": steps reported (a node twice?)");
    for (Map.Entry<SubjectFacet, ActivityStep> e : exp.entrySet()) {
      ActivityStep a = act.get(e.getKey());
      Expect.that(a != null, where + ": the testee did not take node " + e.getKey());
      ActivityStep x = e.getValue();
      Expect.that(x.decision() == a.decision(), where + ": node " + e.getKey() + " was " + a.decision()
          + " but the reference " + x.decision() + " it");
      Expect.equal(x.inputKey(), a.inputKey(), where + ": the input key of " + e.getKey());
      Expect.equal(x.outputFingerprint(), a.outputFingerprint(), where + ": the output fingerprint of " + e.getKey());
    }
    for (SubjectFacet n : act.keySet()) {
      Expect.that(exp.containsKey(n), where + ": the testee took node " + n + ", which the activity does not need");
    }
  }

  private static Map<SubjectFacet, ActivityStep> byNode(ActivityOutcome o) {
    Map<SubjectFacet, ActivityStep> m = new LinkedHashMap<>();
    o.steps().forEach(s -> m.put(s.node(), s));
    return m;
  }

  // ---- what the records say

  enum Aspect { READS, FINGERPRINTS, CONFIG, PRODUCERS }

  record ActivityRun(Workspace ws, String activity, Selection selection) {
    @Override
    public String toString() {
      return activity + (selection.isAll() ? "" : " -p " + selection) + " over " + new Scenario(ws, List.of());
    }
  }

  private static Gen<ActivityRun> activityRuns() {
    return d -> {
      Workspace ws = d.draw(WORKSPACES);
      Run r = new Run(d.draw(Gen.choose(ACTIVITIES)), d.draw(Gen.frequency(Map.entry(2, Gen.constant(-1)), Map.entry(1, Gen.ints(0, 9)))));
      return new ActivityRun(ws, r.activity(), selection(ws, r));
    };
  }

  static void records(CheckContext ctx, ActivityRun c, Aspect aspect) throws Exception {
    Path store = ctx.newStore();
    ActivityOutcome outcome = run(ctx.testee(), store, c.ws(), c.activity(), c.selection());
    ActivityRunner reference = ActivityRunner.reference();
    Map<SubjectFacet, ActivityRunner.Evaluation> expected =
        reference.evaluate(c.ws(), reference.catalog().activity(c.activity()), c.selection());
    Map<SubjectFacet, Integer> position = new HashMap<>();
    Map<SubjectFacet, Digest> fingerprints = new HashMap<>();
    for (int i = 0; i < outcome.steps().size(); i++) {
      position.put(outcome.steps().get(i).node(), i);
      fingerprints.put(outcome.steps().get(i).node(), outcome.steps().get(i).outputFingerprint());
    }
    for (int i = 0; i < outcome.steps().size(); i++) {
      ActivityStep step = outcome.steps().get(i);
      Path file = StoreFiles.record(store, step.node().facet(), step.inputKey());
      Expect.that(Files.isRegularFile(file), "no record in the store for " + step.node() + " (" + step.decision()
          + ", key " + step.inputKey() + ")");
      Record record = CapnpCodec.decodeRecord(Files.readAllBytes(file));
      KeyMaterial km = record.keyMaterial();
      ActivityRunner.Evaluation ref = expected.get(step.node());
      Expect.that(ref != null, "the testee took node " + step.node() + ", which " + c.activity() + " does not need");
      String node = "node " + step.node();
      switch (aspect) {
        case READS -> Expect.equal(readNodes(ref.material()), readNodes(km), node + ": the (subject, facet) pairs read");
        case FINGERPRINTS -> {
          for (Read read : km.reads()) {
            SubjectFacet target = new SubjectFacet(read.subject(), read.facet());
            Integer at = position.get(target);
            Expect.that(at != null && at < i, node + " reads " + target + ", which the testee did not take before it");
            Expect.equal(fingerprints.get(target), read.outputFingerprint(),
                node + ": the digest it read for " + target + " (the output fingerprint of that record)");
          }
        }
        case CONFIG -> Expect.equal(c.ws().configFor(step.node().facet()), km.config(), node + ": the config entries");
        case PRODUCERS -> {
          if (step.decision() == ActivityStep.Decision.RECOMPUTED) {
            Expect.equal(c.activity(), record.producer().activity(), node + ": the producer's activity of the emitted record");
          }
          Expect.equal(step.outputFingerprint(), record.outputFingerprint(), node + ": the reported fingerprint");
        }
      }
    }
  }

  private static List<String> readNodes(KeyMaterial km) {
    return km.reads().stream().map(r -> r.facet() + " of " + r.subject()).toList();
  }

  // ---- the seed's scenarios

  private static Set<SubjectFacet> nodes(List<Subject> subjects, List<Facet> facets) {
    Set<SubjectFacet> set = new TreeSet<>();
    for (Subject s : subjects) {
      for (Facet f : facets) {
        set.add(new SubjectFacet(s, f));
      }
    }
    return set;
  }

  static void earlyCutoff(CheckContext ctx) throws Exception {
    Path store = ctx.newStore();
    Workspace ws = SampleWorkspace.load();
    ActivityOutcome first = run(ctx.testee(), store, ws, "check", Selection.all());
    Workspace edited = SampleWorkspace.commentEdit(ws);
    ActivityOutcome second = run(ctx.testee(), store, edited, "check", Selection.all());
    Set<SubjectFacet> root = nodes(List.of(ws.unit(SampleWorkspace.ROOT).wholeUnit()), CHECK);
    Expect.equal(root, second.recomputed(), "the nodes recomputed after a comment-only edit at the root");
    Set<SubjectFacet> rest = new TreeSet<>(first.reused());
    rest.addAll(first.recomputed());
    rest.removeAll(root);
    Expect.equal(rest, second.reused(), "the nodes reused after a comment-only edit at the root");
  }

  static void checkBuildCheck(CheckContext ctx) throws Exception {
    Path store = ctx.newStore();
    Workspace ws = SampleWorkspace.load();
    ActivityOutcome first = run(ctx.testee(), store, ws, "check", Selection.all());
    run(ctx.testee(), store, ws, "build", Selection.packages(SampleWorkspace.DEP));
    ActivityOutcome again = run(ctx.testee(), store, ws, "check", Selection.all());
    Set<SubjectFacet> all = new TreeSet<>(first.recomputed());
    all.addAll(first.reused());
    Expect.equal(Set.of(), again.recomputed(), "the nodes the second check recomputed");
    Expect.equal(all, again.reused(), "the nodes the second check reused");
  }

  static void listingOrder(CheckContext ctx, Workspace ws) throws Exception {
    List<WorkspaceUnit> reversed = new ArrayList<>();
    for (WorkspaceUnit u : ws.units()) {
      List<SourceFile> files = new ArrayList<>(u.sources());
      java.util.Collections.reverse(files);
      reversed.add(0, new WorkspaceUnit(u.name(), u.unit(), u.deps(), files, u.modules()));
    }
    Workspace other = new Workspace(ws.toolchain(), ws.config(), ws.facetConfig(), reversed);
    Map<SubjectFacet, Digest> a = keys(run(ctx.testee(), ctx.newStore(), ws, "check", Selection.all()));
    Map<SubjectFacet, Digest> b = keys(run(ctx.testee(), ctx.newStore(), other, "check", Selection.all()));
    Expect.equal(a, b, "the keys of check over the same workspace listed in another order");
  }

  private static Map<SubjectFacet, Digest> keys(ActivityOutcome o) {
    Map<SubjectFacet, Digest> m = new TreeMap<>();
    o.steps().forEach(s -> m.put(s.node(), s.inputKey()));
    return m;
  }

  static void refusedCatalogs(CheckContext ctx) throws Exception {
    Workspace ws = SampleWorkspace.load();
    Map<String, String> catalogs = Map.of(
        "a catalog redefining analysis",
        "{\"facets\": {\"analysis\": {\"sources\": true, \"reads\": []}},"
            + " \"activities\": {\"reanalyse\": {\"requests\": [], \"emits\": [\"analysis\"]}}}",
        "a catalog defining the facet audit, which has no dot",
        "{\"facets\": {\"audit\": {\"reads\": [{\"facet\": \"analysis\", \"of\": \"self\"}]}},"
            + " \"activities\": {\"audit\": {\"requests\": [\"analysis\"], \"emits\": [\"audit\"]}}}");
    for (Map.Entry<String, String> c : catalogs.entrySet()) {
      Path store = ctx.newStore();
      String activity = c.getValue().contains("reanalyse") ? "reanalyse" : "audit";
      ActivityCall call = new ActivityCall(store, ws, activity, Selection.all(), java.util.Optional.of(c.getValue()));
      List<SubjectFacet> compiled = new ArrayList<>();
      Expect.rejected(() -> ctx.testee().runActivity(call, (s, f, km) -> {
        compiled.add(new SubjectFacet(s, f));
        throw new IllegalArgumentException("nothing may be compiled under " + c.getKey());
      }), c.getKey());
      // Passing on the runner's refusal of a Compile is a REJECTED too: the catalog must be
      // refused before any Compile (the harness chapter, run-activity).
      Expect.that(compiled.isEmpty(), "the testee sent Compile for " + compiled + " under " + c.getKey()
          + ": a catalog that breaks REQ-ACT-013 must be refused before any Compile");
      Path records = store.resolve("records");
      if (Files.isDirectory(records)) {
        try (Stream<Path> walk = Files.walk(records)) {
          Expect.that(walk.noneMatch(Files::isRegularFile), "records were emitted under " + c.getKey());
        }
      }
    }
  }

  static void verifiesAfter(CheckContext ctx, Scenario s) throws Exception {
    Path store = ctx.newStore();
    Workspace ws = s.ws();
    for (Op op : s.ops()) {
      if (op instanceof Run r) {
        run(ctx.testee(), store, ws, r.activity(), selection(ws, r));
      } else {
        ws = apply(ws, op);
      }
    }
    StoreVerification.requireVerifies(store, "the activities " + s.ops());
    requireWholeSessions(store);
  }

  /** Every journal of {@code store} is named as a session and holds a whole one, start to end. */
  static void requireWholeSessions(Path store) throws Exception {
    Path journal = store.resolve("journal");
    if (!Files.isDirectory(journal)) {
      return;
    }
    try (Stream<Path> files = Files.list(journal)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        Expect.that(name.matches("s-[0-9]{13}-[0-9a-f]{16}\\.avro"), "journal/" + name + " is not named s-<13 digits>-<16 hex>.avro");
        List<JournalEvent> events = JournalFiles.read(f);
        Expect.that(!events.isEmpty() && events.get(0).event() instanceof SessionStarted,
            "journal/" + name + " does not start with SessionStarted");
        Expect.that(events.get(events.size() - 1).event() instanceof SessionEnded,
            "journal/" + name + " does not end with SessionEnded: a published journal is a whole session");
      }
    }
  }
}
