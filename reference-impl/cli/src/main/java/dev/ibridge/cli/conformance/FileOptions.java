package dev.ibridge.cli.conformance;

import dev.ibridge.conformance.checks.Catalog;
import dev.ibridge.conformance.checks.PropertyCheck;
import dev.ibridge.conformance.runner.ExpectedFailures;
import dev.ibridge.property.Counterexample;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks the conformance command's file options before a run starts, so that a bad one costs no
 * run: the files to read must be readable and valid, the directories to write must exist or be
 * creatable and be writable, the file to write must have a writable place.
 */
final class FileOptions {
  private FileOptions() {}

  /** What is wrong with one file option. */
  record FileProblem(Path file, String message) {}

  static Optional<FileProblem> check(Path expectedFailures, Path reportDir, Path writeExpectedFailures, Path replay,
      Path exportFailures) {
    Optional<FileProblem> p = Optional.empty();
    if (expectedFailures != null) {
      p = readable(expectedFailures).or(() -> parsed(expectedFailures, () -> ExpectedFailures.read(expectedFailures)));
    }
    if (p.isEmpty() && replay != null) {
      p = readable(replay).or(() -> replayable(replay));
    }
    if (p.isEmpty() && reportDir != null) {
      p = directory(reportDir, "--report-dir");
    }
    if (p.isEmpty() && exportFailures != null) {
      p = directory(exportFailures, "--export-failures");
    }
    if (p.isEmpty() && writeExpectedFailures != null) {
      p = writableFile(writeExpectedFailures);
    }
    return p;
  }

  /** One line for an I/O error: the file, then what is wrong, without Java's exception names. */
  static String describe(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      return f.getFile() + ": " + reason(f);
    }
    return String.valueOf(e.getMessage());
  }

  private static String reason(FileSystemException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
      return "a file is in the way of a directory";
    }
    return e.getReason() != null ? e.getReason() : "cannot be used";
  }

  private static Optional<FileProblem> readable(Path file) {
    if (!Files.exists(file)) {
      return problem(file, "no such file");
    }
    if (Files.isDirectory(file)) {
      return problem(file, "is a directory, not a file");
    }
    if (!Files.isReadable(file)) {
      return problem(file, "cannot be read (permission denied)");
    }
    return Optional.empty();
  }

  private interface Reading {
    void run() throws IOException;
  }

  private static Optional<FileProblem> parsed(Path file, Reading read) {
    try {
      read.run();
      return Optional.empty();
    } catch (CharacterCodingException e) {
      return problem(file, "is not UTF-8 text");
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      return problem(file, m.startsWith(file.toString() + ":") ? m.substring(file.toString().length() + 1).strip() : m);
    }
  }

  private static Optional<FileProblem> replayable(Path file) {
    Counterexample c;
    try {
      c = Counterexample.read(file);
    } catch (CharacterCodingException e) {
      return problem(file, "is not a counterexample file (not UTF-8 JSON)");
    } catch (IOException | RuntimeException e) {
      String m = String.valueOf(e.getMessage());
      String prefix = "not a counterexample file: " + file + ": ";
      return problem(file, "is not a counterexample file from --export-failures: "
          + (m.startsWith(prefix) ? m.substring(prefix.length()) : m));
    }
    var check = Catalog.byId(c.property());
    if (check.isEmpty()) {
      return problem(file, "names " + c.property() + ", which is not a check");
    }
    if (!(check.get() instanceof PropertyCheck<?>)) {
      return problem(file, "names " + c.property() + ", which is not a property check");
    }
    return Optional.empty();
  }

  private static Optional<FileProblem> directory(Path dir, String option) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      return problem(dir, option + " must be a directory, and this is a file");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      return problem(dir, "cannot create the " + option + " directory: "
          + (e instanceof FileSystemException f ? reason(f) : e.getMessage()));
    }
    if (!Files.isWritable(dir)) {
      return problem(dir, "the " + option + " directory is not writable");
    }
    return Optional.empty();
  }

  private static Optional<FileProblem> writableFile(Path file) {
    if (Files.isDirectory(file)) {
      return problem(file, "is a directory; --write-expected-failures writes a file");
    }
    if (Files.exists(file)) {
      return Files.isWritable(file) ? Optional.empty() : problem(file, "cannot be written (permission denied)");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return problem(file, "cannot be written: its directory does not exist");
    }
    if (!Files.isWritable(parent)) {
      return problem(file, "cannot be written: its directory is not writable");
    }
    return Optional.empty();
  }

  private static Optional<FileProblem> problem(Path file, String message) {
    return Optional.of(new FileProblem(file, message));
  }
}
