package dev.ibridge.benchmarks;

import dev.ibridge.activity.ActivityReport;
import dev.ibridge.activity.ActivityRunner;
import dev.ibridge.activity.SampleWorkspace;
import dev.ibridge.activity.Selection;
import dev.ibridge.activity.Workspace;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's size after {@code check; clippy; build} on the bundled sample workspace, against
 * the three activities each run alone into its own empty store (the way cargo keeps check, clippy
 * and build artifacts apart). The time is that of one cold {@code check; clippy; build} through a
 * fresh store; the counters are bytes and files, the same in every iteration. The separate stores
 * are measured once per trial, outside the timed part.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class StoreFootprintBenchmark {
  static final List<String> ACTIVITIES = List.of("check", "clippy", "build");

  /** Where the stores live: {@code tmpfs} (/dev/shm) or {@code disk} (java.io.tmpdir). */
  @Param("tmpfs")
  public String fs;

  private final ActivityRunner runner = ActivityRunner.reference();
  private final Workspace workspace = SampleWorkspace.load();
  private long separateBytes;
  private long separateFiles;

  /** Bytes and files of the shared store and of the three separate ones. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Footprint {
    public long sharedStoreBytes;
    public long separateStoresBytes;
    public long sharedStoreFiles;
    public long separateStoresFiles;
    public long blobBytesWritten;

    @Setup(Level.Iteration)
    public void reset() {
      sharedStoreBytes = 0;
      separateStoresBytes = 0;
      sharedStoreFiles = 0;
      separateStoresFiles = 0;
      blobBytesWritten = 0;
    }
  }

  @Setup(Level.Trial)
  public void measureSeparateStores() throws IOException {
    for (String activity : ACTIVITIES) {
      Path alone = BenchStores.createDir(fs, "footprint-" + activity);
      try {
        try (Store store = Store.open(alone)) {
          runner.run(store, workspace, activity, Selection.all());
        }
        separateBytes += BenchStores.bytes(alone);
        separateFiles += BenchStores.files(alone);
      } finally {
        BenchStores.delete(alone);
      }
    }
  }

  @Benchmark
  public void checkClippyBuild(Footprint footprint) throws IOException {
    Path shared = BenchStores.createDir(fs, "footprint");
    try {
      try (Store store = Store.open(shared)) {
        for (String activity : ACTIVITIES) {
          ActivityReport report = runner.run(store, workspace, activity, Selection.all());
          footprint.blobBytesWritten += report.bytesWritten();
        }
      }
      footprint.sharedStoreBytes += BenchStores.bytes(shared);
      footprint.sharedStoreFiles += BenchStores.files(shared);
    } finally {
      BenchStores.delete(shared);
    }
    footprint.separateStoresBytes += separateBytes;
    footprint.separateStoresFiles += separateFiles;
  }
}
