package dev.ibridge.conformance.harness;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Subject;
import dev.ibridge.store.EmitResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An implementation under test, seen from the conformance runner: one method per operation of the
 * harness protocol (spec/harness.adoc). {@link InProcessTestee} is the Java reference itself;
 * {@link SubprocessTestee} speaks the protocol to a testee process in any language.
 *
 * <p>Every method either returns the testee's answer or throws a {@link TesteeException} whose
 * {@link TesteeException#failure() failure} says what went wrong: the input was rejected, the
 * operation is unsupported, the testee failed, hung, or broke the protocol. A testee is used by
 * one thread at a time; {@link #close} ends it.
 */
public interface Testee extends AutoCloseable {

  /** Who the testee is and what it implements. */
  TesteeInfo hello() throws TesteeException;

  /** The input key of {@code keyMaterial}, with the canonical bytes when the testee shows them. */
  KeyDerivation deriveKey(KeyMaterial keyMaterial) throws TesteeException;

  /** The output fingerprint of {@code outputs} (given in any order). */
  Fingerprint outputFingerprint(List<Output> outputs) throws TesteeException;

  /** Requests the record of ({@code subject}, {@code facet}) for {@code keyMaterial} from the store at {@code store}. */
  RequestResult request(Path store, Subject subject, Facet facet, KeyMaterial keyMaterial)
      throws TesteeException;

  /**
   * Emits {@code record} (a Cap'n Proto encoded record, possibly malformed on purpose) with the
   * blob contents in {@code blobs} into the store at {@code store}. Malformed input must end in a
   * {@link TesteeFailure#REJECTED} failure.
   */
  EmitResult emit(Path store, Bytes record, List<BlobContent> blobs) throws TesteeException;

  /**
   * Runs an activity over a workspace against a store. The testee asks {@code compiler} for the
   * outputs of each (subject, facet) it recomputes, and reports what it reused and recomputed.
   */
  ActivityOutcome runActivity(ActivityCall call, CompileHandler compiler) throws TesteeException;

  /** The record (Cap'n Proto encoded) stored under {@code inputKey}, if any. */
  Optional<Bytes> readRecord(Path store, Digest inputKey) throws TesteeException;

  /** The heads of the store, of one facet or of all, sorted by facet then subject. */
  List<Head> heads(Path store, Optional<Facet> facet) throws TesteeException;

  /** The content of the blob {@code digest}, checked against it, if the store holds it. */
  Optional<Bytes> readBlob(Path store, Digest digest) throws TesteeException;

  /**
   * A new testee, in a process of its own, started like this one but with {@code environment}
   * added to its environment (the remote checks configure a remote tier so); empty when this
   * testee cannot be given one. The reference in the runner's own process gives a second
   * reference there, configured by {@code environment} as if it were its process's.
   */
  default Optional<Testee> withEnvironment(Map<String, String> environment) {
    return Optional.empty();
  }

  /** What the testee wrote to standard error so far, where the runner sees it; else empty. */
  default String stderrSoFar() {
    return "";
  }

  /** The framing the testee speaks. */
  default HarnessFraming framing() {
    return HarnessFraming.BINARY;
  }

  /**
   * The testee's byte streams, for checks of the framing. A testee in the runner's process is
   * served by a {@link TesteeServer} (or the server of a {@link ServesFrames} testee) on its own
   * thread, so raw bytes meet the same frame reader as in a subprocess.
   */
  default RawChannel raw() throws TesteeException {
    return ServedChannel.open(this, framing());
  }

  /** Ends the testee; for a process, sends Shutdown and makes sure the process is gone. */
  @Override
  void close();
}
