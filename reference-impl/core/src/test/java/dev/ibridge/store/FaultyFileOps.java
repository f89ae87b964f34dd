package dev.ibridge.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Forwards to the real file operations, except that it fails the chosen step: it throws before a
 * publication whose target matches, as a crash or a full disk would stop the process there.
 */
final class FaultyFileOps implements FileOps {
  private final FileOps real;
  private volatile Predicate<Path> failPublishTo = p -> false;

  FaultyFileOps(FileOps real) {
    this.real = real;
  }

  void failPublishingTo(Predicate<Path> targets) {
    this.failPublishTo = targets;
  }

  private void maybeFail(Path target) throws IOException {
    if (failPublishTo.test(target)) {
      throw new IOException("injected fault: publishing " + target + " failed");
    }
  }

  @Override
  public Path stage(Path stagingDir, byte[] content) throws IOException {
    return real.stage(stagingDir, content);
  }

  @Override
  public void publishNew(Path staged, Path target) throws IOException {
    maybeFail(target);
    real.publishNew(staged, target);
  }

  @Override
  public void publishReplacing(Path staged, Path target) throws IOException {
    maybeFail(target);
    real.publishReplacing(staged, target);
  }

  @Override
  public byte[] read(Path file, long maxBytes) throws IOException {
    return real.read(file, maxBytes);
  }

  @Override
  public void delete(Path file) throws IOException {
    real.delete(file);
  }
}
