package dev.ibridge.internal.vectors;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.json.JsonForm;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.OutputManifest;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import dev.ibridge.model.Subject;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One protocol message type that has golden vectors: its name in the vector files, the directory
 * its vectors live in, its JSON form and the wire encodings it has. Cap'n Proto holds what is
 * stored (Record, StoreHeader, KeyMaterial); Avro holds what is streamed or hashed (KeyMaterial,
 * OutputManifest, JournalEvent, Subject).
 */
public final class VectorType<T> {
  /** Decodes one Cap'n Proto message of this type. */
  @FunctionalInterface
  public interface CapnpDecoder<T> {
    T decode(byte[] bytes) throws DecodeException;
  }

  /** The Cap'n Proto encoding of a type, when it has one. */
  public record Capnp<T>(Function<T, byte[]> encoder, CapnpDecoder<T> decoder) {}

  public static final VectorType<Record> RECORD =
      new VectorType<>(
          "Record",
          "record",
          ValueJson.of(JsonForm.RECORD),
          new Capnp<>(CapnpCodec::encodeRecord, CapnpCodec::decodeRecord),
          null);
  public static final VectorType<StoreHeader> STORE_HEADER =
      new VectorType<>(
          "StoreHeader",
          "store-header",
          ValueJson.of(JsonForm.STORE_HEADER),
          new Capnp<>(CapnpCodec::encodeStoreHeader, CapnpCodec::decodeStoreHeader),
          null);
  public static final VectorType<KeyMaterial> KEY_MATERIAL =
      new VectorType<>(
          "KeyMaterial",
          "key-material",
          ValueJson.of(JsonForm.KEY_MATERIAL),
          new Capnp<>(CapnpCodec::encodeKeyMaterial, CapnpCodec::decodeKeyMaterial),
          AvroCodec.KEY_MATERIAL);
  public static final VectorType<OutputManifest> OUTPUT_MANIFEST =
      new VectorType<>(
          "OutputManifest", "output-manifest", ValueJson.of(JsonForm.OUTPUT_MANIFEST), null, AvroCodec.OUTPUT_MANIFEST);
  public static final VectorType<JournalEvent> JOURNAL_EVENT =
      new VectorType<>(
          "JournalEvent", "journal-event", ValueJson.of(JsonForm.JOURNAL_EVENT), null, AvroCodec.JOURNAL_EVENT);
  public static final VectorType<Subject> SUBJECT =
      new VectorType<>("Subject", "subject", ValueJson.subject(), null, AvroCodec.SUBJECT);

  public static final List<VectorType<?>> ALL =
      List.of(RECORD, STORE_HEADER, KEY_MATERIAL, OUTPUT_MANIFEST, JOURNAL_EVENT, SUBJECT);

  private final String name;
  private final String directory;
  private final ValueJson<T> json;
  private final Capnp<T> capnp;
  private final AvroCodec<T> avro;

  private VectorType(String name, String directory, ValueJson<T> json, Capnp<T> capnp, AvroCodec<T> avro) {
    this.name = name;
    this.directory = directory;
    this.json = json;
    this.capnp = capnp;
    this.avro = avro;
  }

  /** The type's name in vector files: the schemas' struct or record name. */
  public String name() {
    return name;
  }

  /** The directory under {@code v1/} that holds this type's vectors. */
  public String directory() {
    return directory;
  }

  public ValueJson<T> json() {
    return json;
  }

  public Optional<Capnp<T>> capnp() {
    return Optional.ofNullable(capnp);
  }

  public Optional<AvroCodec<T>> avro() {
    return Optional.ofNullable(avro);
  }

  public static VectorType<?> named(String name) {
    for (VectorType<?> t : ALL) {
      if (t.name.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown vector type: \"" + name + "\"");
  }

  @Override
  public String toString() {
    return name;
  }
}
