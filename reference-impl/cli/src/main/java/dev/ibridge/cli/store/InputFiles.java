package dev.ibridge.cli.store;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.json.JsonForm;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Limits;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import dev.ibridge.store.RecordSummary;

/** Reading the files named on a store command line, each failure one line naming the file. */
final class InputFiles {
  static final long MAX_BLOB_BYTES = Limits.MAX_BLOB_BYTES;

  private InputFiles() {}

  static byte[] read(Path file, long maxBytes) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new Outcome(Outcome.INPUT, file.toString(), "no such file, or not a regular file");
      }
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new Outcome(Outcome.INPUT, file.toString(), "is " + size + " bytes, more than the limit of " + maxBytes);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new Outcome(Outcome.INPUT, file.toString(), "cannot read: " + e.getMessage());
    }
  }

  static <T> T parse(JsonForm<T> form, Path file) {
    try {
      return form.parse(read(file, dev.ibridge.model.Limits.MAX_MESSAGE_BYTES));
    } catch (DecodeException e) {
      throw new Outcome(Outcome.INPUT, file.toString(), "not valid " + form.type().getSimpleName() + " JSON: " + e.getMessage());
    }
  }

  /** Whether {@code text} is hex, with or without {@code sha256:}, shorter than a whole key. */
  static boolean isPrefix(String text) {
    String hex = text.startsWith("sha256:") ? text.substring("sha256:".length()) : text;
    return !hex.isEmpty() && hex.length() < 64 && hex.matches("[0-9a-fA-F]+");
  }

  /** The one stored key that starts with {@code text}; none, or more than one, is an input error. */
  static Digest resolvePrefix(String text, List<RecordSummary> records) {
    String hex = (text.startsWith("sha256:") ? text.substring("sha256:".length()) : text).toLowerCase(Locale.ROOT);
    List<Digest> matches = records.stream().map(RecordSummary::inputKey).distinct()
        .filter(k -> k.hex().startsWith(hex)).toList();
    if (matches.isEmpty()) {
      throw new Outcome(Outcome.INPUT, text, "no stored key starts with " + hex + " (see 'ibridge store ls')");
    }
    if (matches.size() > 1) {
      throw new Outcome(Outcome.INPUT, text, matches.size() + " stored keys start with " + hex + " ("
          + matches.stream().limit(3).map(k -> k.hex().substring(0, Math.min(64, hex.length() + 4))).collect(Collectors.joining(", "))
          + (matches.size() > 3 ? ", ..." : "") + "); give more of the key");
    }
    return matches.get(0);
  }

  static Digest key(String text) {
    try {
      return Digest.parse(text.contains(":") ? text : "sha256:" + text);
    } catch (IllegalArgumentException e) {
      throw new Outcome(Outcome.INPUT, text, "not an input key: " + e.getMessage());
    }
  }

  static String subject(Subject s) {
    Unit u = s.unit();
    String unit = u.packageId() + " " + u.targetKind() + ":" + u.targetName();
    return s.isWholeUnit() ? unit : unit + " " + s.modulePath();
  }
}
