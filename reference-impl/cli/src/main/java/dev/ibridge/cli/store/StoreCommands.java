package dev.ibridge.cli.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.json.JsonForm;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import dev.ibridge.store.ActivityStats;
import dev.ibridge.store.DamagedStoreException;
import dev.ibridge.store.Difference;
import dev.ibridge.store.EmitResult;
import dev.ibridge.store.Explanation;
import dev.ibridge.store.GcPolicy;
import dev.ibridge.store.GcReport;
import dev.ibridge.store.Lookup;
import dev.ibridge.store.Problem;
import dev.ibridge.store.RecordSummary;
import dev.ibridge.store.Store;
import dev.ibridge.store.StoreStats;
import dev.ibridge.store.VerifyReport;
import dev.ibridge.store.remote.RemoteStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The subcommands of {@code ibridge store}. Each calls one store operation and prints its result. */
final class StoreCommands {
  private StoreCommands() {}

  @Command(name = "init",
      description = "Creates the store if it does not exist, checks its header, and prints it.",
      footerHeading = "%nExamples:%n",
      footer = {"  ibridge store init --store /tmp/s"})
  static final class Init extends StoreSubcommand {
    @Override
    boolean creates() {
      return true;
    }

    @Override
    int run(Store store) throws IOException {
      StoreHeader h = store.header();
      if (json()) {
        ObjectNode node = object().put("root", store.root().toString());
        node.set("header", JsonForm.STORE_HEADER.toTree(h));
        printJson(node);
      } else {
        out().println("store " + store.root() + ": protocol " + h.protocolMajor() + "." + h.protocolMinor() + ", "
            + h.digestAlgorithm().label() + ", created by " + h.createdBy());
      }
      return Outcome.OK;
    }
  }

  @Command(name = "ls",
      description = "Lists the stored records, by facet then key; '*' marks each subject's latest.",
      footerHeading = "%nExamples:%n",
      footer = {"  ibridge store ls --store /tmp/s", "  ibridge store ls --store /tmp/s --facet analysis --json"})
  static final class Ls extends StoreSubcommand {
    @Option(names = "--facet", paramLabel = "FACET", description = "Only records of this facet.")
    String facet;

    @Override
    int run(Store store) throws IOException {
      Optional<Facet> only;
      try {
        only = Optional.ofNullable(facet).map(Facet::new);
      } catch (IllegalArgumentException e) {
        throw new Outcome(Outcome.INPUT, "--facet", e.getMessage());
      }
      List<RecordSummary> records = store.list(only);
      if (json()) {
        ArrayNode array = JSON.createArrayNode();
        for (RecordSummary r : records) {
          ObjectNode node = array.addObject()
              .put("facet", r.facet().name())
              .put("inputKey", r.inputKey().toString());
          node.set("subject", JsonForm.treeOf(r.subject()));
          node.put("activity", r.producer().activity()).put("tool", r.producer().tool())
              .put("outputs", r.outputs()).put("outputBytes", r.outputBytes())
              .put("outputFingerprint", r.outputFingerprint().toString()).put("head", r.head());
        }
        printJson(object().set("records", array));
      } else {
        Table table = new Table("FACET", "KEY", "SUBJECT", "PRODUCER", "OUTPUTS", "BYTES", "HEAD");
        for (RecordSummary r : records) {
          table.row(r.facet(), r.inputKey().hex().substring(0, 12), InputFiles.subject(r.subject()),
              r.producer().activity() + "/" + r.producer().tool(), r.outputs(), r.outputBytes(), r.head() ? "*" : "");
        }
        table.print(out());
        out().println(records.size() + " records");
      }
      return Outcome.OK;
    }
  }

  @Command(name = "show", description = "Prints the record stored under KEY.",
      footerHeading = "%nExamples:%n",
      footer = {"  ibridge store show --store /tmp/s fe072a501741", "  ibridge store show --store /tmp/s --json sha256:fe072a501741"})
  static final class Show extends StoreSubcommand {
    @Parameters(index = "0", paramLabel = "KEY",
        description = "The input key, sha256:<hex> or just the hex, or the start of it that 'store ls' prints"
            + " when no other stored key starts the same way.")
    String key;

