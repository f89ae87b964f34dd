package dev.ibridge.cli.store;

import dev.ibridge.key.Keys;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Record;
import java.util.Optional;

/**
 * Whether a record's two digests are those of its content. 'ibridge decode' and 'ibridge store
 * emit' both report a mismatch as a failed check (exit 1), in these words.
 */
public final class RecordDigests {
  private RecordDigests() {}

  /** What is wrong with the record's {@code inputKey} or {@code outputFingerprint}, if anything. */
  public static Optional<String> mismatch(Record record) {
    Digest key = Keys.inputKey(record.keyMaterial());
    if (!key.equals(record.inputKey())) {
      return Optional.of("inputKey " + record.inputKey() + " is not the key of the record's keyMaterial, " + key);
    }
    Digest fingerprint = Keys.outputFingerprint(record.outputs());
    if (!fingerprint.equals(record.outputFingerprint())) {
      return Optional.of("outputFingerprint " + record.outputFingerprint()
          + " is not the fingerprint of the record's observable outputs, " + fingerprint);
    }
    return Optional.empty();
  }
}
