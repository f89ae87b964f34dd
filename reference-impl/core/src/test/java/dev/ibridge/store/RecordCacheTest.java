package dev.ibridge.store;

import static dev.ibridge.store.Fixtures.emission;
import static dev.ibridge.store.Fixtures.material;
import static dev.ibridge.store.Fixtures.subject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Subject;
import dev.ibridge.store.Fixtures.Emission;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-instance record cache (REQ-STORE-086): a repeated request is answered without reading
 * the record file, but never once that file is gone, replaced or rewritten, and never past a
 * missing blob, a gc or the memory budget.
 */
@Tag("REQ-STORE-086")
class RecordCacheTest {
  @TempDir Path dir;

  private static final Subject CORE = subject("core");

  /** Real file operations that count the reads of record files. */
  private static final class CountingFileOps implements FileOps {
    final AtomicInteger recordReads = new AtomicInteger();

    @Override
    public Path stage(Path stagingDir, byte[] content) throws IOException {
      return RealFileOps.INSTANCE.stage(stagingDir, content);
    }

    @Override
    public void publishNew(Path staged, Path target) throws IOException {
      RealFileOps.INSTANCE.publishNew(staged, target);
    }

    @Override
    public void publishReplacing(Path staged, Path target) throws IOException {
      RealFileOps.INSTANCE.publishReplacing(staged, target);
    }

    @Override
    public byte[] read(Path file, long maxBytes) throws IOException {
      if (file.toString().contains("/records/")) {
        recordReads.incrementAndGet();
      }
      return RealFileOps.INSTANCE.read(file, maxBytes);
    }

    @Override
    public void delete(Path file) throws IOException {
      RealFileOps.INSTANCE.delete(file);
    }
  }

  private static Emission emitted(Store store, String source) throws IOException {
    Emission e = emission(material(CORE, Facet.ANALYSIS, source), "outputs of " + source);
    store.emit(e.record(), e.blobs());
    return e;
  }

  private static Lookup request(Store store, Emission e) {
    KeyMaterial km = e.record().keyMaterial();
    return store.request(km.subject(), km.facet(), km);
  }

  private Path recordFile(LocalStore store, Emission e) {
    return store.layout().record(e.record().facet(), e.key());
  }

  @Test
  void aRepeatedRequestIsAnsweredWithoutReadingTheRecordAgain() throws IOException {
    CountingFileOps counting = new CountingFileOps();
    try (LocalStore store = LocalStore.open(dir.resolve("s"), counting)) {
      Emission e = emitted(store, "fn a() {}");
      int readsBefore = counting.recordReads.get();
      assertThat(request(store, e)).isEqualTo(new Lookup.Hit(e.record()));
      assertThat(counting.recordReads.get()).isEqualTo(readsBefore + 1);
      for (int i = 0; i < 3; i++) {
        assertThat(request(store, e)).isEqualTo(new Lookup.Hit(e.record()));
      }
      assertThat(counting.recordReads.get()).isEqualTo(readsBefore + 1);
      assertThat(store.recordCache().size()).isEqualTo(1);
    }
  }

  @Test
  void aSessionJournalsTheKeyOfACachedHit() throws IOException {
    try (LocalStore store = LocalStore.open(dir.resolve("s"), RealFileOps.INSTANCE)) {
      Emission e = emitted(store, "fn a() {}");
      request(store, e);
      KeyMaterial km = e.record().keyMaterial();
      LocalStore.Answer cached = store.answer(km.subject(), km.facet(), km);
      assertThat(cached.key()).isEqualTo(Keys.inputKey(km));
      assertThat(cached.lookup()).isEqualTo(new Lookup.Hit(e.record()));
    }
  }

  @Test
  @Tag("REQ-STORE-031")
  void aRecordFileReplacedByDamageAfterAHitIsAMissNamingTheFile() throws IOException {
    try (LocalStore store = LocalStore.open(dir.resolve("s"), RealFileOps.INSTANCE)) {
      Emission e = emitted(store, "fn a() {}");
      assertThat(request(store, e)).isInstanceOf(Lookup.Hit.class);
      Path file = recordFile(store, e);
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 0x5a;
      Path staged = dir.resolve("damaged");
      Files.write(staged, bytes);
      Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

      assertThat(request(store, e))
          .isInstanceOfSatisfying(Lookup.Miss.class, m -> assertThat(m.reason()).contains(store.relative(file)));
    }
  }

