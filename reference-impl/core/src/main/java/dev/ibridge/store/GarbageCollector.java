package dev.ibridge.store;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Digest;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Emitted;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.Limits;
import dev.ibridge.model.Output;
import dev.ibridge.model.Record;
import dev.ibridge.model.RequestOutcome;
import dev.ibridge.model.Requested;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mark and sweep, run while the process holds the store exclusively. The marks: records touched
 * (hit or emitted) by a kept session, records written since the oldest kept session began, and
 * the blobs those records name. Everything else under records/, heads/, blobs/, journal/ and tmp/
 * that is not marked is swept.
 */
final class GarbageCollector {
  private final LocalStore store;
  private final GcPolicy policy;

  GarbageCollector(LocalStore store, GcPolicy policy) {
    this.store = store;
    this.policy = policy;
  }

  private record Session(Scan.JournalFile file, long startMillis, Set<String> touched) {}

  /**
   * How many of the newest sessions are kept, and whether everything is: when every session is
   * kept, nothing is older than what is kept, so every intact record is kept too.
   */
  private record Keep(int sessions, boolean everything) {
    static Keep newest(int keep, int of) {
      return new Keep(keep, keep == of);
    }
  }

  private record Rec(Scan.RecordFile file, List<Digest> blobs, String subjectHex) {}

  GcReport run() throws IOException {
    StorePaths layout = store.layout();
    FileOps fs = store.fileOps();
    Scan scan = Scan.of(layout);

    List<Session> sessions = new ArrayList<>();
    for (Scan.JournalFile j : scan.journals) {
      sessions.add(new Session(j, LocalSession.startMillis(j.sessionId()), touched(fs, j)));
    }
    Map<String, Rec> records = new HashMap<>();
    for (Scan.RecordFile f : scan.records) {
      records.put(address(f.facet().name(), f.key()), decode(fs, f));
    }
    Map<Digest, Long> blobSizes = new HashMap<>();
    for (Scan.BlobFile b : scan.blobs) {
      blobSizes.put(b.digest(), b.size());
    }

    Keep keep = policy instanceof GcPolicy.KeepSessions k
        ? Keep.newest(Math.min(k.sessions(), sessions.size()), sessions.size())
        : largestFitting(sessions, records, blobSizes, ((GcPolicy.SizeBudget) policy).bytes());
    Set<String> liveRecords = mark(sessions, records, keep);
    Set<Digest> liveBlobs = blobsOf(liveRecords, records);

    long freed = 0;
    long sessionsRemoved = 0;
    for (int i = 0; i < sessions.size() - keep.sessions(); i++) {
      freed += sessions.get(i).file().size();
      fs.delete(sessions.get(i).file().path());
      sessionsRemoved++;
    }
    long recordsRemoved = 0;
    for (Map.Entry<String, Rec> e : records.entrySet()) {
      if (!liveRecords.contains(e.getKey())) {
        freed += e.getValue().file().size();
        fs.delete(e.getValue().file().path());
        recordsRemoved++;
      }
    }
    long headsRemoved = 0;
    for (Scan.HeadFile h : scan.heads) {
      if (!headIsLive(fs, h, liveRecords, records)) {
        freed += h.size();
        fs.delete(h.path());
        headsRemoved++;
      }
    }
    long blobsRemoved = 0;
    for (Scan.BlobFile b : scan.blobs) {
      if (!liveBlobs.contains(b.digest())) {
        freed += b.size();
        fs.delete(b.path());
        store.forgetBlob(b.digest());
        blobsRemoved++;
      }
    }
    long stagingRemoved = 0;
    for (Path p : scan.staging) {
      fs.delete(p);
      stagingRemoved++;
    }
    long remaining = Statistics.collect(store).totalBytes();
    return new GcReport(keep.sessions(), sessionsRemoved, recordsRemoved, blobsRemoved, headsRemoved, stagingRemoved, freed, remaining);
  }

