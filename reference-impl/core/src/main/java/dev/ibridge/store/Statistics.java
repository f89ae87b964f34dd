package dev.ibridge.store;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.Limits;
import dev.ibridge.model.Output;
import dev.ibridge.model.Record;
import dev.ibridge.model.RequestOutcome;
import dev.ibridge.model.Requested;
import dev.ibridge.model.SessionEnded;
import dev.ibridge.model.SessionStarted;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts a store's files and sums its journals. Damaged files are counted, never fatal. */
final class Statistics {
  private Statistics() {}

  static StoreStats collect(LocalStore store) {
    Scan scan = Scan.of(store.layout());
    FileOps fs = store.fileOps();
    long recordBytes = 0;
    long logical = 0;
    for (Scan.RecordFile f : scan.records) {
      recordBytes += f.size();
      try {
        Record r = CapnpCodec.decodeRecord(fs.read(f.path(), Limits.MAX_MESSAGE_BYTES));
        for (Output o : r.outputs()) {
          logical += o.blob().size();
        }
      } catch (IOException | RuntimeException damaged) {
        // A damaged record adds no logical bytes; verify reports it.
      }
    }
    long blobBytes = scan.blobs.stream().mapToLong(Scan.BlobFile::size).sum();
    long journalBytes = scan.journals.stream().mapToLong(Scan.JournalFile::size).sum();

    Map<String, long[]> perActivity = new TreeMap<>();
    for (Scan.JournalFile j : scan.journals) {
      List<JournalEvent> events;
      try {
        events = Journals.read(fs.read(j.path(), Journals.MAX_JOURNAL_BYTES));
      } catch (IOException damaged) {
        continue;
      }
      long[] totals = null;
      for (JournalEvent ev : events) {
        if (ev.event() instanceof SessionStarted s) {
          totals = perActivity.computeIfAbsent(s.producer().activity(), a -> new long[4]);
          totals[0]++;
        } else if (totals != null && ev.event() instanceof Requested r) {
          totals[r.outcome() == RequestOutcome.HIT ? 1 : 2]++;
        } else if (totals != null && ev.event() instanceof SessionEnded e) {
          totals[3] += e.emits();
        }
      }
    }
    List<ActivityStats> activities = new ArrayList<>();
    perActivity.forEach((activity, t) -> activities.add(new ActivityStats(activity, t[0], t[1], t[2], t[3])));
    return new StoreStats(
        scan.records.size(), recordBytes, scan.blobs.size(), blobBytes, logical,
        scan.heads.size(), scan.journals.size(), journalBytes, activities);
  }
}
