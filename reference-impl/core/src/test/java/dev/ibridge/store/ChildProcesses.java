package dev.ibridge.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link EmitterMain} on this test's classpath, with its output collected. */
final class ChildProcesses {
  private ChildProcesses() {}

  static final class Child {
    final Process process;
    private final BufferedReader stdout;
    private final Writer stdin;
    private final List<String> lines = new ArrayList<>();
    private CompletableFuture<Void> drain;

    /** Starts the child; its stderr goes to {@code log}, never to this JVM's own streams. */
    Child(Path store, String mode, long seed, Path log) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-XX:-UsePerfData", "-Dslf4j.internal.verbosity=ERROR", "-cp",
          System.getProperty("java.class.path"), EmitterMain.class.getName(), store.toString(), mode, Long.toString(seed))
          .redirectError(log.toFile())
          .start();
      stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Waits for {@code ready}, then tells the child to start and collects its lines from then on. */
    void awaitReadyAndGo() throws IOException {
      String first = stdout.readLine();
      if (!"ready".equals(first)) {
        throw new IOException("child did not start: first line " + first);
      }
      stdin.write("go\n");
      stdin.flush();
      drain = CompletableFuture.runAsync(() -> {
        try {
          for (String line; (line = stdout.readLine()) != null; ) {
            synchronized (lines) {
              lines.add(line);
            }
          }
        } catch (IOException e) {
          // The child was killed mid-line; what was read is kept.
        }
      });
    }

    /** Waits until the child has printed {@code line}, or has ended; a generous hang guard applies. */
    void awaitLine(String line) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline && process.isAlive()) {
        synchronized (lines) {
          if (lines.contains(line)) {
            return;
          }
        }
        Thread.sleep(5);
      }
    }

    /** Every whole line the child printed after {@code go}, once its output has ended. */
    List<String> lines() throws Exception {
      drain.get(60, TimeUnit.SECONDS);
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }

    /** Sends one more line to the child's stdin. */
    void send(String line) throws IOException {
      stdin.write(line + "\n");
      stdin.flush();
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(60, TimeUnit.SECONDS);
    }
  }
}
