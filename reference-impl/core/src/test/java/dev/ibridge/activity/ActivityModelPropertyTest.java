package dev.ibridge.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.model.Digest;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Output;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.property.Gen;
import dev.ibridge.property.Property;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model-based property: random workspaces (up to 200 units, some with module subjects) and random
 * sequences of edits (source body, source interface, config, toolchain) and activities (check,
 * clippy, build, doc, whole workspace or {@code -p}) run through the reference runner against a
 * real store. An independent model (versions of inputs, no store, no key derivation) predicts every
 * hit and miss; every hit must equal a fresh computation; and every (subject, facet) keeps one key
 * while the workspace is unchanged, whichever activities emitted in between.
 */
class ActivityModelPropertyTest {
  private static final Facet ANALYSIS = Facet.ANALYSIS;
  private static final Facet METADATA = Facet.METADATA;
  private static final Facet DIAGNOSTICS = Facet.DIAGNOSTICS;
  private static final Facet CODEGEN = Facet.CODEGEN;
  private static final Facet DOC = Facet.DOC;
  private static final Facet LINTS = new Facet("org.rust-lang.clippy.lints");
  private static final List<String> ACTIVITIES = List.of("check", "clippy", "build", "doc");
  private static final List<String> MODULE_PATHS = List.of("a", "parse::lexer", "b::c::d");
  private static final List<String> TOOLCHAINS = List.of("1.95.0", "1.96.0-beta.1", "1.94.1");
  /** Config entries and the facets that depend on each; values are drawn from a small set, so edits can revert. */
  private static final Map<String, List<Facet>> CONFIG = Map.of(
      "features", List.of(ANALYSIS, METADATA, DOC),
      "profile.opt-level", List.of(CODEGEN),
      "clippy.conf", List.of(LINTS),
      "lints.unused", List.of(DIAGNOSTICS));
  private static final List<String> CONFIG_NAMES = List.copyOf(new TreeSet<>(CONFIG.keySet()));
  private static final List<String> CONFIG_VALUES = List.of("0", "1", "2");

  // ---- generated cases --------------------------------------------------------------------

  /** One unit of a generated workspace: indices of earlier units it depends on, modules, files per subject. */
  record UnitPlan(List<Integer> deps, List<String> modules, int files) {}

  sealed interface Op permits Run, EditBody, EditInterface, EditConfig, EditToolchain {}

  /** Runs an activity; {@code packages} empty means the whole workspace, otherwise unit indices (mod size). */
  record Run(String activity, List<Integer> packages) implements Op {}

  /** Edits the body of source file {@code file} (mod count) of subject {@code subject} (mod count). */
  record EditBody(int subject, int file) implements Op {}

  record EditInterface(int subject, int file) implements Op {}

  record EditConfig(String name, String value) implements Op {}

  record EditToolchain(String version) implements Op {}

