package dev.ibridge.store;

import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Producer;
import dev.ibridge.store.Fixtures.Emission;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A child process for the crash and concurrency tests. It loads every class it needs, prints
 * {@code ready}, waits for {@code go} on stdin, opens the store and prints {@code open}, then
 * emits, printing {@code <outcome> <facet> <key hex>} after each emit returns.
 *
 * <pre>
 *   EmitterMain STORE endless SEED   emit fresh records in journaled sessions until killed
 *   EmitterMain STORE overlap SEED   emit the shared key set in a seed-shuffled order, then exit
 *   EmitterMain STORE hold SEED      keep the store open until a second line arrives on stdin
 * </pre>
 */
public final class EmitterMain {
  static final List<Facet> FACETS = List.of(Facet.ANALYSIS, Facet.METADATA, new Facet("org.rust-lang.clippy.lints"));
  static final int OVERLAP_KEYS = 60;

  private EmitterMain() {}

  /** The record for shared key {@code i}: the same bytes in every process that emits it. */
  static Emission shared(int i) {
    Facet facet = FACETS.get(i % FACETS.size());
    KeyMaterial km = Fixtures.material(Fixtures.subject("crate" + (i / FACETS.size())), facet, "source " + i);
    String content = "shared output " + i + " " + "x".repeat(i * 97 % 3000);
    return Fixtures.emission(Fixtures.CHECK, km, Map.of("out", content, "common", "common blob"));
  }

  /** A fresh record from a random source, with a blob of up to 256 KiB so writes take a while. */
  static Emission fresh(Random random, long n) {
    Facet facet = FACETS.get(random.nextInt(FACETS.size()));
    KeyMaterial km = Fixtures.material(Fixtures.subject("c" + random.nextInt(50)), facet, "v" + n + "-" + random.nextLong());
    char[] body = new char[random.nextInt(256 * 1024)];
    java.util.Arrays.fill(body, (char) ('a' + random.nextInt(26)));
    return Fixtures.emission(new Producer("check", "emitter", "1"), km,
        Map.of("out", new String(body), "small", "s" + random.nextInt(20)));
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String mode = args[1];
    long seed = Long.parseLong(args[2]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Random random = new Random(seed);
    fresh(new Random(0), 0);
    shared(0);
    out.println("ready");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!"go".equals(in.readLine())) {
      return;
    }
    try (Store store = Store.open(dir)) {
      out.println("open");
      if (mode.equals("hold")) {
        in.readLine();
        return;
      }
      if (mode.equals("endless")) {
        for (long n = 0; ; n++) {
          try (Session session = store.session(new Producer("check", "emitter", "1"))) {
            for (int i = 0; i < 5; i++, n++) {
              Emission e = fresh(random, n);
              report(out, session.emit(e.record(), e.blobs()).outcome(), e);
            }
          }
        }
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < OVERLAP_KEYS; i++) {
        order.add(i);
      }
      Collections.shuffle(order, random);
      try (Session session = store.session(new Producer("check", "emitter", Long.toString(seed)))) {
        for (int i : order) {
          Emission e = shared(i);
          report(out, session.emit(e.record(), e.blobs()).outcome(), e);
        }
      }
      out.println("done");
    }
  }

  private static void report(PrintStream out, EmitOutcome outcome, Emission e) {
    out.println(outcome + " " + e.record().facet() + " " + e.key().hex());
  }
}