  @Test
  @Tag("REQ-STORE-031")
  void aRecordFileTruncatedInPlaceAfterAHitIsAMiss() throws IOException {
    try (LocalStore store = LocalStore.open(dir.resolve("s"), RealFileOps.INSTANCE)) {
      Emission e = emitted(store, "fn a() {}");
      assertThat(request(store, e)).isInstanceOf(Lookup.Hit.class);
      Path file = recordFile(store, e);
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(raf.length() / 2);
      }
      assertThat(request(store, e))
          .isInstanceOfSatisfying(Lookup.Miss.class, m -> assertThat(m.reason()).contains(store.relative(file)));
    }
  }

  @Test
  @Tag("REQ-STORE-031")
  void aRecordFileOverwrittenInPlaceWithTheSameSizeIsReadAgain() throws IOException {
    CountingFileOps counting = new CountingFileOps();
    try (LocalStore store = LocalStore.open(dir.resolve("s"), counting)) {
      Emission e = emitted(store, "fn a() {}");
      Path file = recordFile(store, e);
      // An old time stamp, so that the rewrite below gets another one whatever the clock's granularity.
      Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000_000_000L));
      assertThat(request(store, e)).isInstanceOf(Lookup.Hit.class);
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 0x01;
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.write(bytes);
      }
      assertThat(Files.size(file)).isEqualTo(bytes.length);
      int reads = counting.recordReads.get();

      Lookup after = request(store, e);
      assertThat(counting.recordReads.get()).as("the rewritten file is read again").isEqualTo(reads + 1);
      boolean stillTheRecord;
      try {
        stillTheRecord = CapnpCodec.decodeRecord(bytes).equals(e.record());
      } catch (DecodeException undecodable) {
        stillTheRecord = false;
      }
      assertThat(after instanceof Lookup.Hit).as("lookup %s", after).isEqualTo(stillTheRecord);
      if (after instanceof Lookup.Miss m) {
        assertThat(m.reason()).contains(store.relative(file));
      }
    }
  }

  @Test
  void aRecordFileDeletedAfterAHitIsAMiss() throws IOException {
    try (LocalStore store = LocalStore.open(dir.resolve("s"), RealFileOps.INSTANCE)) {
      Emission e = emitted(store, "fn a() {}");
      assertThat(request(store, e)).isInstanceOf(Lookup.Hit.class);
      Files.delete(recordFile(store, e));
      assertThat(request(store, e)).isInstanceOf(Lookup.Miss.class);
      assertThat(store.recordCache().size()).isZero();
    }
  }

  @Test
  @Tag("REQ-STORE-030")
  void aBlobDeletedAfterACachedHitIsAMissNamingTheBlob() throws IOException {
    try (LocalStore store = LocalStore.open(dir.resolve("s"), RealFileOps.INSTANCE)) {
      Emission e = emitted(store, "fn a() {}");
      assertThat(request(store, e)).isInstanceOf(Lookup.Hit.class);
      var blob = e.record().outputs().get(0).blob();
      Files.delete(store.layout().blob(blob.digest()));
      assertThat(request(store, e))
          .isInstanceOfSatisfying(Lookup.Miss.class, m -> assertThat(m.reason()).contains(blob.digest().toString()));
    }
  }

  @Test
  void gcForgetsEveryRememberedRecord() throws IOException {
    try (LocalStore store = LocalStore.open(dir.resolve("s"), RealFileOps.INSTANCE)) {
      Emission e = emitted(store, "fn a() {}");
      request(store, e);
      assertThat(store.recordCache().size()).isEqualTo(1);
      store.gc(GcPolicy.keepSessions(0));
      assertThat(store.recordCache().size()).isZero();
    }
  }

  @Test
  void theCacheStaysWithinItsBudgetAndDropsTheLeastRecentlyUsed() throws IOException {
    CountingFileOps counting = new CountingFileOps();
    List<Emission> emissions = new ArrayList<>();
    long budget;
    try (LocalStore filler = LocalStore.open(dir.resolve("s"), RealFileOps.INSTANCE)) {
      for (int i = 0; i < 5; i++) {
        emissions.add(emitted(filler, "fn f" + i + "() {}"));
      }
      // Room for the two largest records, never for three.
      List<Long> sizes = new ArrayList<>();
      for (Emission e : emissions) {
        sizes.add(Files.size(recordFile(filler, e)));
      }
      sizes.sort(null);
      budget = sizes.get(4) + sizes.get(3);
      assertThat(sizes.get(0) + sizes.get(1) + sizes.get(2)).isGreaterThan(budget);
    }
    try (LocalStore store = LocalStore.open(dir.resolve("s"), counting, true, budget)) {
      for (Emission e : emissions) {
        assertThat(request(store, e)).isInstanceOf(Lookup.Hit.class);
        assertThat(store.recordCache().bytes()).isLessThanOrEqualTo(budget);
      }
      assertThat(store.recordCache().size()).isBetween(1, 2);
      int reads = counting.recordReads.get();
      assertThat(request(store, emissions.get(4))).isInstanceOf(Lookup.Hit.class);
      assertThat(counting.recordReads.get()).as("the most recent record is remembered").isEqualTo(reads);
      assertThat(request(store, emissions.get(0))).isInstanceOf(Lookup.Hit.class);
      assertThat(counting.recordReads.get()).as("the oldest record was dropped").isEqualTo(reads + 1);
    }
  }

  @Test
  void aZeroBudgetRemembersNothing() throws IOException {
    CountingFileOps counting = new CountingFileOps();
    try (LocalStore store = LocalStore.open(dir.resolve("s"), counting, true, 0)) {
      Emission e = emitted(store, "fn a() {}");
      int reads = counting.recordReads.get();
      request(store, e);
      request(store, e);
      assertThat(counting.recordReads.get()).isEqualTo(reads + 2);
      assertThat(store.recordCache().size()).isZero();
    }
  }

  @Test
  void threadsSharingAStoreEachGetTheirOwnRecord() throws Exception {
    try (LocalStore store = LocalStore.open(dir.resolve("s"), RealFileOps.INSTANCE, true, 4096)) {
      List<Emission> emissions = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        emissions.add(emitted(store, "fn g" + i + "() {}"));
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int offset = t;
          results.add(pool.submit(() -> {
            int wrong = 0;
            for (int round = 0; round < 50; round++) {
              Emission e = emissions.get((round * 7 + offset) % emissions.size());
              if (!request(store, e).equals(new Lookup.Hit(e.record()))) {
                wrong++;
              }
            }
            return wrong;
          }));
        }
        for (Future<Integer> r : results) {
          assertThat(r.get()).isZero();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(store.recordCache().bytes()).isLessThanOrEqualTo(4096);
    }
  }
}
