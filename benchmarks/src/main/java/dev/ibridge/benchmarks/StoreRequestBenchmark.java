package dev.ibridge.benchmarks;

import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Subject;
import dev.ibridge.store.Lookup;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process request latency on a warm store: {@code units} units × 3 facets are emitted first
 * (not measured), every key is requested once, and then each call requests one of them at random.
 * SampleTime mode records every call's time, so the result holds the median and the p99.
 *
 * <p>{@code recordCache=warm} is the default store: the first pass has filled its cache of checked
 * records, so a call costs a {@code stat} of the record file and of its blob. {@code none} opens the
 * store with no cache, so every call reads, decodes and checks its record and derives its key: the
 * cost of a record this process has not seen yet. {@code statRecordAndBlob} is the floor the spec
 * sets for such a hit: the {@code lstat} of the record file and of its blob, in the same order.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StoreRequestBenchmark {
  /** Units in the warm store; each has one record per facet. */
  @Param("10000")
  public int units;

  /** Where the store lives: {@code tmpfs} (/dev/shm) or {@code disk} (java.io.tmpdir). */
  @Param("tmpfs")
  public String fs;

  /** {@code warm}: the default cache, filled by the first pass; {@code none}: no record cache. */
  @Param({"warm", "none"})
  public String recordCache;

  private Path dir;
  private Store store;
  private Subject[] subjects;
  private Facet[] facets;
  private KeyMaterial[] materials;
  private Path[] recordFiles;
  private Path[] blobFiles;
  private int next;

  @Setup(Level.Trial)
  public void fill() throws IOException {
    dir = BenchStores.createDir(fs, "request");
    long budget = switch (recordCache) {
      case "warm" -> Store.DEFAULT_RECORD_CACHE_BYTES;
      case "none" -> 0;
      default -> throw new IllegalArgumentException("recordCache must be warm or none, got " + recordCache);
    };
    store = Store.open(dir, budget);
    SyntheticWorkspace ws = new SyntheticWorkspace(1024, 7);
    List<Subject> s = new ArrayList<>();
    List<Facet> f = new ArrayList<>();
    List<KeyMaterial> m = new ArrayList<>();
    for (int unit = 0; unit < units; unit++) {
      for (Facet facet : SyntheticWorkspace.FACETS) {
        SyntheticWorkspace.Emission e = ws.emission(unit, facet);
        store.emit(e.record(), e.blobs());
        s.add(e.record().subject());
        f.add(facet);
        m.add(e.record().keyMaterial());
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(11));
    subjects = new Subject[s.size()];
    facets = new Facet[s.size()];
    materials = new KeyMaterial[s.size()];
    for (int i = 0; i < order.size(); i++) {
      subjects[i] = s.get(order.get(i));
      facets[i] = f.get(order.get(i));
      materials[i] = m.get(order.get(i));
    }
    for (int i = 0; i < materials.length; i++) {
      if (store.request(subjects[i], facets[i], materials[i]) instanceof Lookup.Miss miss) {
        throw new IllegalStateException("the warm store misses " + subjects[i] + ": " + miss.reason());
      }
    }
    recordFiles = new Path[materials.length];
    blobFiles = new Path[materials.length];
    long recordBytes = 0;
    for (int i = 0; i < materials.length; i++) {
      Lookup.Hit hit = (Lookup.Hit) store.request(subjects[i], facets[i], materials[i]);
      String key = hit.record().inputKey().hex();
      String blob = hit.record().outputs().get(0).blob().digest().hex();
      recordFiles[i] = dir.resolve("records").resolve(facets[i].name()).resolve(key.substring(0, 2)).resolve(key);
      blobFiles[i] = dir.resolve("blobs").resolve("sha256").resolve(blob.substring(0, 2)).resolve(blob);
      recordBytes += Files.size(recordFiles[i]);
      Files.size(blobFiles[i]);
    }
    if (recordCache.equals("warm") && recordBytes > budget) {
      throw new IllegalStateException("the store's " + recordBytes + " record bytes exceed the cache budget of "
          + budget + ": a warm run would measure evictions, not hits");
    }
  }

  @TearDown(Level.Trial)
  public void remove() throws IOException {
    store.close();
    BenchStores.delete(dir);
  }

  @Benchmark
  public Lookup requestHit() {
    int i = next;
    next = i + 1 == materials.length ? 0 : i + 1;
    return store.request(subjects[i], facets[i], materials[i]);
  }

  @Benchmark
  public long statRecordAndBlob() throws IOException {
    int i = next;
    next = i + 1 == materials.length ? 0 : i + 1;
    BasicFileAttributes record = Files.readAttributes(recordFiles[i], BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    BasicFileAttributes blob = Files.readAttributes(blobFiles[i], BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return record.size() + blob.size();
  }
}
