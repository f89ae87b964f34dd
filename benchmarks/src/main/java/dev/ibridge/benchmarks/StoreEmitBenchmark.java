package dev.ibridge.benchmarks;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.store.EmitResult;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Emit throughput: records per second into a growing store, each record new (a fresh unit of the
 * {@link SyntheticWorkspace}) with one blob of {@code blobBytes} bytes. Records and blobs are
 * generated before each batch, outside the measured time. The {@code writtenBytes} counter is
 * the bytes of record files and new blobs per second, for MB/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StoreEmitBenchmark {
  static final int BATCH = 100;

  /** Where the store lives: {@code tmpfs} (/dev/shm) or {@code disk} (java.io.tmpdir). */
  @Param({"tmpfs", "disk"})
  public String fs;

  /** Size of each record's output blob. */
  @Param("16384")
  public int blobBytes;

  private Path dir;
  private Store store;
  private SyntheticWorkspace workspace;
  private int nextUnit;
  private SyntheticWorkspace.Emission[] batch;
  private long recordBytes;

  /** Bytes written, reported per second next to the records per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Written {
    public long writtenBytes;

    @Setup(Level.Iteration)
    public void reset() {
      writtenBytes = 0;
    }
  }

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = BenchStores.createDir(fs, "emit");
    store = Store.open(dir);
    workspace = new SyntheticWorkspace(blobBytes, 13);
    batch = new SyntheticWorkspace.Emission[BATCH];
  }

  @Setup(Level.Invocation)
  public void prepareBatch() {
    recordBytes = 0;
    for (int i = 0; i < BATCH; i++) {
      int unit = nextUnit++;
      batch[i] = workspace.emission(unit, SyntheticWorkspace.FACETS.get(unit % SyntheticWorkspace.FACETS.size()));
      recordBytes += CapnpCodec.encodeRecord(batch[i].record()).length;
    }
  }

  @TearDown(Level.Trial)
  public void remove() throws IOException {
    store.close();
    BenchStores.delete(dir);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void emitNew(Written written) throws IOException {
    long bytes = recordBytes;
    for (SyntheticWorkspace.Emission e : batch) {
      EmitResult result = store.emit(e.record(), e.blobs());
      if (result.outcome() != EmitOutcome.CREATED) {
        throw new IllegalStateException("a new record was not created: " + result);
      }
      bytes += result.bytesWritten();
    }
    written.writtenBytes += bytes;
  }
}
