package dev.ibridge.store;

import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where each kind of file lives in a version 1 store. Every path is built from the validated facet
 * name, lower-case hex digests and validated session ids only, and checked to stay under the root.
 */
final class StorePaths {
  static final String HEADER = "STORE";
  static final String LOCK = "lock";
  static final String BLOBS = "blobs";
  static final String RECORDS = "records";
  static final String HEADS = "heads";
  static final String JOURNAL = "journal";
  static final String TMP = "tmp";
  static final String JOURNAL_SUFFIX = ".avro";

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern FAN_OUT = Pattern.compile("[0-9a-f]{2}");
  private static final Pattern SESSION_ID = Pattern.compile("s-[0-9]{13}-[0-9a-f]{16}");

  private final Path root;

  StorePaths(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  Path header() {
    return root.resolve(HEADER);
  }

  Path lock() {
    return root.resolve(LOCK);
  }

  Path tmp() {
    return root.resolve(TMP);
  }

  Path blobs() {
    return root.resolve(BLOBS).resolve("sha256");
  }

  Path records() {
    return root.resolve(RECORDS);
  }

  Path heads() {
    return root.resolve(HEADS);
  }

  Path journal() {
    return root.resolve(JOURNAL);
  }

  Path blob(Digest digest) {
    String hex = digest.hex();
    return inside(blobs().resolve(hex.substring(0, 2)).resolve(hex));
  }

  Path record(Facet facet, Digest inputKey) {
    String hex = inputKey.hex();
    return inside(records().resolve(facet.name()).resolve(hex.substring(0, 2)).resolve(hex));
  }

  Path head(Facet facet, Digest subjectDigest) {
    String hex = subjectDigest.hex();
    return inside(heads().resolve(facet.name()).resolve(hex.substring(0, 2)).resolve(hex));
  }

  Path journalFile(String sessionId) {
    if (!isSessionId(sessionId)) {
      throw new IllegalArgumentException("not a session id: \"" + sessionId + "\"");
    }
    return inside(journal().resolve(sessionId + JOURNAL_SUFFIX));
  }

  static boolean isHex64(String name) {
    return HEX64.matcher(name).matches();
  }

  static boolean isFanOut(String name) {
    return FAN_OUT.matcher(name).matches();
  }

  static boolean isSessionId(String name) {
    return SESSION_ID.matcher(name).matches();
  }

  /**
   * Returns {@code path} after checking that it lies strictly under the root. The names used to
   * build store paths are validated already; this is the second line of defence.
   */
  Path inside(Path path) {
    Path normal = path.toAbsolutePath().normalize();
    if (!normal.startsWith(root) || normal.equals(root)) {
      throw new IllegalArgumentException("path " + path + " escapes the store at " + root);
    }
    return normal;
  }
}