  record Case(List<UnitPlan> units, List<Op> ops) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(units.size() + " units [");
      for (int i = 0; i < units.size(); i++) {
        UnitPlan u = units.get(i);
        sb.append(i == 0 ? "" : ", ").append("u").append(i).append(u.deps()).append(u.modules().isEmpty() ? "" : u.modules());
      }
      return sb.append("] ops ").append(ops).toString();
    }
  }

  private static Gen<UnitPlan> unit(int index) {
    Gen<List<Integer>> deps = index == 0 ? Gen.constant(List.of()) : Gen.uniqueLists(Gen.ints(0, index - 1), d -> d, 0, 3);
    Gen<List<String>> modules = Gen.frequency(
        Map.entry(3, Gen.constant(List.<String>of())),
        Map.entry(1, Gen.uniqueLists(Gen.choose(MODULE_PATHS), m -> m, 1, 2)));
    return d -> new UnitPlan(d.draw(deps), d.draw(modules), d.draw(Gen.ints(1, 2)));
  }

  private static final Gen<Integer> UNIT_COUNT = Gen.sized(size -> Gen.frequency(
      Map.entry(60, Gen.ints(1, 2 + size / 5)),
      Map.entry(1, Gen.ints(1, 200))));

  private static final Gen<List<UnitPlan>> UNITS = d -> {
    int n = d.draw(UNIT_COUNT);
    List<UnitPlan> units = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      units.add(d.draw(unit(i)));
    }
    return units;
  };

  private static final Gen<Op> OP = Gen.frequency(
      Map.entry(6, Gen.zip(Gen.choose(ACTIVITIES),
          Gen.frequency(Map.entry(2, Gen.constant(List.<Integer>of())), Map.entry(1, Gen.lists(Gen.ints(0, 199), 1, 2))),
          Run::new)),
      Map.entry(2, Gen.zip(Gen.ints(0, 999), Gen.ints(0, 1), EditBody::new)),
      Map.entry(2, Gen.zip(Gen.ints(0, 999), Gen.ints(0, 1), EditInterface::new)),
      Map.entry(1, Gen.zip(Gen.choose(CONFIG_NAMES), Gen.choose(CONFIG_VALUES), EditConfig::new)),
      Map.entry(1, Gen.choose(TOOLCHAINS).map(EditToolchain::new)));

  private static final Gen<Case> CASES = d -> new Case(d.draw(UNITS), d.draw(Gen.lists(OP, 1, 8)));

  @Test
  @Tag("REQ-ACT-001")
  @Tag("REQ-ACT-002")
  @Tag("REQ-ACT-003")
  @Tag("REQ-ACT-005")
  @Tag("REQ-ACT-007")
  @Tag("REQ-ACT-008")
  @Tag("REQ-ACT-010")
  @Tag("REQ-ACT-011")
  void runnerMatchesTheModelAndHitsAreNeverStale() {
    Property.forAll(CASES).tries(500).shrinkBudget(400).verify(ActivityModelPropertyTest::check);
  }

  // ---- the check ----------------------------------------------------------------------------

  private static void check(Case c) throws IOException {
    Path dir = Files.createTempDirectory(tempRoot(), "ibridge-activity-");
    try (Store store = Store.open(dir.resolve("store"))) {
      new Replay(c).run(store);
    } finally {
      deleteTree(dir);
    }
  }

  /** tmpfs when there is one: the property makes thousands of small synced writes. */
  private static Path tempRoot() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Plays one case on the real runner and on the model side by side. */
  private static final class Replay {
    private final ActivityRunner runner = ActivityRunner.reference();
    private final Case c;
    private final Model model;
    private Workspace ws;
    /** The key of every (subject, facet) seen since the last edit. */
    private final Map<SubjectFacet, Digest> epochKeys = new HashMap<>();

    Replay(Case c) {
      this.c = c;
      this.model = new Model(c.units());
      this.ws = model.workspace();
    }

    void run(Store store) throws IOException {
      int step = 0;
      for (Op op : c.ops()) {
        String where = "op " + step++ + " " + op;
        if (op instanceof Run r) {
          runAndCompare(store, r, where);
        } else {
          model.apply(op);
          ws = model.workspace();
          epochKeys.clear();
        }
      }
    }

    private void runAndCompare(Store store, Run r, String where) throws IOException {
      Selection selection = model.selection(r);
      Model.Prediction predicted = model.predict(r.activity(), selection);
      ActivityReport report = runner.run(store, ws, r.activity(), selection);

      assertThat(report.hits()).as(where + ": hits").isEqualTo(predicted.hits());
      assertThat(report.computed()).as(where + ": misses").isEqualTo(predicted.misses());

      Map<SubjectFacet, ActivityRunner.Evaluation> fresh =
          runner.evaluate(ws, runner.catalog().activity(r.activity()), selection);
      for (StepResult s : report.steps()) {
        ActivityRunner.Evaluation e = fresh.get(s.node());
        assertThat(s.inputKey()).as(where + ": key of " + s.node()).isEqualTo(e.inputKey());
        assertThat(s.record().keyMaterial()).as(where + ": material of " + s.node()).isEqualTo(e.material());
        assertThat(s.record().outputs()).as(where + ": outputs of " + s.node()).isEqualTo(e.outputs());
        assertThat(s.record().outputFingerprint()).as(where + ": fingerprint of " + s.node()).isEqualTo(e.outputFingerprint());
        if (s instanceof StepResult.Reused) {
          for (Output o : s.record().outputs()) {
            assertThat(store.readBlob(o.blob().digest()))
                .as(where + ": stored blob " + o.name() + " of hit " + s.node())
                .isEqualTo(e.blobs().get(o.blob().digest()));
          }
        } else {
          assertThat(((StepResult.Computed) s).emitOutcome()).as(where + ": emit of " + s.node()).isEqualTo(EmitOutcome.CREATED);
        }
        Digest earlier = epochKeys.putIfAbsent(s.node(), s.inputKey());
        if (earlier != null) {
          assertThat(s.inputKey())
              .as(where + ": key of " + s.node() + " changed with no edit, after other activities emitted")
              .isEqualTo(earlier);
        }
      }
    }
  }

  // ---- the model ----------------------------------------------------------------------------

  /**
   * The independent model. It knows the facet rules of the built-in activities by heart, tracks a
   * version for every part of every source file, and interns the state each (subject, facet) sees:
   * its input state (toolchain, config values it depends on, source versions, states of what it
   * reads) and its observable output state (metadata observes interfaces only; every other facet
   * observes all of its input). A node hits iff its input state was seen before.
   */
  private static final class Model {
    record Prediction(Set<SubjectFacet> hits, Set<SubjectFacet> misses) {}

    private record File(String path, int iface, int body) {}

    private final List<UnitPlan> plans;
    private final List<Unit> units = new ArrayList<>();
    private final Map<String, String> config = new LinkedHashMap<>();
    private String toolchain = TOOLCHAINS.get(0);
    private final Map<List<Object>, Integer> interned = new HashMap<>();
    private final Map<SubjectFacet, Set<Integer>> seen = new HashMap<>();

    /** A unit's subjects: module paths, then "" for the whole unit; each with its files. */
    private static final class Unit {
        final String name;
        final List<Integer> deps;
        final Map<String, List<File>> files = new LinkedHashMap<>();

        Unit(String name, List<Integer> deps) {
          this.name = name;
          this.deps = deps;
        }
    }

    Model(List<UnitPlan> plans) {
      this.plans = plans;
      for (int i = 0; i < plans.size(); i++) {
        UnitPlan p = plans.get(i);
        Unit u = new Unit("u" + i, p.deps());
        for (String m : new TreeSet<>(p.modules())) {
          u.files.put(m, files(u.name + "/src/" + m.replace("::", "/"), p.files()));
        }
        u.files.put("", files(u.name + "/src/lib", p.files()));
        units.add(u);
      }
      CONFIG_NAMES.forEach(n -> config.put(n, CONFIG_VALUES.get(0)));
    }

    private static List<File> files(String stem, int count) {
      List<File> files = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        files.add(new File(stem + (i == 0 ? ".rs" : "_" + i + ".rs"), 0, 0));
      }
      return files;
    }

    Workspace workspace() {
      List<WorkspaceUnit> wsUnits = new ArrayList<>();
      for (Unit u : units) {
        List<Module> modules = new ArrayList<>();
        u.files.forEach((m, fs) -> {
          if (!m.isEmpty()) {
            modules.add(new Module(m, sources(fs)));
          }
        });
        wsUnits.add(WorkspaceUnit.library(
            u.name, u.deps.stream().map(d -> units.get(d).name).toList(), sources(u.files.get("")), modules));
      }
      Map<Facet, List<String>> facetConfig = new HashMap<>();
      CONFIG.forEach((name, facets) -> facets.forEach(f -> facetConfig.computeIfAbsent(f, k -> new ArrayList<>()).add(name)));
      return new Workspace(new Toolchain("rustc", toolchain), config, facetConfig, wsUnits);
    }

    private static List<SourceFile> sources(List<File> files) {
      return files.stream()
          .map(f -> new SourceFile(f.path(), "pub fn f() /* " + f.path() + " interface v" + f.iface() + " */;",
              "{ /* " + f.path() + " body v" + f.body() + " */ }"))
          .toList();
    }

    Selection selection(Run r) {
      if (r.packages().isEmpty()) {
        return Selection.all();
      }
      return new Selection(new HashSet<>(r.packages().stream().map(i -> units.get(i % units.size()).name).toList()));
    }

    void apply(Op op) {
      if (op instanceof EditBody e) {
        editFile(e.subject(), e.file(), false);
      } else if (op instanceof EditInterface e) {
        editFile(e.subject(), e.file(), true);
      } else if (op instanceof EditConfig e) {
        config.put(e.name(), e.value());
      } else if (op instanceof EditToolchain e) {
        toolchain = e.version();
      } else {
        throw new IllegalArgumentException("not an edit: " + op);
      }
    }

    private void editFile(int subjectIndex, int fileIndex, boolean iface) {
      List<List<File>> all = new ArrayList<>();
      for (Unit u : units) {
        all.addAll(u.files.values());
      }
      List<File> files = all.get(subjectIndex % all.size());
      int i = fileIndex % files.size();
      File f = files.get(i);
      files.set(i, iface ? new File(f.path(), f.iface() + 1, f.body()) : new File(f.path(), f.iface(), f.body() + 1));
    }

    private static List<Facet> emits(String activity) {
      return switch (activity) {
        case "check" -> List.of(ANALYSIS, METADATA, DIAGNOSTICS);
        case "clippy" -> List.of(LINTS);
        case "build" -> List.of(CODEGEN);
        case "doc" -> List.of(DOC);
        default -> throw new IllegalArgumentException(activity);
      };
    }

    /** (unit index, module path, facet) of everything a node reads. */
    private List<Object[]> reads(int unit, String module, Facet f) {
      List<Object[]> reads = new ArrayList<>();
      if (f.equals(ANALYSIS) || f.equals(METADATA) || f.equals(DOC)) {
        for (int d : units.get(unit).deps) {
          reads.add(new Object[] {d, "", METADATA});
        }
      }
      if ((f.equals(ANALYSIS) || f.equals(METADATA)) && module.isEmpty()) {
        for (String m : units.get(unit).files.keySet()) {
          if (!m.isEmpty()) {
            reads.add(new Object[] {unit, m, METADATA});
          }
        }
      }
      if (f.equals(DIAGNOSTICS) || f.equals(CODEGEN) || f.equals(LINTS) || f.equals(DOC)) {
        reads.add(new Object[] {unit, module, ANALYSIS});
      }
      return reads;
    }

    Prediction predict(String activity, Selection selection) {
      Map<List<Object>, int[]> states = new HashMap<>();
      for (int u = 0; u < units.size(); u++) {
        if (selection.isAll() || selection.packages().contains(units.get(u).name)) {
          for (String m : units.get(u).files.keySet()) {
            for (Facet f : emits(activity)) {
              state(u, m, f, states);
            }
          }
        }
      }
      Set<SubjectFacet> hits = new TreeSet<>();
      Set<SubjectFacet> misses = new TreeSet<>();
      for (Map.Entry<List<Object>, int[]> e : states.entrySet()) {
        int u = (Integer) e.getKey().get(0);
        SubjectFacet node = new SubjectFacet(
            new Subject(WorkspaceUnitIds.unit(units.get(u).name), (String) e.getKey().get(1)), (Facet) e.getKey().get(2));
        boolean hit = !seen.computeIfAbsent(node, k -> new HashSet<>()).add(e.getValue()[0]);
        (hit ? hits : misses).add(node);
      }
      return new Prediction(hits, misses);
    }

    /** Returns {input state id, output state id} of a node, computing what it reads first. */
    private int[] state(int u, String module, Facet f, Map<List<Object>, int[]> states) {
      List<Object> node = List.of(u, module, f);
      int[] known = states.get(node);
      if (known != null) {
        return known;
      }
      List<Object> readStates = new ArrayList<>();
      for (Object[] r : reads(u, module, f)) {
        readStates.add(List.of(r[0], r[1], r[2], state((Integer) r[0], (String) r[1], (Facet) r[2], states)[1]));
      }
      List<Object> cfg = new ArrayList<>();
      CONFIG.forEach((name, facets) -> {
        if (facets.contains(f)) {
          cfg.add(name + "=" + config.get(name));
        }
      });
      cfg.sort(null);
      boolean sources = f.equals(ANALYSIS) || f.equals(METADATA);
      List<Object> full = new ArrayList<>();
      List<Object> ifaces = new ArrayList<>();
      if (sources) {
        for (File file : units.get(u).files.get(module)) {
          full.add(List.of(file.path(), file.iface(), file.body()));
          ifaces.add(List.of(file.path(), file.iface()));
        }
      }
      int input = intern(List.of("in", node, toolchain, cfg, full, readStates));
      int output = f.equals(METADATA)
          ? intern(List.of("out", node, toolchain, cfg, ifaces, readStates))
          : intern(List.of("out", input));
      int[] s = {input, output};
      states.put(node, s);
      return s;
    }

    private int intern(List<Object> state) {
      return interned.computeIfAbsent(state, k -> interned.size());
    }
  }

  /** The unit identity the runner's workspace gives a library named {@code name}. */
  private static final class WorkspaceUnitIds {
    static dev.ibridge.model.Unit unit(String name) {
      return WorkspaceUnit.library(name, List.of(), List.of(), List.of()).unit();
    }
  }
}
