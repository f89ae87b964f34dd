package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.conformance.harness.Head;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.conformance.harness.StoreFiles;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Limits;
import dev.ibridge.property.Gen;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Store files longer than their limits, in a store the Java reference wrote: the file keeps its
 * valid content at the start and is extended past the limit (sparsely, so the check stays cheap).
 * A reader that checks the size first treats the file as damaged; one that reads the first message
 * or line and ignores the rest would serve it, and fails here.
 */
final class OversizedFileChecks {
  private OversizedFileChecks() {}

  /** The limits of spec/store.adoc for the files these checks damage. */
  private static final long MAX_STORE_BYTES = 64 * 1024;
  private static final long MAX_HEAD_BYTES = 256;

  enum Oversized { RECORD, HEAD, STORE }

  record Case(Emission victim, Emission bystander, Oversized file) {}

  static List<Check> all() {
    Gen<Case> cases = d -> new Case(d.draw(Emission.EMISSIONS), d.draw(Emission.EMISSIONS), d.draw(Gen.choose(Oversized.values())));
    return List.of(
        new PropertyCheck<>(
            required("REQ-STORE-082.OversizedFilesAreDamaged",
                "A record over 64 MiB or a head over 256 bytes (valid content first) is a miss and not a head; a STORE over 64 KiB is refused",
                "REQ-STORE-082"),
            Set.of(Operation.REQUEST, Operation.READ_STORE), cases, 15, 60, String::valueOf, OversizedFileChecks::oversized));
  }

  private static void extend(Path file, long length) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(length);
    }
  }

  static void oversized(CheckContext ctx, Case c) throws Exception {
    Emission victim = c.victim();
    Emission bystander = c.bystander();
    if (victim.key().equals(bystander.key())
        || (victim.facet().equals(bystander.facet()) && victim.record().subject().equals(bystander.record().subject()))) {
      return;
    }
    Path store = RequestChecks.referenceStore(ctx, List.of(victim, bystander));
    KeyMaterial km = victim.record().keyMaterial();
    switch (c.file()) {
      case RECORD -> {
        Path record = StoreFiles.record(store, victim.facet(), victim.key());
        record.toFile().setWritable(true);
        extend(record, Limits.MAX_MESSAGE_BYTES + 8L);
        RequestResult r = ctx.testee().request(store, km.subject(), km.facet(), km);
        Expect.that(!r.isHit(), "a request hit a record file of " + Files.size(record) + " bytes (limit 64 MiB)");
      }
      case HEAD -> {
        Path head = StoreFiles.head(store, victim.facet(), victim.record().subject());
        String line = new String(Files.readAllBytes(head), StandardCharsets.US_ASCII);
        head.toFile().setWritable(true);
        Files.writeString(head, line.repeat((int) (MAX_HEAD_BYTES / line.length()) + 1), StandardCharsets.US_ASCII);
        List<Head> heads = ctx.testee().heads(store, Optional.empty());
        Expect.that(heads.stream().noneMatch(h -> h.inputKey().equals(victim.key())),
            "a head file of " + Files.size(head) + " bytes (limit 256) was listed: " + heads);
        Expect.that(heads.stream().anyMatch(h -> h.inputKey().equals(bystander.key())),
            "an intact head was not listed next to an oversized one: " + heads);
        return;
      }
      case STORE -> {
        Path header = store.resolve("STORE");
        header.toFile().setWritable(true);
        extend(header, MAX_STORE_BYTES + 1);
        Expect.refused(() -> ctx.testee().request(store, km.subject(), km.facet(), km),
            "a request from a store whose STORE file is " + Files.size(header) + " bytes (limit 64 KiB)");
        return;
      }
    }
    KeyMaterial other = bystander.record().keyMaterial();
    RequestResult ok = ctx.testee().request(store, other.subject(), other.facet(), other);
    Expect.that(ok.isHit(), "an intact record missed next to an oversized one: " + ok.missReason().orElse(""));
  }
}
