package dev.ibridge.conformance.mutants;

import dev.ibridge.conformance.harness.MutantCatalog;
import dev.ibridge.conformance.harness.Testee;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The deliberately broken testees: each is the reference with one rule broken, and each names the
 * requirement that a conforming suite must catch it on. {@code TesteeMain --mutant NAME} serves
 * one through the subprocess harness.
 */
public final class Mutants implements MutantCatalog {

  /** One mutant: its name, the requirement it breaks, what it does wrong, and how to make it. */
  public record Mutant(String name, String breaks, String description, UnaryOperator<Testee> make) {}

  private static final Map<String, Mutant> ALL = new LinkedHashMap<>();

  static {
    add("wrong-sort-order", "REQ-KEY-004", "hashes config entries in descending name order",
        t -> new KeyMutant(t, KeyMutant.Flaw.REVERSED_CONFIG));
    add("omits-a-read", "REQ-ACT-004", "leaves the first read out of every node's key material",
        t -> new ActivityMutant(t, MutantEmitter.Flaw.OMIT_READ));
    add("input-key-reads", "REQ-KEY-007", "keys a dependent on the dependency's input key, not its output fingerprint",
        t -> new ActivityMutant(t, MutantEmitter.Flaw.INPUT_KEY_READS));
    add("unstaged-record", "REQ-STORE-010", "writes the record file in place, in two halves, without staging and rename",
        t -> new StoreMutant(t, StoreMutant.Flaw.UNSTAGED_RECORD));
    add("overwrites-other-facet", "REQ-STORE-015", "points the subject's heads of other facets at the record it emitted",
        t -> new StoreMutant(t, StoreMutant.Flaw.OVERWRITES_OTHER_FACET));
    add("blob-wrong-path", "REQ-STORE-003", "moves blobs to a fan-out directory made of the wrong digits",
        t -> new StoreMutant(t, StoreMutant.Flaw.BLOB_WRONG_PATH));
    add("stale-hit", "REQ-STORE-030", "on a miss, serves the subject's latest record of the facet as a hit",
        t -> new StoreMutant(t, StoreMutant.Flaw.STALE_HIT));
    add("crashes-on-unknown-facet", "REQ-MODEL-007", "throws on any facet that is neither core nor its own",
        UnknownFacetMutant::new);
    add("multi-block-arrays", "REQ-KEY-003", "writes every array of the key pre-image as blocks of one item",
        t -> new KeyMutant(t, KeyMutant.Flaw.ONE_ITEM_BLOCKS));
    add("accepts-wrong-digest", "REQ-STORE-091", "stores blob content that does not match its digest and reports CREATED",
        t -> new StoreMutant(t, StoreMutant.Flaw.ACCEPTS_WRONG_DIGEST));
    add("ignores-config", "REQ-ACT-007", "leaves every config entry out of the key material",
        t -> new ActivityMutant(t, MutantEmitter.Flaw.IGNORE_CONFIG));
    add("never-reuses", "REQ-ACT-001", "never requests: recomputes and re-emits every node",
        t -> new ActivityMutant(t, MutantEmitter.Flaw.NEVER_REUSE));
    add("accepts-malformed-records", "REQ-CAPNP-004", "answers CREATED to record bytes it cannot decode",
        t -> new StoreMutant(t, StoreMutant.Flaw.ACCEPTS_MALFORMED_RECORD));
    add("ignores-trailing-bytes", "REQ-SEC-018", "decodes the longest prefix of a frame that holds a whole value",
        t -> new FramingMutant(t, FramingMutant.Flaw.IGNORES_TRAILING_BYTES));
    add("crashes-on-non-calls", "REQ-HARNESS-006", "exits when a frame holds a reply instead of a call",
        t -> new FramingMutant(t, FramingMutant.Flaw.CRASHES_ON_NON_CALLS));
    add("cleans-tmp-unlocked", "REQ-STORE-021", "empties tmp/ before every request without holding the lock exclusively",
        TmpCleaningMutant::new);
    add("rejects-later-minor", "REQ-EVOL-007", "rejects a record whose root struct carries fields a later minor version added",
        StrictStructMutant::new);
    add("remembers-hits-forever", "REQ-STORE-086", "serves a remembered hit without checking that the record file is unchanged",
        RememberingMutant::new);
    add("trusts-remote-keys", "REQ-REMOTE-008", "serves a remote record as the hit without checking that it re-derives the requested key",
        t -> new RemoteMutant(t, RemoteMutant.Flaw.TRUSTS_OTHER_KEYS));
    add("lands-unverified-blobs", "REQ-REMOTE-007", "writes each blob fetched from the remote into the local store before checking its digest and size",
        t -> new RemoteMutant(t, RemoteMutant.Flaw.LANDS_UNVERIFIED_BLOBS));
    add("compiles-before-checking-catalog", "REQ-ACT-013",
        "sends a Compile before it checks the call's catalog, and passes the runner's refusal on as REJECTED",
        t -> new RunActivityMutant(t, RunActivityMutant.Flaw.COMPILES_BEFORE_CHECKING_CATALOG));
    add("model-errors-as-parse-errors", "REQ-HARNESS-020",
        "answers PARSE_ERROR, not REJECTED, to a call whose key material breaks a rule of the data model",
        t -> new FramingMutant(t, FramingMutant.Flaw.MODEL_ERRORS_AS_PARSE_ERRORS));
    add("refused-compile-runtime-error", "REQ-HARNESS-023",
        "answers RUNTIME_ERROR, not REJECTED, to a RunActivity whose Compile the runner refused",
        t -> new RunActivityMutant(t, RunActivityMutant.Flaw.REFUSED_COMPILE_IS_RUNTIME_ERROR));
    add("catalog-arrays-in-order", "REQ-ACT-020",
        "refuses a catalog that repeats a built-in facet or activity with its reads, requests or emits in another order",
        t -> new RunActivityMutant(t, RunActivityMutant.Flaw.ORDERED_CATALOG_ARRAYS));
    add("lenient-catalog-json", "REQ-ACT-020",
        "drops the catalog members the form does not define instead of refusing the catalog",
        t -> new RunActivityMutant(t, RunActivityMutant.Flaw.LENIENT_CATALOG));
    add("fills-json-defaults", "REQ-HARNESS-019",
        "in JSON-lines mode, fills in a left-out field that has a default instead of refusing the frame",
        t -> new FramingMutant(t, FramingMutant.Flaw.FILLS_JSON_DEFAULTS));
    add("counts-blobs-per-output", "REQ-STORE-094", "counts an emit's blob bytes once per output, so a blob two outputs name counts twice",
        t -> new OtherReadingMutant(t, OtherReadingMutant.Flaw.COUNTS_PER_OUTPUT));
    add("re-encodes-records", "REQ-STORE-095", "stores its own re-encoding of an emitted record, dropping a later minor's fields",
        t -> new OtherReadingMutant(t, OtherReadingMutant.Flaw.RE_ENCODES));
    add("request-creates-store", "REQ-STORE-096", "creates the store when a request or a read-store query finds none",
        t -> new OtherReadingMutant(t, OtherReadingMutant.Flaw.REQUEST_CREATES_STORE));
    add("conflicts-with-misplaced-record", "REQ-STORE-097", "answers CONFLICT when the record's path holds a record of another key",
        t -> new OtherReadingMutant(t, OtherReadingMutant.Flaw.CONFLICTS_WITH_MISPLACED));
    add("read-store-checks-blobs", "REQ-HARNESS-018", "leaves out of read-store answers a record one of whose blobs is missing",
        t -> new OtherReadingMutant(t, OtherReadingMutant.Flaw.READ_STORE_CHECKS_BLOBS));
  }

  private static void add(String name, String breaks, String description, UnaryOperator<Testee> make) {
    ALL.put(name, new Mutant(name, breaks, description, make));
  }

  /** Every mutant, in a stable order. */
  public static List<Mutant> all() {
    return List.copyOf(ALL.values());
  }

  @Override
  public Set<String> names() {
    return ALL.keySet();
  }

  @Override
  public Testee mutate(String name, Testee reference) {
    Mutant m = ALL.get(name);
    if (m == null) {
      throw new IllegalArgumentException("unknown mutant \"" + name + "\"; known: " + ALL.keySet());
    }
    return m.make().apply(reference);
  }
}