    @Override
    int run(Store store) throws IOException {
      Digest k = InputFiles.isPrefix(key) ? InputFiles.resolvePrefix(key, store.list(Optional.empty())) : InputFiles.key(key);
      Record r = store.record(k).orElseThrow(() -> new Outcome(Outcome.CHECK_FAILED, key, "no record under this key"));
      if (json()) {
        printJson(JsonForm.RECORD.toTree(r));
        return Outcome.OK;
      }
      out().println(r.facet() + " of " + InputFiles.subject(r.subject()));
      out().println("  key          " + r.inputKey());
      out().println("  fingerprint  " + r.outputFingerprint());
      out().println("  producer     " + r.producer().activity() + " by " + r.producer().tool() + " " + r.producer().toolVersion());
      out().println("  toolchain    " + r.keyMaterial().toolchain().name() + " " + r.keyMaterial().toolchain().version());
      out().println("  material     " + r.keyMaterial().config().size() + " config entries, "
          + r.keyMaterial().inputs().size() + " inputs, " + r.keyMaterial().reads().size() + " reads");
      Table table = new Table("OUTPUT", "BLOB", "BYTES", "OBSERVABLE");
      for (Output o : r.outputs()) {
        table.row(o.name(), o.blob().digest(), o.blob().size(), o.observable() ? "yes" : "no");
      }
      table.print(out());
      return Outcome.OK;
    }
  }

