package dev.ibridge.conformance.harness;

import dev.ibridge.activity.ActivityCatalog;
import dev.ibridge.activity.ActivityReport;
import dev.ibridge.activity.ActivityRunner;
import dev.ibridge.activity.StepResult;
import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Subject;
import dev.ibridge.store.EmitResult;
import dev.ibridge.store.Lookup;
import dev.ibridge.store.RecordSummary;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled Java reference as a testee: key derivation from {@link Keys}, the store from
 * {@link Store}, activities from {@link ActivityRunner} with the runner's {@link CompileHandler}
 * as its compiler. Each store operation opens the store, does its work and closes it again, as a
 * separate tool run would. Input that breaks a protocol rule (a malformed record, a blob that does
 * not match its digest, a record whose key does not recompute) is {@link TesteeFailure#REJECTED}.
 */
public final class InProcessTestee implements Testee {
  /** The name the reference gives in its hello reply. */
  public static final String NAME = "ibridge-java-reference";

  private final HarnessFraming framing;

  /** The reference, speaking binary frames on its {@link #raw} channel. */
  public InProcessTestee() {
    this(HarnessFraming.BINARY);
  }

  /** The reference, speaking {@code framing} on its {@link #raw} channel, as {@code TesteeMain [--jsonl]} does. */
  public InProcessTestee(HarnessFraming framing) {
    this.framing = java.util.Objects.requireNonNull(framing, "framing");
  }

  @Override
  public HarnessFraming framing() {
    return framing;
  }

  @Override
  public TesteeInfo hello() {
    return new TesteeInfo(
        HarnessVersion.CURRENT, NAME, ActivityRunner.TOOL_VERSION, EnumSet.allOf(Operation.class), List.of());
  }

  @Override
  public KeyDerivation deriveKey(KeyMaterial keyMaterial) {
    byte[] canonical = Keys.canonicalBytes(keyMaterial);
    return new KeyDerivation(Keys.inputKey(keyMaterial), Optional.of(Bytes.wrap(canonical)));
  }

  @Override
  public Fingerprint outputFingerprint(List<Output> outputs) throws TesteeException {
    try {
      byte[] canonical = Keys.canonicalBytes(Keys.manifest(outputs));
      return new Fingerprint(Keys.outputFingerprint(outputs), Optional.of(Bytes.wrap(canonical)));
    } catch (IllegalArgumentException e) {
      throw new TesteeException(TesteeFailure.REJECTED, e.getMessage(), e);
    }
  }

  @Override
  public RequestResult request(Path store, Subject subject, Facet facet, KeyMaterial keyMaterial)
      throws TesteeException {
    if (!holdsStore(store)) {
      return RequestResult.miss("there is no store at " + store + " (no STORE file)");
    }
    return withStore(store, s -> {
      Lookup lookup = s.request(subject, facet, keyMaterial);
      if (lookup instanceof Lookup.Hit hit) {
        return RequestResult.hit(Bytes.wrap(CapnpCodec.encodeRecord(hit.record())));
      }
      return RequestResult.miss(((Lookup.Miss) lookup).reason());
    });
  }

  @Override
  public EmitResult emit(Path store, Bytes record, List<BlobContent> blobs) throws TesteeException {
    try {
      // Decoded first only to reject a malformed record before the store is opened.
      CapnpCodec.decodeRecord(record.toByteArray());
    } catch (DecodeException e) {
      throw new TesteeException(TesteeFailure.REJECTED, "malformed record: " + e.getMessage(), e);
    }
    Map<Digest, Bytes> contents = new HashMap<>();
    for (BlobContent b : blobs) {
      Digest actual = Keys.blobDigest(b.content().toByteArray());
      if (!actual.equals(b.digest())) {
        throw new TesteeException(
            TesteeFailure.REJECTED, "blob content claimed as " + b.digest() + " hashes to " + actual);
      }
      contents.put(actual, b.content());
    }
    return withStore(store, s -> s.emitEncoded(record, contents));
  }

  @Override
  public ActivityOutcome runActivity(ActivityCall call, CompileHandler compiler) throws TesteeException {
    ActivityCatalog catalog;
    try {
      catalog = call.resolvedCatalog();
    } catch (IllegalArgumentException e) {
      throw new TesteeException(TesteeFailure.REJECTED, e.getMessage(), e);
    }
    ActivityRunner runner = new ActivityRunner(
        catalog, (rule, material, sources) -> compiler.compile(material.subject(), material.facet(), material));
    ActivityReport report = withStore(call.store(), s -> runner.run(s, call.workspace(), call.activity(), call.selection()));
    List<ActivityStep> steps = new ArrayList<>();
    for (StepResult step : report.steps()) {
      steps.add(new ActivityStep(
          step.node(),
          step instanceof StepResult.Reused ? ActivityStep.Decision.REUSED : ActivityStep.Decision.RECOMPUTED,
          step.inputKey(),
          step.record().outputFingerprint()));
    }
    return new ActivityOutcome(steps);
  }

  @Override
  public Optional<Bytes> readRecord(Path store, Digest inputKey) throws TesteeException {
    if (!holdsStore(store)) {
      return Optional.empty();
    }
    // Only an intact record is answered, whatever its blobs (REQ-HARNESS-018): list leaves out
    // the records that do not decode, sit at another path or do not recompute.
    return withStore(store, s -> {
      for (RecordSummary r : s.list(Optional.empty())) {
        if (r.inputKey().equals(inputKey)) {
          return s.record(inputKey).map(rec -> Bytes.wrap(CapnpCodec.encodeRecord(rec)));
        }
      }
      return Optional.<Bytes>empty();
    });
  }

  @Override
  public List<Head> heads(Path store, Optional<Facet> facet) throws TesteeException {
    if (!holdsStore(store)) {
      return List.of();
    }
    return withStore(store, s -> {
      List<Head> heads = new ArrayList<>();
      for (RecordSummary r : s.list(facet)) {
        if (r.head()) {
          heads.add(new Head(r.subject(), r.facet(), r.inputKey()));
        }
      }
      heads.sort(Head.ORDER);
      return heads;
    });
  }

  @Override
  public Optional<Bytes> readBlob(Path store, Digest digest) throws TesteeException {
    if (!holdsStore(store)) {
      return Optional.empty();
    }
    return withStore(store, s -> {
      try {
        return Optional.of(s.readBlob(digest));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public void close() {}

  /**
   * Whether {@code dir} has a {@code STORE} file. Requests and queries never create a store
   * (REQ-STORE-096): where there is none, they answer a miss or nothing.
   */
  private static boolean holdsStore(Path dir) {
    return java.nio.file.Files.exists(dir.resolve("STORE"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }

  private interface StoreWork<T> {
    T apply(Store store) throws IOException;
  }

  private static <T> T withStore(Path dir, StoreWork<T> work) throws TesteeException {
    try (Store store = Store.open(dir)) {
      return work.apply(store);
    } catch (IllegalArgumentException e) {
      throw new TesteeException(TesteeFailure.REJECTED, e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new TesteeException(TesteeFailure.RUNTIME_ERROR, String.valueOf(e.getMessage()), e);
    }
  }
}
