package dev.ibridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a child JVM that emits in a loop, at a random moment, again and again. After each kill
 * the store verifies, every record a child saw emitted is there whole, and the next open empties
 * the staging area. Five children emit at once and each is killed at its own random moment; the
 * next round's children boot while the last round is checked, to keep the test quick.
 */
class CrashSafetyTest {
  static final int PARALLEL = 5;
  static final int ROUNDS = 10;
  static final int KILLS = PARALLEL * ROUNDS;
  static final Pattern EMITTED = Pattern.compile("(CREATED|ALREADY_PRESENT) (\\S+) ([0-9a-f]{64})");

  @TempDir Path dir;

  @Test
  @Tag("REQ-STORE-010")
  @Tag("REQ-STORE-021")
  void killingAnEmitterAtAnyMomentLeavesAWholeStore() throws Exception {
    long seed = Long.getLong("ibridge.seed", new Random().nextLong());
    Random random = new Random(seed);
    String replay = "seed " + seed + "; replay: mvn -o -q -pl reference-impl/core -am test"
        + " -Dsurefire.failIfNoSpecifiedTests=false -Dtest=CrashSafetyTest -Dibridge.seed=" + seed;
    Path root;
    try (Store store = Store.open(dir.resolve("store"))) {
      root = store.root();
    }
    int killsWithStagingGarbage = 0;
    long recordsSeen = 0;
    List<ChildProcesses.Child> next = spawn(root, random);
    for (int round = 0; round < ROUNDS; round++) {
      List<ChildProcesses.Child> children = next;
      for (ChildProcesses.Child child : children) {
        child.awaitReadyAndGo();
      }
      for (ChildProcesses.Child child : children) {
        child.awaitLine("open");
      }
      List<Integer> delays = new ArrayList<>();
      for (int i = 0; i < children.size(); i++) {
        delays.add(50 + random.nextInt(351));
      }
      Collections.sort(delays);
      long started = System.nanoTime();
      for (int i = 0; i < children.size(); i++) {
        long wait = delays.get(i) - (System.nanoTime() - started) / 1_000_000;
        // Each child gets its own random lifetime; children killed together stop at different points.
        Thread.sleep(Math.max(0, wait));
        children.get(i).kill();
      }
      next = round + 1 < ROUNDS ? spawn(root, random) : List.of();
      String context = "after round " + round + ", " + replay;

      if (stagingFiles(root) > 0) {
        killsWithStagingGarbage++;
      }
      try (Store store = Store.open(root)) {
        assertThat(stagingFiles(root)).as("staging files left after reopening, " + context).isZero();
        VerifyReport report = store.verify();
        assertThat(report.problems()).as(context).isEmpty();
        for (ChildProcesses.Child child : children) {
          assertThat(child.process.exitValue()).as("the child was killed, not ended, " + context).isNotZero();
          for (String line : child.lines()) {
            Matcher m = EMITTED.matcher(line);
            if (m.matches()) {
              Facet facet = new Facet(m.group(2));
              Digest key = Digest.sha256(Bytes.fromHex(m.group(3)));
              assertThat(store.record(key)).as("record " + key + " reported emitted, " + context).isPresent()
                  .get().extracting(dev.ibridge.model.Record::facet).isEqualTo(facet);
              recordsSeen++;
            }
          }
        }
      }
    }
    System.out.println("crash safety: " + KILLS + " kills, " + killsWithStagingGarbage
        + " rounds left staging files, " + recordsSeen + " reported emits checked, " + replay);
    assertThat(recordsSeen).as("the children emitted something before they were killed, " + replay).isPositive();
  }

  /** Starts the next round's children, so their JVMs boot while the last round is checked. */
  private static List<ChildProcesses.Child> spawn(Path root, Random random) throws IOException {
    List<ChildProcesses.Child> children = new ArrayList<>();
    for (int i = 0; i < PARALLEL; i++) {
      children.add(new ChildProcesses.Child(
          root, "endless", random.nextLong(), Files.createTempFile(root.getParent(), "child-", ".log")));
    }
    return children;
  }

  private static long stagingFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root.resolve("tmp"))) {
      return s.count();
    }
  }
}
