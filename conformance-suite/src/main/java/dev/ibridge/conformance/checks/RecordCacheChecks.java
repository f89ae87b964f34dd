package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.conformance.harness.StoreFiles;
import dev.ibridge.model.RequestOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Checks that a testee which remembers the records it served (as REQ-STORE-086 allows) forgets
 * them when their files change: one testee process answers every request of the check, so a stale
 * memory shows as a hit on a record file that is damaged or gone. A testee that remembers nothing
 * passes by reading the file each time.
 */
final class RecordCacheChecks {
  private RecordCacheChecks() {}

  static List<Check> all() {
    return List.of(new ExampleCheck(
        required("REQ-STORE-086.ForgetsChangedRecordFiles",
            "After a hit, a damaged, removed or restored record file is answered as if the testee had never read it",
            "REQ-STORE-086", "REQ-STORE-031"),
        Set.of(Operation.EMIT, Operation.REQUEST), RecordCacheChecks::forgets));
  }

  static void forgets(CheckContext ctx) throws Exception {
    Emission e = Emission.EMISSIONS.samples(ctx.seed(), 1).get(0);
    Path store = ctx.newStore();
    ctx.testee().emit(store, e.encoded(), e.blobs());
    Path file = StoreFiles.record(store, e.facet(), e.key());
    byte[] original = Files.readAllBytes(file);
    expect(ctx, store, e, RequestOutcome.HIT, "the first request after the emit");
    expect(ctx, store, e, RequestOutcome.HIT, "a repeated request");
    replace(file, Arrays.copyOf(original, original.length / 2));
    expect(ctx, store, e, RequestOutcome.MISS, "a request after the record file was replaced by its first half");
    replace(file, original);
    expect(ctx, store, e, RequestOutcome.HIT, "a request after the record file was restored");
    Files.delete(file);
    expect(ctx, store, e, RequestOutcome.MISS, "a request after the record file was removed");
  }

  private static void expect(CheckContext ctx, Path store, Emission e, RequestOutcome outcome, String when)
      throws Exception {
    RequestResult r = ctx.testee().request(store, e.record().subject(), e.facet(), e.record().keyMaterial());
    Expect.equal(outcome, r.outcome(), "the outcome of " + when);
  }

  /** Publishes {@code content} at {@code file} by rename, as a writer would: a new file, a new inode. */
  private static void replace(Path file, byte[] content) throws Exception {
    Path staged = file.resolveSibling(file.getFileName() + ".runner");
    Files.write(staged, content);
    Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
