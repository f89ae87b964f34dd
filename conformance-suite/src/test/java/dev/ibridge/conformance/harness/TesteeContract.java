package dev.ibridge.conformance.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.activity.ActivityCatalog;
import dev.ibridge.activity.ActivityRunner;
import dev.ibridge.activity.SampleWorkspace;
import dev.ibridge.activity.Selection;
import dev.ibridge.activity.SubjectFacet;
import dev.ibridge.activity.Workspace;
import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.internal.gen.ModelGens;
import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Record;
import dev.ibridge.model.RequestOutcome;
import dev.ibridge.model.Subject;
import dev.ibridge.store.EmitResult;
import dev.ibridge.store.RecordSummary;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of the harness, run against the reference through one {@link Testee}: the
 * answers must equal what the Java reference computes directly. Subclasses supply the testee
 * (in process, or a subprocess in binary or JSON-lines mode); one testee serves all the tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TesteeContract {
  private static final long SEED = 0x1b_2d_6e_77L;

  private Testee testee;

  abstract Testee start();

  Testee testee() {
    if (testee == null) {
      testee = start();
    }
    return testee;
  }

  @AfterAll
  void stop() {
    if (testee != null) {
      testee.close();
    }
  }

  @Test
  @Tag("REQ-HARNESS-004")
  void helloNamesTheReferenceAndEveryOperation() throws TesteeException {
    TesteeInfo info = testee().hello();
    assertThat(info.name()).isEqualTo(InProcessTestee.NAME);
    assertThat(info.harnessVersion()).isEqualTo(HarnessVersion.CURRENT);
    assertThat(info.operations()).containsExactlyInAnyOrder(Operation.values());
  }

  @Test
  void deriveKeyAgreesWithTheReferenceOnGeneratedMaterial() throws TesteeException {
    for (KeyMaterial km : ModelGens.keyMaterials().samples(SEED, 20)) {
      KeyDerivation d = testee().deriveKey(km);
      assertThat(d.inputKey()).as("seed %d", SEED).isEqualTo(Keys.inputKey(km));
      assertThat(d.canonicalBytes()).contains(Bytes.wrap(Keys.canonicalBytes(km)));
    }
  }

  @Test
  void outputFingerprintAgreesWithTheReferenceOnGeneratedOutputs() throws TesteeException {
    for (List<Output> outputs : ModelGens.outputLists().samples(SEED, 8)) {
      Fingerprint f = testee().outputFingerprint(outputs);
      assertThat(f.outputFingerprint()).as("seed %d", SEED).isEqualTo(Keys.outputFingerprint(outputs));
      assertThat(f.canonicalBytes()).contains(Bytes.wrap(Keys.canonicalBytes(Keys.manifest(outputs))));
    }
  }

  @Test
  void emitThenRequestHitsAndAnEmptyStoreMisses(@TempDir Path store) throws TesteeException, IOException {
    Emission e = emission("first");
    RequestResult before = testee().request(store, e.record().subject(), e.record().facet(), e.record().keyMaterial());
    assertThat(before.outcome()).isEqualTo(RequestOutcome.MISS);
    assertThat(before.missReason()).isPresent();

    EmitResult created = testee().emit(store, e.bytes(), e.blobs());
    assertThat(created.outcome()).isEqualTo(EmitOutcome.CREATED);
    assertThat(created.bytesWritten()).isEqualTo(e.content().size());
    assertThat(testee().emit(store, e.bytes(), e.blobs()).outcome()).isEqualTo(EmitOutcome.ALREADY_PRESENT);

    RequestResult after = testee().request(store, e.record().subject(), e.record().facet(), e.record().keyMaterial());
    assertThat(after.isHit()).isTrue();
    assertThat(after.decodedRecord()).contains(e.record());
    try (Store reference = Store.open(store)) {
      assertThat(reference.record(e.record().inputKey())).contains(e.record());
    }
  }

  @Test
  @Tag("REQ-HARNESS-007")
  void malformedRecordsAndWrongBlobDigestsAreRejected(@TempDir Path store) throws TesteeException {
    Emission e = emission("second");
    byte[] truncated = e.bytes().toByteArray();
    Bytes cut = Bytes.wrap(java.util.Arrays.copyOf(truncated, truncated.length / 2));
    assertThatThrownBy(() -> testee().emit(store, cut, e.blobs()))
        .isInstanceOfSatisfying(TesteeException.class, x -> assertThat(x.failure()).isEqualTo(TesteeFailure.REJECTED));

    BlobContent lying = new BlobContent(Keys.blobDigest(new byte[] {1}), e.content());
    assertThatThrownBy(() -> testee().emit(store, e.bytes(), List.of(lying)))
        .isInstanceOfSatisfying(TesteeException.class, x -> assertThat(x.failure()).isEqualTo(TesteeFailure.REJECTED));

    // The testee goes on serving after rejecting input.
    assertThat(testee().emit(store, e.bytes(), e.blobs()).outcome()).isEqualTo(EmitOutcome.CREATED);
  }

  @Test
  @Tag("REQ-HARNESS-008")
  void runActivityComputesThroughTheRunnerThenReusesEverything(@TempDir Path store) throws TesteeException {
    Workspace ws = SampleWorkspace.load();
    ActivityCall call = ActivityCall.of(store, ws, "check", Selection.all());
    CountingCompiler compiler = new CountingCompiler(WorkspaceCompiler.forCall(call));

    ActivityOutcome first = testee().runActivity(call, compiler);
    Map<SubjectFacet, ActivityRunner.Evaluation> expected = ActivityRunner.reference()
        .evaluate(ws, ActivityCatalog.builtin().activity("check"), Selection.all());
    assertThat(first.recomputed()).isEqualTo(expected.keySet());
    assertThat(first.reused()).isEmpty();
    assertThat(compiler.calls.get()).isEqualTo(expected.size());
    for (ActivityStep step : first.steps()) {
      assertThat(step.inputKey()).isEqualTo(expected.get(step.node()).inputKey());
      assertThat(step.outputFingerprint()).isEqualTo(expected.get(step.node()).outputFingerprint());
    }

    ActivityOutcome second = testee().runActivity(call, compiler);
    assertThat(second.reused()).isEqualTo(expected.keySet());
    assertThat(second.recomputed()).isEmpty();
    assertThat(compiler.calls.get()).isEqualTo(expected.size());
  }

  @Test
  @Tag("REQ-HARNESS-008")
  void runActivityTakesAToolsOwnFacetsFromTheCallsCatalog(@TempDir Path store) throws TesteeException {
    String catalog = """
        {"facets": {"com.example.audit": {"reads": [{"facet": "analysis", "of": "self"}]}},
         "activities": {"audit": {"requests": ["analysis"], "emits": ["com.example.audit"]}}}
        """;
    Workspace ws = SampleWorkspace.load();
    ActivityCall call = new ActivityCall(store, ws, "audit", Selection.all(), Optional.of(catalog));
    ActivityOutcome outcome = testee().runActivity(call, WorkspaceCompiler.forCall(call));
    ActivityRunner runner = new ActivityRunner(call.resolvedCatalog(), new dev.ibridge.activity.ReferenceCompiler());
    Map<SubjectFacet, ActivityRunner.Evaluation> expected =
        runner.evaluate(ws, call.resolvedCatalog().activity("audit"), Selection.all());
    assertThat(outcome.recomputed()).isEqualTo(expected.keySet());
    assertThat(expected.keySet()).anyMatch(n -> n.facet().name().equals("com.example.audit"));
    for (ActivityStep step : outcome.steps()) {
      assertThat(step.inputKey()).isEqualTo(expected.get(step.node()).inputKey());
    }
  }

  @Test
  void aCompileTheRunnerRefusesFailsTheActivityAndTheTesteeGoesOn(@TempDir Path store) throws TesteeException {
    ActivityCall call = ActivityCall.of(store, SampleWorkspace.load(), "check", Selection.all());
    CompileHandler refusing = (subject, facet, km) -> {
      throw new IllegalArgumentException("no such subject here");
    };
    assertThatThrownBy(() -> testee().runActivity(call, refusing))
        .isInstanceOfSatisfying(TesteeException.class, x -> assertThat(x.getMessage()).contains("no such subject here"));
    assertThat(testee().hello().name()).isEqualTo(InProcessTestee.NAME);
  }

  @Test
  @Tag("REQ-HARNESS-014")
  void readStoreAnswersOverAStoreTheReferenceWrote(@TempDir Path store) throws TesteeException, IOException {
    Workspace ws = SampleWorkspace.load();
    List<RecordSummary> written;
    Bytes someBlob;
    Digest someBlobDigest;
    try (Store reference = Store.open(store)) {
      ActivityRunner.reference().run(reference, ws, "check", Selection.all());
      written = reference.list(Optional.empty());
      Record any = reference.record(written.get(0).inputKey()).orElseThrow();
      someBlobDigest = any.outputs().get(0).blob().digest();
      someBlob = reference.readBlob(someBlobDigest);
    }
    assertThat(written).isNotEmpty();
    for (RecordSummary r : written) {
      Optional<Bytes> read = testee().readRecord(store, r.inputKey());
      assertThat(read).isPresent();
      assertThat(CapnpCodec.decodeRecord(read.get().toByteArray()).inputKey()).isEqualTo(r.inputKey());
    }
    List<Head> expectedHeads = new ArrayList<>();
    for (RecordSummary r : written) {
      if (r.head()) {
        expectedHeads.add(new Head(r.subject(), r.facet(), r.inputKey()));
      }
    }
    expectedHeads.sort(Head.ORDER);
    assertThat(testee().heads(store, Optional.empty())).isEqualTo(expectedHeads);
    assertThat(testee().heads(store, Optional.of(Facet.METADATA)))
        .isEqualTo(expectedHeads.stream().filter(h -> h.facet().equals(Facet.METADATA)).toList())
        .isNotEmpty();
    assertThat(testee().readBlob(store, someBlobDigest)).contains(someBlob);

    Digest absent = Keys.blobDigest("not stored".getBytes(StandardCharsets.UTF_8));
    assertThat(testee().readRecord(store, absent)).isEmpty();
    assertThat(testee().readBlob(store, absent)).isEmpty();
  }

  @Test
  void anUnknownToolFacetIsAMissNotAFailure(@TempDir Path store) throws TesteeException {
    Emission e = emission("third");
    Facet unknown = new Facet("com.example.never-seen");
    KeyMaterial km = KeyMaterial.canonical(e.record().subject(), unknown, e.record().keyMaterial().toolchain(),
        List.of(), List.of(), List.of());
    assertThat(testee().request(store, e.record().subject(), unknown, km).outcome()).isEqualTo(RequestOutcome.MISS);
  }

  /** A record with one output, its encoding and its blob. */
  record Emission(Record record, Bytes bytes, Bytes content, List<BlobContent> blobs) {}

  static Emission emission(String text) {
    Subject subject = SampleWorkspace.load().units().get(0).wholeUnit();
    KeyMaterial km = KeyMaterial.canonical(subject, Facet.ANALYSIS,
        SampleWorkspace.load().toolchain(), List.of(), List.of(), List.of());
    Bytes content = Bytes.wrap(("analysis of " + text).getBytes(StandardCharsets.UTF_8));
    List<Output> outputs = List.of(new Output("analysis", new BlobRef(Keys.blobDigest(content.toByteArray()), content.size()), true));
    Record record = new Record(new Producer("check", "harness-test", "1"), Keys.inputKey(km), km, outputs,
        Keys.outputFingerprint(outputs));
    return new Emission(record, Bytes.wrap(CapnpCodec.encodeRecord(record)), content, List.of(BlobContent.of(content)));
  }

  /** Counts the Compile calls a testee makes. */
  static final class CountingCompiler implements CompileHandler {
    final AtomicInteger calls = new AtomicInteger();
    private final CompileHandler delegate;

    CountingCompiler(CompileHandler delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<dev.ibridge.activity.ComputedOutput> compile(Subject subject, Facet facet, KeyMaterial km) {
      calls.incrementAndGet();
      return delegate.compile(subject, facet, km);
    }
  }
}
