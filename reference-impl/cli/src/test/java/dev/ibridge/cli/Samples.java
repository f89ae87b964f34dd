package dev.ibridge.cli;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.codec.MessageType;
import dev.ibridge.json.JsonForm;
import dev.ibridge.key.Keys;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.Emitted;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Record;
import dev.ibridge.model.SessionEnded;
import dev.ibridge.model.SessionStarted;
import dev.ibridge.model.StoreHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/** One valid value of every single-message type, built from the bundled examples. */
final class Samples {
  private Samples() {}

  static Record record() {
    return parse(JsonForm.RECORD, "record.json");
  }

  static KeyMaterial keyMaterial() {
    return parse(JsonForm.KEY_MATERIAL, "key-material.json");
  }

  static Object of(MessageType type) {
    Record r = record();
    return switch (type) {
      case RECORD -> r;
      case KEY_MATERIAL -> r.keyMaterial();
      case STORE_HEADER -> new StoreHeader(1, 0, DigestAlgorithm.SHA256, "ibridge tests");
      case OUTPUT_MANIFEST -> Keys.manifest(r.outputs());
      case JOURNAL_EVENT -> new JournalEvent(
          7,
          Instant.parse("2026-11-25T12:00:00.125Z"),
          new Emitted(r.subject(), r.facet(), r.inputKey(), r.outputFingerprint(), EmitOutcome.CREATED, 4096, 0));
      case JOURNAL_FILE -> throw new IllegalArgumentException("a journal is not a single message");
    };
  }

  /** A whole session "s1": started, the sample record emitted, ended. */
  static List<JournalEvent> journal() {
    JournalEvent emitted = (JournalEvent) of(MessageType.JOURNAL_EVENT);
    return List.of(
        new JournalEvent(0, emitted.timestamp(), new SessionStarted("s1", record().producer())),
        new JournalEvent(1, emitted.timestamp(), emitted.event()),
        new JournalEvent(2, emitted.timestamp().plusMillis(3), new SessionEnded("s1", 0, 1, 1)));
  }

  private static <T> T parse(JsonForm<T> form, String example) {
    try {
      return form.parse(Files.readAllBytes(Examples.path(example)));
    } catch (DecodeException e) {
      throw new IllegalStateException("examples/" + example + " is not valid: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
