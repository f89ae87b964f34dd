package dev.ibridge.conformance.checks;

import dev.ibridge.key.Keys;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Subject;
import dev.ibridge.store.Store;
import dev.ibridge.store.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The runner's own view of a store directory, through the layout of spec/store.adoc and the Java
 * reference reader: where files must be, and what is in them. It never trusts the testee.
 */
public final class StoreFiles {
  private StoreFiles() {}

  public static Path record(Path store, Facet facet, Digest key) {
    String h = key.hex();
    return store.resolve("records").resolve(facet.name()).resolve(h.substring(0, 2)).resolve(h);
  }

  public static Path blob(Path store, Digest digest) {
    String h = digest.hex();
    return store.resolve("blobs").resolve("sha256").resolve(h.substring(0, 2)).resolve(h);
  }

  public static Path head(Path store, Facet facet, Subject subject) {
    String h = Keys.subjectDigest(subject).hex();
    return store.resolve("heads").resolve(facet.name()).resolve(h.substring(0, 2)).resolve(h);
  }

  /** Every regular file and symbolic link under {@code dir}, by relative path, with its bytes (links: their target). */
  public static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        String rel = dir.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          files.put(rel, "link -> " + Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          files.put(rel, Arrays.toString(DigestAlgorithm.SHA256.hash(Files.readAllBytes(p))));
        } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          files.put(rel, "special file");
        }
      }
    }
    return files;
  }

  /** The Java reference's verify of the store; the store must exist. */
  public static VerifyReport verify(Path store) throws IOException {
    if (!Files.isRegularFile(store.resolve("STORE"), LinkOption.NOFOLLOW_LINKS)) {
      throw new CheckFailure("there is no STORE file in " + store + " after the testee wrote to it");
    }
    try (Store s = Store.open(store)) {
      return s.verify();
    }
  }

  /** Fails when the Java reference's verify finds any problem in the store. */
  public static void requireVerifies(Path store, String after) throws IOException {
    VerifyReport report = verify(store);
    if (!report.ok()) {
      StringBuilder sb = new StringBuilder("the store does not verify after " + after + ":");
      report.problems().stream().limit(8).forEach(p -> sb.append(" [").append(p.kind()).append(' ')
          .append(p.path()).append(": ").append(p.message()).append(']'));
      throw new CheckFailure(sb.toString());
    }
  }
}
