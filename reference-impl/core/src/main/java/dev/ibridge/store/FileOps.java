package dev.ibridge.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The few file-system steps a store is built from. Production code uses {@link RealFileOps}; tests
 * wrap it in a forwarding decorator that fails or "crashes" between two steps.
 */
interface FileOps {
  /** Writes {@code content} to a new, uniquely named file in {@code stagingDir} and flushes it to disk. */
  Path stage(Path stagingDir, byte[] content) throws IOException;

  /**
   * Makes {@code staged} visible at {@code target} only if nothing is there yet, atomically.
   *
   * @throws java.nio.file.FileAlreadyExistsException when {@code target} exists
   */
  void publishNew(Path staged, Path target) throws IOException;

  /** Moves {@code staged} to {@code target} atomically, replacing whatever was there. */
  void publishReplacing(Path staged, Path target) throws IOException;

  /**
   * Reads a whole regular file, refusing symbolic links and files larger than {@code maxBytes}.
   *
   * @throws java.nio.file.NoSuchFileException when there is no file
   */
  byte[] read(Path file, long maxBytes) throws IOException;

  /** Deletes a file if it exists. */
  void delete(Path file) throws IOException;
}
