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