  @Command(name = "request",
      description = {"Looks up the record for the key material in FILE (JSON form).",
          "Exits 0 on a hit and 1 on a miss, printing the reason."},
      footerHeading = "%nExamples:%n",
      footer = {"  ibridge store request --store /tmp/s examples/key-material.json"})
  static final class Request extends StoreSubcommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "Key material in JSON form.")
    Path file;

    @Override
    int run(Store store) throws IOException {
      KeyMaterial km = InputFiles.parse(JsonForm.KEY_MATERIAL, file);
      Lookup lookup = store.request(km.subject(), km.facet(), km);
      Digest key = Keys.inputKey(km);
      if (json()) {
        ObjectNode node = object().put("inputKey", key.toString());
        if (lookup instanceof Lookup.Hit hit) {
          node.put("outcome", "HIT").set("record", JsonForm.RECORD.toTree(hit.record()));
        } else {
          node.put("outcome", "MISS").put("reason", ((Lookup.Miss) lookup).reason());
        }
        printJson(node);
      } else if (lookup instanceof Lookup.Hit hit) {
        out().println("hit " + key + ": " + hit.record().outputs().size() + " outputs, fingerprint "
            + hit.record().outputFingerprint());
      } else {
        out().println("miss " + key + ": " + ((Lookup.Miss) lookup).reason());
      }
      return lookup instanceof Lookup.Hit ? Outcome.OK : Outcome.CHECK_FAILED;
    }
  }

  @Command(name = "emit",
      description = {"Stores the record in RECORD (JSON form) with the blob files it needs.",
          "Exits 1 on a CONFLICT: a different record is already stored under the key."},
      footerHeading = "%nExamples:%n",
      footer = {"  ibridge store emit --store /tmp/s examples/record.json --blob examples/blobs/analysis.bin --blob examples/blobs/timings.json"})
  static final class Emit extends StoreSubcommand {
    @Parameters(index = "0", paramLabel = "RECORD", description = "The record in JSON form.")
    Path file;

    @Option(names = "--blob", paramLabel = "FILE",
        description = "A file whose content is an output's blob; repeat for each blob the store lacks.")
    List<Path> blobs = List.of();

    @Override
    int run(Store store) throws IOException {
      Record record = InputFiles.parse(JsonForm.RECORD, file);
      // The same finding, with the same exit code, as 'ibridge decode' of this record.
      RecordDigests.mismatch(record).ifPresent(m -> {
        throw new Outcome(Outcome.CHECK_FAILED, file.toString(), m);
      });
      Map<Digest, Bytes> contents = new LinkedHashMap<>();
      for (Path blob : blobs) {
        byte[] bytes = InputFiles.read(blob, InputFiles.MAX_BLOB_BYTES);
        contents.put(Keys.blobDigest(bytes), Bytes.wrap(bytes));
      }
      EmitResult result;
      try {
        result = store.emit(record, contents);
      } catch (IllegalArgumentException e) {
        throw new Outcome(Outcome.INPUT, file.toString(), e.getMessage());
      }
      if (json()) {
        printJson(object().put("inputKey", record.inputKey().toString()).put("outcome", result.outcome().name())
            .put("bytesWritten", result.bytesWritten()).put("bytesDeduplicated", result.bytesDeduplicated()));
      } else {
        out().println(result.outcome() + " " + record.inputKey() + " (" + record.facet() + "): "
            + result.bytesWritten() + " blob bytes written, " + result.bytesDeduplicated() + " already stored");
      }
      return result.outcome() == EmitOutcome.CONFLICT ? Outcome.CHECK_FAILED : Outcome.OK;
    }
  }

  @Command(name = "explain",
      description = "Says whether the key material in FILE hits, and which entries differ from the subject's last record.",
      footerHeading = "%nExamples:%n",
      footer = {"  ibridge store explain --store /tmp/s examples/key-material.json"})
  static final class Explain extends StoreSubcommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "Key material in JSON form.")
    Path file;

    @Override
    int run(Store store) throws IOException {
      KeyMaterial km = InputFiles.parse(JsonForm.KEY_MATERIAL, file);
      Explanation e = store.explain(km.subject(), km.facet(), km);
      if (json()) {
        ObjectNode node = object().put("inputKey", e.inputKey().toString()).put("hit", e.hit());
        e.previousKey().ifPresent(k -> node.put("previousKey", k.toString()));
        e.note().ifPresent(n -> node.put("note", n));
        ArrayNode diffs = node.putArray("differences");
        for (Difference d : e.differences()) {
          diffs.addObject().put("kind", d.kind().name()).put("entry", d.entry())
              .put("before", d.before()).put("after", d.after());
        }
        printJson(node);
      } else {
        out().println(e.describe());
      }
      return Outcome.OK;
    }
  }

  @Command(name = "verify",
      description = "Checks every file of the store; exits 1 when it finds a problem (a garbage STORE"
          + " header included), 2 only when there is no store it can read.",
      footerHeading = "%nExamples:%n",
      footer = {"  ibridge store verify --store /tmp/s"})
  static final class Verify extends StoreSubcommand {
    @Override
    int run(Store store) throws IOException {
      return verify(this, store);
    }

    @Override
    int damaged(PrintWriter err, String where, DamagedStoreException e) {
      return damagedHeader(this, e);
    }

    /** A garbage {@code STORE} file is what verify exists to find: a finding, exit 1, not an input error. */
    static int damagedHeader(StoreSubcommand command, DamagedStoreException e) {
      try {
        return print(command, new VerifyReport(0, 0, 0, 0,
            List.of(new Problem(Problem.Kind.BAD_HEADER, "STORE", e.getMessage()))));
      } catch (IOException io) {
        throw new UncheckedIOException(io);
      }
    }

    static int verify(StoreSubcommand command, Store store) throws IOException {
      return print(command, store.verify());
    }

    /**
     * {@code verify --remote URL --json}: the object of {@code verify --json} for the local store,
     * with {@code "remote"} (the remote as messages name it) and each remote problem in {@code
     * "problems"} as kind {@code REMOTE}, path {@code /ac/<k>}; {@code "ok"} holds for both.
     */
    static int printJson(StoreSubcommand command, VerifyReport report, String remote, List<RemoteStore.Problem> remoteProblems)
        throws IOException {
      ObjectNode node = json(report);
      boolean ok = report.ok() && remoteProblems.isEmpty();
      node.put("ok", ok).put("remote", remote);
      ArrayNode problems = (ArrayNode) node.get("problems");
      for (RemoteStore.Problem p : remoteProblems) {
        problems.addObject().put("kind", "REMOTE").put("path", RemoteStore.acPath(p.key())).put("message", p.message());
      }
      command.printJson(node);
      return ok ? Outcome.OK : Outcome.CHECK_FAILED;
    }

    private static ObjectNode json(VerifyReport report) {
      ObjectNode node = object().put("ok", report.ok()).put("records", report.records())
          .put("blobs", report.blobs()).put("heads", report.heads()).put("journals", report.journals());
      ArrayNode problems = node.putArray("problems");
      for (Problem p : report.problems()) {
        problems.addObject().put("kind", p.kind().name()).put("path", p.path()).put("message", p.message());
      }
      return node;
    }

    private static int print(StoreSubcommand command, VerifyReport report) throws IOException {
      if (command.json()) {
        command.printJson(json(report));
      } else {
        if (!report.ok()) {
          Table table = new Table("PROBLEM", "PATH", "DETAIL");
          for (Problem p : report.problems()) {
            table.row(p.kind(), p.path(), p.message());
          }
          table.print(command.out());
        }
        command.out().println(report.records() + " records, " + report.blobs() + " blobs, " + report.heads()
            + " heads, " + report.journals() + " journals checked: " + report.problems().size() + " problems");
      }
      return report.ok() ? Outcome.OK : Outcome.CHECK_FAILED;
    }
  }

  @Command(name = "gc",
      description = {"Removes what the policy does not keep. Needs the store alone: it fails, rather than"
              + " waits, while another process has the store open."},
      footerHeading = "%nExamples:%n",
      footer = {"  ibridge store gc --store /tmp/s --keep-sessions 5", "  ibridge store gc --store /tmp/s --max-bytes 500M"})
  static final class Gc extends StoreSubcommand {
    static final class Policy {
      @Option(names = "--keep-sessions", paramLabel = "N", description = "Keep what the newest N sessions touched.")
      Integer keepSessions;

      @Option(names = "--max-bytes", paramLabel = "SIZE", converter = ByteSize.class,
          description = "Keep the newest sessions that fit in SIZE: bytes, or a number with K, M, G or T (500M).")
      Long maxBytes;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Policy policy;

    @Override
    int run(Store store) throws IOException {
      GcPolicy p = policy.keepSessions != null
          ? GcPolicy.keepSessions(policy.keepSessions)
          : GcPolicy.sizeBudget(policy.maxBytes);
      if (policy.maxBytes != null) {
        StoreStats before = store.stats();
        if (before.sessions() == 0 && before.records() > 0) {
          // Without journals no session says what is in use, so a budget would keep nothing.
          throw new Outcome(Outcome.INPUT, store.root().toString(),
              "the store has no journals (a store written through cargo?), so --max-bytes would remove"
                  + " every record; use 'cargo ibridge gc --max-bytes SIZE', which keeps what recent cargo runs used");
        }
      }
      GcReport r = store.gc(p);
      if (json()) {
        printJson(JSON.valueToTree(r));
      } else {
        out().println("kept " + r.sessionsKept() + " sessions; removed " + r.sessionsRemoved() + " sessions, "
            + r.recordsRemoved() + " records, " + r.blobsRemoved() + " blobs, " + r.headsRemoved() + " heads, "
            + r.stagingFilesRemoved() + " staging files; freed " + r.bytesFreed() + " bytes, "
            + r.bytesRemaining() + " remain");
      }
      return Outcome.OK;
    }
  }

  @Command(name = "stats",
      description = "Prints counts and sizes, the bytes saved by dedup, and hit rates per activity from the journal.",
      footerHeading = "%nExamples:%n",
      footer = {"  ibridge store stats --store /tmp/s --json"})
  static final class Stats extends StoreSubcommand {
    @Override
    int run(Store store) throws IOException {
      StoreStats s = store.stats();
      if (json()) {
        ObjectNode node = JSON.valueToTree(s);
        node.put("bytesSavedByDedup", s.bytesSavedByDedup()).put("totalBytes", s.totalBytes());
        ArrayNode activities = node.putArray("activities");
        for (ActivityStats a : s.activities()) {
          activities.addObject().put("activity", a.activity()).put("sessions", a.sessions()).put("hits", a.hits())
              .put("misses", a.misses()).put("emits", a.emits()).put("hitRate", a.hitRate());
        }
        printJson(node);
        return Outcome.OK;
      }
      new Table("", "COUNT", "BYTES")
          .row("records", s.records(), s.recordBytes())
          .row("blobs", s.blobs(), s.blobBytes())
          .row("heads", s.heads(), "")
          .row("journals", s.sessions(), s.journalBytes())
          .print(out());
      out().println("outputs add up to " + s.logicalBlobBytes() + " bytes; dedup saved " + s.bytesSavedByDedup());
      if (!s.activities().isEmpty()) {
        Table table = new Table("ACTIVITY", "SESSIONS", "HITS", "MISSES", "EMITS", "HIT RATE");
        for (ActivityStats a : s.activities()) {
          table.row(a.activity(), a.sessions(), a.hits(), a.misses(), a.emits(),
              String.format("%.1f%%", 100 * a.hitRate()));
        }
        table.print(out());
      }
      return Outcome.OK;
    }
  }
}