  private static String address(String facet, Digest key) {
    return facet + "/" + key.hex();
  }

  private static Set<String> touched(FileOps fs, Scan.JournalFile j) {
    Set<String> touched = new HashSet<>();
    List<JournalEvent> events;
    try {
      events = Journals.read(fs.read(j.path(), Journals.MAX_JOURNAL_BYTES));
    } catch (IOException e) {
      return touched;
    }
    for (JournalEvent ev : events) {
      if (ev.event() instanceof Requested r && r.outcome() == RequestOutcome.HIT) {
        touched.add(address(r.facet().name(), r.inputKey()));
      } else if (ev.event() instanceof Emitted e && e.outcome() != EmitOutcome.CONFLICT) {
        touched.add(address(e.facet().name(), e.inputKey()));
      }
    }
    return touched;
  }

  private static Rec decode(FileOps fs, Scan.RecordFile f) {
    try {
      Record r = CapnpCodec.decodeRecord(fs.read(f.path(), Limits.MAX_MESSAGE_BYTES));
      if (LocalStore.checkRecord(r, f.facet(), f.key()) != null) {
        return new Rec(f, null, null);
      }
      List<Digest> blobs = new ArrayList<>();
      for (Output o : r.outputs()) {
        blobs.add(o.blob().digest());
      }
      return new Rec(f, blobs, Keys.subjectDigest(r.subject()).hex());
    } catch (IOException | RuntimeException e) {
      return new Rec(f, null, null);
    }
  }

  /** The intact records that {@code keep} keeps. */
  private static Set<String> mark(List<Session> sessions, Map<String, Rec> records, Keep keep) {
    int first = sessions.size() - keep.sessions();
    long cutoff = keep.sessions() == 0 ? Long.MAX_VALUE : sessions.get(first).startMillis();
    Set<String> touched = new HashSet<>();
    for (int i = first; i < sessions.size(); i++) {
      touched.addAll(sessions.get(i).touched());
    }
    Set<String> live = new HashSet<>();
    for (Map.Entry<String, Rec> e : records.entrySet()) {
      Rec r = e.getValue();
      if (r.blobs() == null) {
        continue;
      }
      if (keep.everything() || touched.contains(e.getKey()) || r.file().modifiedMillis() >= cutoff) {
        live.add(e.getKey());
      }
    }
    return live;
  }

  private static Set<Digest> blobsOf(Set<String> live, Map<String, Rec> records) {
    Set<Digest> blobs = new HashSet<>();
    for (String address : live) {
      blobs.addAll(records.get(address).blobs());
    }
    return blobs;
  }

  /** The most sessions whose records, blobs and journals fit in {@code budget}; else nothing. */
  private static Keep largestFitting(
      List<Session> sessions, Map<String, Rec> records, Map<Digest, Long> blobSizes, long budget) {
    for (int n = sessions.size(); n >= 0; n--) {
      Keep keep = Keep.newest(n, sessions.size());
      Set<String> live = mark(sessions, records, keep);
      long bytes = 0;
      for (String address : live) {
        bytes += records.get(address).file().size();
      }
      for (Digest d : blobsOf(live, records)) {
        bytes += blobSizes.getOrDefault(d, 0L);
      }
      for (int i = sessions.size() - n; i < sessions.size(); i++) {
        bytes += sessions.get(i).file().size();
      }
      if (bytes <= budget) {
        return keep;
      }
    }
    return new Keep(0, false);
  }

  private static boolean headIsLive(FileOps fs, Scan.HeadFile h, Set<String> live, Map<String, Rec> records) {
    try {
      Digest key = Heads.parse(fs.read(h.path(), LocalStore.MAX_HEAD_BYTES), h.path().toString());
      String address = address(h.facet().name(), key);
      return live.contains(address) && h.subjectHex().equals(records.get(address).subjectHex());
    } catch (IOException e) {
      return false;
    }
  }
}
