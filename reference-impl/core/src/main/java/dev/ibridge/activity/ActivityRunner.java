package dev.ibridge.activity;

import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import dev.ibridge.store.EmitResult;
import dev.ibridge.store.Lookup;
import dev.ibridge.store.Session;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reference emitter. It walks the (subject, facet) nodes an activity needs in dependency
 * order; for each it builds the key material, whose reads hold the output fingerprints of the
 * nodes read (never their input keys), requests the record, and on a miss computes the outputs
 * and emits a record. A hit is never recomputed.
 */
public final class ActivityRunner {
  /** The tool name written into the producer of every record this runner emits. */
  public static final String TOOL = "ibridge-reference-emitter";
  public static final String TOOL_VERSION = "0.1.0";

  private final ActivityCatalog catalog;
  private final Compiler compiler;

  public ActivityRunner(ActivityCatalog catalog, Compiler compiler) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.compiler = Objects.requireNonNull(compiler, "compiler");
  }

  /** A runner with the built-in activities and the reference compiler. */
  public static ActivityRunner reference() {
    return new ActivityRunner(ActivityCatalog.builtin(), new ReferenceCompiler());
  }

  public ActivityCatalog catalog() {
    return catalog;
  }

  /** Runs {@code activity} in a session of its own, as producer {@code (activity, TOOL, TOOL_VERSION)}. */
  public ActivityReport run(Store store, Workspace ws, String activity, Selection selection) throws IOException {
    ActivityDefinition definition = catalog.activity(activity);
    try (Session session = store.session(producer(definition))) {
      return run(session, ws, definition, selection);
    }
  }

  public ActivityReport run(Session session, Workspace ws, ActivityDefinition activity, Selection selection)
      throws IOException {
    Producer producer = producer(activity);
    Map<SubjectFacet, Digest> fingerprints = new HashMap<>();
    List<StepResult> steps = new ArrayList<>();
    Plan plan = plan(ws, activity, selection);
    for (SubjectFacet node : plan.order()) {
      KeyMaterial material = material(ws, plan, node, fingerprints);
      Lookup lookup = session.request(node.subject(), node.facet(), material);
      StepResult step;
      if (lookup instanceof Lookup.Hit hit) {
        step = new StepResult.Reused(node, hit.record());
      } else {
        Evaluation fresh = compute(plan, node, material);
        EmitResult emitted = session.emit(fresh.record(producer), fresh.blobs());
        step = new StepResult.Computed(
            node,
            fresh.record(producer),
            ((Lookup.Miss) lookup).reason(),
            emitted.outcome(),
            emitted.bytesWritten(),
            emitted.bytesDeduplicated());
      }
      fingerprints.put(node, step.record().outputFingerprint());
      steps.add(step);
    }
    return new ActivityReport(activity.name(), selection, steps);
  }

  /**
   * Computes every node {@code activity} needs from scratch, with no store: the key and outputs
   * an emitter must arrive at, whatever the store holds. Tests compare runs against this.
   */
  public Map<SubjectFacet, Evaluation> evaluate(Workspace ws, ActivityDefinition activity, Selection selection) {
    Plan plan = plan(ws, activity, selection);
    Map<SubjectFacet, Digest> fingerprints = new HashMap<>();
    Map<SubjectFacet, Evaluation> results = new LinkedHashMap<>();
    for (SubjectFacet node : plan.order()) {
      Evaluation e = compute(plan, node, material(ws, plan, node, fingerprints));
      fingerprints.put(node, e.outputFingerprint());
      results.put(node, e);
    }
    return results;
  }

  /** The nodes {@code activity} needs on {@code selection}, in the order the runner takes them. */
  public List<SubjectFacet> nodes(Workspace ws, ActivityDefinition activity, Selection selection) {
    return plan(ws, activity, selection).order();
  }

  private static Producer producer(ActivityDefinition activity) {
    return new Producer(activity.name(), TOOL, TOOL_VERSION);
  }

  private KeyMaterial material(Workspace ws, Plan plan, SubjectFacet node, Map<SubjectFacet, Digest> fingerprints) {
    FacetRule rule = catalog.rule(node.facet());
    List<Read> reads = new ArrayList<>();
    for (SubjectFacet read : plan.graph().reads(node)) {
      reads.add(new Read(read.subject(), read.facet(), fingerprints.get(read)));
    }
    List<DirectInput> inputs = new ArrayList<>();
    if (rule.sources()) {
      for (SourceFile f : plan.graph().sources(node.subject())) {
        inputs.add(f.fileInput());
      }
    }
    return KeyMaterial.canonical(
        node.subject(), node.facet(), ws.toolchain(), ws.configFor(node.facet()), inputs, reads);
  }

  private Evaluation compute(Plan plan, SubjectFacet node, KeyMaterial material) {
    FacetRule rule = catalog.rule(node.facet());
    List<SourceFile> sources = rule.sources() ? plan.graph().sources(node.subject()) : List.of();
    List<ComputedOutput> computed = compiler.compute(rule, material, sources);
    List<Output> outputs = new ArrayList<>();
    Map<Digest, Bytes> blobs = new LinkedHashMap<>();
    for (ComputedOutput c : computed) {
      Digest digest = Keys.blobDigest(c.content().toByteArray());
      blobs.put(digest, c.content());
      outputs.add(new Output(c.name(), new BlobRef(digest, c.content().size()), c.observable()));
    }
    List<Output> sorted = Record.sortOutputs(outputs);
    return new Evaluation(material, Keys.inputKey(material), sorted, Keys.outputFingerprint(sorted), blobs);
  }

  private Plan plan(Workspace ws, ActivityDefinition activity, Selection selection) {
    FacetGraph graph = new FacetGraph(ws, catalog);
    List<SubjectFacet> targets = new ArrayList<>();
    for (WorkspaceUnit u : graph.selected(selection)) {
      for (Subject s : u.subjects()) {
        for (var facet : activity.emits()) {
          targets.add(new SubjectFacet(s, facet));
        }
      }
    }
    return new Plan(graph, graph.closureInOrder(targets));
  }

  private record Plan(FacetGraph graph, List<SubjectFacet> order) {}

  /** One node computed from scratch: its key material, key, outputs, fingerprint and blobs. */
  public record Evaluation(
      KeyMaterial material, Digest inputKey, List<Output> outputs, Digest outputFingerprint, Map<Digest, Bytes> blobs) {
    public Evaluation {
      outputs = List.copyOf(outputs);
      blobs = Map.copyOf(blobs);
    }

    Record record(Producer producer) {
      return new Record(producer, inputKey, material, outputs, outputFingerprint);
    }
  }
}
