package dev.ibridge.conformance.mutants;

import dev.ibridge.activity.ActivityCatalog;
import dev.ibridge.activity.ActivityDefinition;
import dev.ibridge.activity.ActivityRunner;
import dev.ibridge.activity.ComputedOutput;
import dev.ibridge.activity.ReferenceCompiler;
import dev.ibridge.activity.SubjectFacet;
import dev.ibridge.conformance.harness.ActivityCall;
import dev.ibridge.conformance.harness.ActivityOutcome;
import dev.ibridge.conformance.harness.ActivityStep;
import dev.ibridge.conformance.harness.CompileHandler;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.conformance.harness.TesteeFailure;
import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.store.Lookup;
import dev.ibridge.store.Session;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An emitter with one deliberate flaw, for the activity mutants. It takes the plan (the nodes and
 * what each reads) from the reference runner, then builds key material, requests, compiles and
 * emits itself, breaking exactly one rule on the way.
 */
final class MutantEmitter {
  enum Flaw {
    /** Leaves the first read out of every node that reads something. */
    OMIT_READ,
    /** Puts the dependency's input key where its output fingerprint belongs. */
    INPUT_KEY_READS,
    /** Leaves every config entry out of the key material. */
    IGNORE_CONFIG,
    /** Never requests: recomputes and re-emits every node. */
    NEVER_REUSE
  }

  private MutantEmitter() {}

  static ActivityOutcome run(ActivityCall call, CompileHandler compiler, Flaw flaw) throws TesteeException {
    try {
      ActivityCatalog catalog = call.resolvedCatalog();
      ActivityRunner plan = new ActivityRunner(catalog, new ReferenceCompiler());
      ActivityDefinition activity = catalog.activity(call.activity());
      Map<SubjectFacet, ActivityRunner.Evaluation> nodes = plan.evaluate(call.workspace(), activity, call.selection());
      Producer producer = new Producer(activity.name(), "ibridge-mutant-emitter", "0");
      Map<SubjectFacet, Digest> keys = new HashMap<>();
      Map<SubjectFacet, Digest> fingerprints = new HashMap<>();
      List<ActivityStep> steps = new ArrayList<>();
      try (Store store = Store.open(call.store()); Session session = store.session(producer)) {
        for (Map.Entry<SubjectFacet, ActivityRunner.Evaluation> e : nodes.entrySet()) {
          SubjectFacet node = e.getKey();
          KeyMaterial base = e.getValue().material();
          List<Read> reads = new ArrayList<>();
          for (Read r : base.reads()) {
            SubjectFacet target = new SubjectFacet(r.subject(), r.facet());
            reads.add(new Read(r.subject(), r.facet(), flaw == Flaw.INPUT_KEY_READS ? keys.get(target) : fingerprints.get(target)));
          }
          if (flaw == Flaw.OMIT_READ && !reads.isEmpty()) {
            reads.remove(0);
          }
          List<ConfigEntry> config = flaw == Flaw.IGNORE_CONFIG ? List.of() : base.config();
          KeyMaterial material = KeyMaterial.canonical(
              node.subject(), node.facet(), base.toolchain(), config, base.inputs(), reads);
          Digest key = Keys.inputKey(material);
          Lookup lookup = flaw == Flaw.NEVER_REUSE ? new Lookup.Miss("never reuses") : session.request(node.subject(), node.facet(), material);
          Record record;
          ActivityStep.Decision decision;
          if (lookup instanceof Lookup.Hit hit) {
            record = hit.record();
            decision = ActivityStep.Decision.REUSED;
          } else {
            List<Output> outputs = new ArrayList<>();
            Map<Digest, Bytes> blobs = new LinkedHashMap<>();
            for (ComputedOutput c : compiler.compile(node.subject(), node.facet(), material)) {
              Digest digest = Keys.blobDigest(c.content().toByteArray());
              blobs.put(digest, c.content());
              outputs.add(new Output(c.name(), new BlobRef(digest, c.content().size()), c.observable()));
            }
            List<Output> sorted = Record.sortOutputs(outputs);
            record = new Record(producer, key, material, sorted, Keys.outputFingerprint(sorted));
            session.emit(record, blobs);
            decision = ActivityStep.Decision.RECOMPUTED;
          }
          keys.put(node, key);
          fingerprints.put(node, record.outputFingerprint());
          steps.add(new ActivityStep(node, decision, key, record.outputFingerprint()));
        }
      }
      return new ActivityOutcome(steps);
    } catch (IllegalArgumentException e) {
      throw new TesteeException(TesteeFailure.REJECTED, e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new TesteeException(TesteeFailure.RUNTIME_ERROR, String.valueOf(e.getMessage()), e);
    }
  }
}
