package dev.ibridge.store;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Limits;
import dev.ibridge.model.Output;
import dev.ibridge.model.Record;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Checks every file of a store against the layout, the codecs and the key derivation. */
final class Verifier {
  private final LocalStore store;
  private final List<Problem> problems = new ArrayList<>();
  /** Intact records, by address (facet/key hex), to the hex digest of their subject. */
  private final Map<String, String> recordSubjects = new HashMap<>();

  Verifier(LocalStore store) {
    this.store = store;
  }

  VerifyReport run() {
    Scan scan = Scan.of(store.layout());
    for (Scan.Unexpected u : scan.unexpected) {
      add(Problem.Kind.UNEXPECTED_ENTRY, u.path(), u.why());
    }
    Map<Scan.RecordFile, Record> decoded = new LinkedHashMap<>();
    Map<Digest, Set<Long>> declaredSizes = new HashMap<>();
    for (Scan.RecordFile file : scan.records) {
      Record record = decode(file);
      if (record != null) {
        decoded.put(file, record);
        for (Output output : record.outputs()) {
          declaredSizes.computeIfAbsent(output.blob().digest(), d -> new TreeSet<>()).add(output.blob().size());
        }
      }
    }
    Map<Digest, Long> goodBlobs = new HashMap<>();
    for (Scan.BlobFile blob : scan.blobs) {
      checkBlob(blob, declaredSizes.get(blob.digest()), goodBlobs);
    }
    for (Map.Entry<Scan.RecordFile, Record> entry : decoded.entrySet()) {
      checkRecord(entry.getKey(), entry.getValue(), goodBlobs);
    }
    for (Scan.HeadFile head : scan.heads) {
      checkHead(head);
    }
    for (Scan.JournalFile journal : scan.journals) {
      try {
        Journals.read(store.fileOps().read(journal.path(), Journals.MAX_JOURNAL_BYTES));
      } catch (IOException | RuntimeException e) {
        add(Problem.Kind.BAD_JOURNAL, journal.path(), "does not read: " + e.getMessage());
      }
    }
    return new VerifyReport(scan.records.size(), scan.blobs.size(), scan.heads.size(), scan.journals.size(), problems);
  }

  private Record decode(Scan.RecordFile file) {
    try {
      return CapnpCodec.decodeRecord(store.fileOps().read(file.path(), Limits.MAX_MESSAGE_BYTES));
    } catch (DecodeException e) {
      add(Problem.Kind.BAD_RECORD, file.path(), "does not decode: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      add(Problem.Kind.BAD_RECORD, file.path(), "unreadable: " + e.getMessage());
    }
    return null;
  }

  /**
   * Hashes a blob only when its file has a size some record declares for it: a blob file of
   * another size is damaged whatever it holds, and hashing it first would read it all, which for a
   * sparse or huge file replaced by another tool takes minutes of reading zeros.
   */
  private void checkBlob(Scan.BlobFile blob, Set<Long> declared, Map<Digest, Long> goodBlobs) {
    if (declared != null && !declared.contains(blob.size())) {
      store.forgetBlob(blob.digest());
      add(Problem.Kind.BAD_BLOB, blob.path(), "is " + blob.size() + " bytes, but the records that name it say "
          + declared.stream().map(String::valueOf).collect(Collectors.joining(" or ")) + "; not hashed");
      return;
    }
    try {
      Digest actual = Hashing.sha256(blob.path());
      if (actual.equals(blob.digest())) {
        goodBlobs.put(blob.digest(), blob.size());
      } else {
        store.forgetBlob(blob.digest());
        add(Problem.Kind.BAD_BLOB, blob.path(), "content hashes to " + actual + ", not to its address");
      }
    } catch (IOException e) {
      add(Problem.Kind.BAD_BLOB, blob.path(), "unreadable: " + e.getMessage());
    }
  }

  private void checkRecord(Scan.RecordFile file, Record record, Map<Digest, Long> goodBlobs) {
    String wrong = LocalStore.checkRecord(record, file.facet(), file.key());
    if (wrong != null) {
      add(Problem.Kind.WRONG_KEY, file.path(), wrong);
      return;
    }
    boolean blobsOk = true;
    for (Output output : record.outputs()) {
      Long size = goodBlobs.get(output.blob().digest());
      if (size == null) {
        blobsOk = false;
        add(Problem.Kind.MISSING_BLOB, file.path(),
            "output " + output.name() + " names blob " + output.blob().digest() + ", which is missing or damaged");
      } else if (size != output.blob().size()) {
        blobsOk = false;
        add(Problem.Kind.MISSING_BLOB, file.path(),
            "output " + output.name() + " says blob " + output.blob().digest() + " is " + output.blob().size()
                + " bytes, it is " + size);
      }
    }
    if (blobsOk) {
      recordSubjects.put(file.facet() + "/" + file.key().hex(), Keys.subjectDigest(record.subject()).hex());
    }
  }

  private void checkHead(Scan.HeadFile head) {
    Digest key;
    try {
      key = Heads.parse(store.fileOps().read(head.path(), LocalStore.MAX_HEAD_BYTES), store.relative(head.path()));
    } catch (IOException e) {
      add(Problem.Kind.DANGLING_HEAD, head.path(), e.getMessage());
      return;
    }
    String subject = recordSubjects.get(head.facet() + "/" + key.hex());
    if (subject == null) {
      add(Problem.Kind.DANGLING_HEAD, head.path(), "names record " + key + ", which the store does not hold intact");
    } else if (!subject.equals(head.subjectHex())) {
      add(Problem.Kind.DANGLING_HEAD, head.path(), "names record " + key + ", which is about another subject");
    }
  }

  private void add(Problem.Kind kind, Path path, String message) {
    problems.add(new Problem(kind, store.relative(path), message));
  }
}
