package dev.ibridge.conformance.checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every conformance check, in the order a run takes them: golden vectors, key derivation, the
 * store (layout, atomicity, dedup, conflicts, facet isolation, bad input, requests, reads of
 * stores written by the reference), the remote tier and activities (early cutoff and the emitter's decisions).
 * IDs are {@code Level.REQ-XXX-NNN.Name}, stable across releases: a renamed check is a new check.
 */
public final class Catalog {
  private static final List<Check> CHECKS = build();

  private Catalog() {}

  /** The descriptors of every check, for reports and the spec's traceability matrix. */
  public static List<CheckDescriptor> all() {
    return CHECKS.stream().map(Check::descriptor).toList();
  }

  /** Every executable check. */
  public static List<Check> checks() {
    return CHECKS;
  }

  public static Optional<Check> byId(String id) {
    return CHECKS.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  static CheckDescriptor required(String idTail, String title, String... requirements) {
    return new CheckDescriptor("Required." + idTail, List.of(requirements), Level.REQUIRED, title);
  }

  static CheckDescriptor recommended(String idTail, String title, String... requirements) {
    return new CheckDescriptor("Recommended." + idTail, List.of(requirements), Level.RECOMMENDED, title);
  }

  private static List<Check> build() {
    List<Check> checks = new ArrayList<>();
    checks.addAll(VectorChecks.all());
    checks.addAll(KeyChecks.all());
    checks.addAll(StoreChecks.all());
    checks.addAll(EmitChecks.all());
    checks.addAll(BadInputChecks.all());
    checks.addAll(HostileRecordChecks.all());
    checks.addAll(FrameChecks.all());
    checks.addAll(RequestChecks.all());
    checks.addAll(OversizedFileChecks.all());
    checks.addAll(LockChecks.all());
    checks.addAll(EvolutionChecks.all());
    checks.addAll(JournalChecks.all());
    checks.addAll(RecordCacheChecks.all());
    checks.addAll(RemoteChecks.all());
    checks.addAll(ActivityChecks.all());
    checks.addAll(ActivityDeterminismChecks.all());
    checks.addAll(RunActivityChecks.all());
    Set<String> ids = new HashSet<>();
    for (Check c : checks) {
      if (!ids.add(c.id())) {
        throw new IllegalStateException("two checks have the ID " + c.id());
      }
    }
    return List.copyOf(checks);
  }
}
