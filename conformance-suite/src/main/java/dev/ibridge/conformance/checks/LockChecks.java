package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.recommended;
import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.activity.SampleWorkspace;
import dev.ibridge.activity.Selection;
import dev.ibridge.conformance.harness.ActivityCall;
import dev.ibridge.conformance.harness.CompileHandler;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.WorkspaceCompiler;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Checks of the store's {@code lock} file as other processes see it. The lock is a POSIX record
 * lock ({@code fcntl}, Java's {@code FileChannel.lock}); on Linux {@code flock} locks do not see
 * those, so the probe also asks util-linux's {@code flock(1)}, to tell a testee that holds only a
 * {@code flock} lock from one that holds none. A testee in the runner's own process
 * (the in-process reference) shares the runner's {@code fcntl} locks, which Java reports as an
 * overlap: that counts as held, and a store the runner has open counts as another holder.
 */
final class LockChecks {
  private static final Path FLOCK = Path.of("/usr/bin/flock");

  private LockChecks() {}

  static List<Check> all() {
    return List.of(
        new ExampleCheck(
            required("REQ-STORE-020.HoldsTheLockWhileInUse",
                "While an activity runs (seen from a Compile callback), the testee holds a shared lock on the store's lock file",
                "REQ-STORE-020"),
            Set.of(Operation.RUN_ACTIVITY), LockChecks::heldDuringActivity),
        new ExampleCheck(
            required("REQ-STORE-021.KeepsTmpWhileOthersHoldTheLock",
                "While another process holds the store's lock shared, the testee's requests and emits leave a file in tmp/ alone",
                "REQ-STORE-021", "REQ-STORE-020"),
            Set.of(Operation.EMIT, Operation.REQUEST), LockChecks::keepsTmp),
        new ExampleCheck(
            recommended("REQ-STORE-021.EmptiesTmpWhenAlone",
                "When no other process holds the store's lock, the testee empties tmp/ on opening the store",
                "REQ-STORE-021", "REQ-STORE-093"),
            Set.of(Operation.REQUEST), LockChecks::emptiesTmp));
  }

  static void heldDuringActivity(CheckContext ctx) throws Exception {
    Path store = ctx.newStore();
    ActivityCall call = ActivityCall.of(store, SampleWorkspace.load(), "check", Selection.all());
    CompileHandler compiler = WorkspaceCompiler.forCall(call);
    String[] seen = new String[1];
    ctx.testee().runActivity(call, (subject, facet, km) -> {
      if (seen[0] == null) {
        seen[0] = probe(store.resolve("lock"));
      }
      return compiler.compile(subject, facet, km);
    });
    Expect.that(seen[0] != null, "the activity sent no Compile call, so the lock could not be observed");
    Expect.that(seen[0].isEmpty(), "during the testee's RunActivity (at its first Compile call) " + seen[0]);
  }

  /** The runner makes the store, so that the testee first opens it while the runner holds the lock. */
  static void keepsTmp(CheckContext ctx) throws Exception {
    Emission e = Emission.EMISSIONS.samples(ctx.seed(), 1).get(0);
    Path store = ctx.newStore();
    Path planted;
    try (Store held = Store.open(store)) {
      planted = plant(store);
      ctx.testee().request(store, e.record().subject(), e.facet(), e.record().keyMaterial());
      ctx.testee().emit(store, e.encoded(), e.blobs());
      Expect.that(Files.exists(planted), "the testee deleted tmp/" + planted.getFileName()
          + " while another process held the store's lock shared: files in tmp/ may only go under the exclusive lock");
    }
  }

  /** The runner makes the store and lets go of it, so that the testee's request opens it alone. */
  static void emptiesTmp(CheckContext ctx) throws Exception {
    Emission e = Emission.EMISSIONS.samples(ctx.seed(), 1).get(0);
    Path store = ctx.newStore();
    Store.open(store).close();
    Path planted = plant(store);
    ctx.testee().request(store, e.record().subject(), e.facet(), e.record().keyMaterial());
    Expect.that(!Files.exists(planted), "tmp/" + planted.getFileName() + " (left by no live process) is still there after a "
        + "request from a testee that could have taken the lock exclusively");
  }

  private static Path plant(Path store) throws IOException {
    Path tmp = Files.createDirectories(store.resolve("tmp"));
    return Files.writeString(tmp.resolve("stale-staging-file"), "left behind by a crashed emitter");
  }

  /** Empty when some process holds a lock on {@code lock} that stops an exclusive lock; else what is wrong. */
  private static String probe(Path lock) {
    if (!Files.isRegularFile(lock)) {
      return "the store has no lock file " + lock.getFileName();
    }
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock exclusive;
      try {
        exclusive = ch.tryLock(0, Long.MAX_VALUE, false);
      } catch (OverlappingFileLockException e) {
        return "";
      }
      if (exclusive == null) {
        FileLock shared = ch.tryLock(0, Long.MAX_VALUE, true);
        if (shared == null) {
          return "the testee holds the lock exclusively (fcntl), which keeps every other tool out of the store";
        }
        shared.release();
        return "";
      }
      exclusive.release();
      if (Flock.held(lock, "-x")) {
        return "the testee holds only a flock(2) lock on the store's lock file, which fcntl-locking tools"
            + " (such as the reference's gc) do not see: the lock must be a POSIX record lock (fcntl)";
      }
      return "no process holds a lock on the store's lock file (neither fcntl nor flock): a gc could delete what the testee is using";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Probes of {@code flock(2)} locks through util-linux's {@code flock(1)}. */
  private static final class Flock {
    private Flock() {}

    /** Whether a {@code flock(2)} lock of the given kind ({@code -x} or {@code -s}) would have to wait. */
    static boolean held(Path lock, String kind) {
      try {
        Process p = new ProcessBuilder(tool(), "-n", kind, lock.toString(), "true").redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("flock(1) did not return within 5 s");
        }
        return p.exitValue() != 0;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    private static String tool() {
      return Optional.of(FLOCK).filter(Files::isExecutable).map(Path::toString)
          .orElseThrow(() -> new CheckFailure("this check needs util-linux's flock(1) at " + FLOCK
              + " to probe flock(2) locks; install util-linux"));
    }
  }
}
