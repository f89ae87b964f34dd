package dev.ibridge.conformance.harness;

import dev.ibridge.key.Keys;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The runner's own view of a store directory, through the layout of spec/store.adoc: where files
 * must be, and what is in them. It never trusts the testee. The checks read the stores a testee
 * wrote with it, and the store mutants use it to damage their own store in one controlled way; the
 * Java reference's verify of such a store is the checks' {@code StoreVerification}.
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
}
