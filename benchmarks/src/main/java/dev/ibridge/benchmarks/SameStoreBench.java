package dev.ibridge.benchmarks;

import dev.ibridge.key.Keys;
import dev.ibridge.model.Digest;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Record;
import dev.ibridge.store.Lookup;
import dev.ibridge.store.RecordSummary;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Java side of {@code benchmarks/rust-vs-java.sh}: the same measurement as the Rust
 * {@code ibridge-bench} on an existing store, printed as one JSON line.
 *
 * <pre>java -cp benchmarks.jar dev.ibridge.benchmarks.SameStoreBench STORE [--rounds N] [--warmups W]</pre>
 *
 * <p>The key materials are those of the records the store's heads name, in input-key order. Each
 * round derives keys over all of them ({@link Keys#inputKey}), again and again until at least 0.5 s
 * has passed, and requests each of them once ({@link Store#request}), timing every call. W warm-up
 * rounds (default 3) come first so the JIT has compiled the hot paths: the figures are the
 * in-process steady state, not a cold start. Keys/s is the median over the N rounds (default 5); the
 * request median and p99 are over every call of the N rounds.
 *
 * <p>Requests go to the store as {@link Store#open} makes it, whose record cache (REQ-STORE-086) the
 * warm-up has filled ({@code "cache":"warm"}). The same rounds are then repeated on the store opened
 * with no record cache, which is what the Rust store does on every call; those figures are the
 * {@code …NoCache} fields. A request that misses, or a derived key that differs from the record's,
 * fails the run.
 */
public final class SameStoreBench {
  private static final long MIN_ROUND_NANOS = 500_000_000L;

  /** Folds every derived key into one value, so the JIT cannot drop the derivation. */
  private static volatile int sink;

  private SameStoreBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = null;
    int rounds = 5;
    int warmups = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Math.max(1, number(args, ++i));
        case "--warmups" -> warmups = number(args, ++i);
        default -> {
          if (args[i].startsWith("--") || dir != null) {
            throw new IllegalArgumentException("usage: SameStoreBench STORE [--rounds N] [--warmups W], got " + args[i]);
          }
          dir = Path.of(args[i]);
        }
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("usage: SameStoreBench STORE [--rounds N] [--warmups W]");
    }

    List<KeyMaterial> materials = new ArrayList<>();
    double keysPerSecond;
    long[] warm;
    try (Store store = Store.open(dir)) {
      List<Record> records = new ArrayList<>();
      for (RecordSummary s : store.list(Optional.empty())) {
        if (s.head()) {
          records.add(store.record(s.inputKey())
              .orElseThrow(() -> new IllegalStateException("the head of " + s.facet() + " names no readable record")));
        }
      }
      if (records.isEmpty()) {
        throw new IllegalStateException(dir + " has no heads");
      }
      records.sort(Comparator.comparing(r -> r.inputKey().hex()));
      for (Record r : records) {
        if (!Keys.inputKey(r.keyMaterial()).equals(r.inputKey())) {
          throw new IllegalStateException("a record of " + r.keyMaterial().facet() + " does not derive its own input key");
        }
        materials.add(r.keyMaterial());
      }
      double[] rates = new double[rounds];
      warm = new long[rounds * materials.size()];
      for (int round = 0; round < warmups + rounds; round++) {
        double rate = deriveRound(materials);
        long[] times = requestRound(store, materials);
        if (round >= warmups) {
          rates[round - warmups] = rate;
          System.arraycopy(times, 0, warm, (round - warmups) * times.length, times.length);
        }
      }
      Arrays.sort(rates);
      keysPerSecond = rates[rates.length / 2];
    }
    long[] cold = new long[rounds * materials.size()];
    try (Store store = Store.open(dir, 0)) {
      for (int round = 0; round < warmups + rounds; round++) {
        long[] times = requestRound(store, materials);
        if (round >= warmups) {
          System.arraycopy(times, 0, cold, (round - warmups) * times.length, times.length);
        }
      }
    }
    Arrays.sort(warm);
    Arrays.sort(cold);
    System.out.println(String.format(Locale.ROOT,
        "{\"impl\":\"java\",\"keysPerSecond\":%.0f,\"requestMedianMicros\":%.2f,\"requestP99Micros\":%.2f,"
            + "\"records\":%d,\"rounds\":%d,\"warmups\":%d,\"cache\":\"warm\","
            + "\"requestMedianMicrosNoCache\":%.2f,\"requestP99MicrosNoCache\":%.2f}",
        keysPerSecond, micros(quantile(warm, 0.5)), micros(quantile(warm, 0.99)), materials.size(), rounds, warmups,
        micros(quantile(cold, 0.5)), micros(quantile(cold, 0.99))));
  }

  /** Keys per second over whole passes through every material, for at least 0.5 s. */
  private static double deriveRound(List<KeyMaterial> materials) {
    long start = System.nanoTime();
    long derived = 0;
    int fold = 0;
    while (true) {
      for (KeyMaterial km : materials) {
        Digest d = Keys.inputKey(km);
        fold ^= d.value().hashCode();
      }
      derived += materials.size();
      long elapsed = System.nanoTime() - start;
      if (elapsed >= MIN_ROUND_NANOS) {
        sink = fold;
        return derived * 1e9 / elapsed;
      }
    }
  }

  /** The time of one request of each material, in nanoseconds. */
  private static long[] requestRound(Store store, List<KeyMaterial> materials) {
    long[] times = new long[materials.size()];
    for (int i = 0; i < times.length; i++) {
      KeyMaterial km = materials.get(i);
      long start = System.nanoTime();
      Lookup lookup = store.request(km.subject(), km.facet(), km);
      times[i] = System.nanoTime() - start;
      if (lookup instanceof Lookup.Miss miss) {
        throw new IllegalStateException("a request of a head missed: " + miss.reason());
      }
    }
    return times;
  }

  /** The nearest-rank quantile of sorted values. */
  private static long quantile(long[] sorted, double q) {
    int rank = (int) Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
    return sorted[rank - 1];
  }

  private static double micros(long nanos) {
    return nanos / 1000.0;
  }

  private static int number(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a number");
    }
    return Integer.parseInt(args[i]);
  }
}
