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
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import dev.ibridge.store.EmitResult;
import dev.ibridge.store.Lookup;
import dev.ibridge.store.RecordSummary;
import dev.ibridge.store.Store;
import dev.ibridge.store.remote.RemoteClient;
import dev.ibridge.store.remote.RemoteConfig;
import dev.ibridge.store.remote.RemoteTier;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The bundled Java reference as a testee: key derivation from {@link Keys}, the store from
 * {@link Store}, activities from {@link ActivityRunner} with the runner's {@link CompileHandler}
 * as its compiler. Each store operation opens the store, does its work and closes it again, as a
 * separate tool run would. Input that breaks a protocol rule (a malformed record, a blob that does
 * not match its digest, a record whose key does not recompute) is {@link TesteeFailure#REJECTED}.
 *
 * <p>Configured by the {@code IBRIDGE_REMOTE*} variables ({@link #configured}, {@link
 * #withEnvironment}), it has the remote tier of spec chapter "Remote stores", {@link RemoteTier}:
 * a local miss asks the remote and lands what verifies before serving it, an emit is queued and
 * uploaded (read-write mode only) when the testee is closed, at the end of its run. Its one
 * warning line goes to the sink it was given and to {@link #stderrSoFar}.
 */
public final class InProcessTestee implements Testee {
  /** The name the reference gives in its hello reply. */
  public static final String NAME = "ibridge-java-reference";

  private final HarnessFraming framing;
  private final Optional<RemoteTier> remote;
  private final StringBuilder stderr = new StringBuilder();

  /** The reference, speaking binary frames on its {@link #raw} channel. */
  public InProcessTestee() {
    this(HarnessFraming.BINARY);
  }

  /** The reference, speaking {@code framing} on its {@link #raw} channel, as {@code TesteeMain [--jsonl]} does. */
  public InProcessTestee(HarnessFraming framing) {
    this(framing, Map.of(), line -> {});
  }

  private InProcessTestee(HarnessFraming framing, Map<String, String> environment, Consumer<String> echo) {
    this.framing = java.util.Objects.requireNonNull(framing, "framing");
    Consumer<String> warnings = line -> {
      stderr.append(line).append('\n');
      echo.accept(line);
    };
    Optional<RemoteConfig> config;
    try {
      config = RemoteConfig.fromEnvironment(environment);
    } catch (IllegalArgumentException e) {
      // A misconfigured remote is no remote: one warning, and the run goes on local-only.
      warnings.accept("ibridge: remote store: " + e.getMessage() + "; going on without a remote");
      config = Optional.empty();
    }
    this.remote = config.map(c -> new RemoteTier(new RemoteClient(c), warnings));
  }

  /**
   * The reference with the remote tier the {@code IBRIDGE_REMOTE*} variables of {@code
   * environment} configure (none when {@code IBRIDGE_REMOTE} is unset or empty), its warning line
   * also passed to {@code echo}: what {@code TesteeMain} serves, with its process's environment.
   */
  public static InProcessTestee configured(HarnessFraming framing, Map<String, String> environment, Consumer<String> echo) {
    return new InProcessTestee(framing, environment, echo);
  }

  /** The configuration of this reference's remote tier, if it has one (mutants of the tier reuse it). */
  public Optional<RemoteConfig> remoteConfig() {
    return remote.map(t -> t.client().config());
  }

  /**
   * A new reference in this process whose remote tier {@code environment} configures, as if its
   * {@code IBRIDGE_REMOTE*} variables were the environment of a testee process: the remote checks
   * run in process, without a JVM start for each testee they need.
   */
  @Override
  public Optional<Testee> withEnvironment(Map<String, String> environment) {
    return Optional.of(new InProcessTestee(framing, environment, line -> {}));
  }

  /** The warning line of the remote tier, if it printed one. */
  @Override
  public String stderrSoFar() {
    return stderr.toString();
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
    if (remote.isEmpty() && !holdsStore(store)) {
      return RequestResult.miss("there is no store at " + store + " (no STORE file)");
    }
    return withStore(store, s -> {
      Lookup lookup = remote.isPresent()
          ? remote.get().request(s, subject, facet, keyMaterial)
          : s.request(subject, facet, keyMaterial);
      if (lookup instanceof Lookup.Hit hit) {
        return RequestResult.hit(Bytes.wrap(CapnpCodec.encodeRecord(hit.record())));
      }
      return RequestResult.miss(((Lookup.Miss) lookup).reason());
    });
  }

  @Override
  public EmitResult emit(Path store, Bytes record, List<BlobContent> blobs) throws TesteeException {
    Record decoded;
    try {
      // Decoded first to reject a malformed record before the store is opened, and for the remote tier.
      decoded = CapnpCodec.decodeRecord(record.toByteArray());
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
    return withStore(store, s -> {
      EmitResult result = s.emitEncoded(record, contents);
      if (remote.isPresent() && result.outcome() != EmitOutcome.CONFLICT) {
        remote.get().emitted(s, decoded);
      }
      return result;
    });
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

  /** Ends the run: uploads what the remote tier queued (read-write mode), in one batch. */
  @Override
  public void close() {
    remote.ifPresent(RemoteTier::flush);
  }

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
