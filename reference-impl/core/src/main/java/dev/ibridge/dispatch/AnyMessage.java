package dev.ibridge.dispatch;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.avro.JournalFiles;
import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.codec.Encoding;
import dev.ibridge.codec.MessageType;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.OutputManifest;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Recognises, decodes and encodes any single protocol message, whatever its type and encoding.
 * This is what tools that handle arbitrary protocol files (the command line, test harnesses) use;
 * code that knows what it reads calls {@link CapnpCodec} or {@link AvroCodec} directly.
 *
 * <p>Values are the model types: {@link Record}, {@link StoreHeader}, {@link KeyMaterial},
 * {@link OutputManifest} and {@link JournalEvent}; a journal file decodes to a
 * {@code List<JournalEvent>} and is written by the store's journal, not here.
 */
public final class AnyMessage {
  /** The file name of a store's header. */
  public static final String STORE_FILE_NAME = "STORE";

  private static final int SINGLE_OBJECT_HEADER = 10;
  private static final byte[] CONTAINER_MAGIC = {'O', 'b', 'j', 1};

  private AnyMessage() {}

  /**
   * Finds the type of the message in {@code bytes}. Avro single-object messages are recognised by
   * their marker and schema fingerprint, an Avro object container by its magic (a journal file), a
   * file named {@value #STORE_FILE_NAME} is a store header; anything else must decode as a Cap'n
   * Proto record, key material or store header, tried in that order.
   *
   * @param fileNameHint the file's name without directories, or null when there is none (stdin)
   */
  public static MessageType detect(byte[] bytes, String fileNameHint) throws DecodeException {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new DecodeException("empty input: no protocol message is zero bytes long", 0, null);
    }
    if (isSingleObject(bytes)) {
      return singleObjectType(bytes);
    }
    if (startsWith(bytes, CONTAINER_MAGIC)) {
      return MessageType.JOURNAL_FILE;
    }
    if (STORE_FILE_NAME.equals(fileNameHint)) {
      return MessageType.STORE_HEADER;
    }
    DecodeException asRecord;
    try {
      CapnpCodec.decodeRecord(bytes);
      return MessageType.RECORD;
    } catch (DecodeException e) {
      asRecord = e;
    }
    try {
      CapnpCodec.decodeKeyMaterial(bytes);
      return MessageType.KEY_MATERIAL;
    } catch (DecodeException e) {
      // not key material either; the record's error is the one to report
    }
    try {
      CapnpCodec.decodeStoreHeader(bytes);
      return MessageType.STORE_HEADER;
    } catch (DecodeException e) {
      // report the record's error below
    }
    throw new DecodeException(
        "not a protocol message: it has no Avro marker, and as a Cap'n Proto record: "
            + asRecord.getMessage(),
        -1,
        asRecord);
  }

  /**
   * Decodes a message of {@code type} in its usual encoding ({@link MessageType#defaultEncoding()});
   * key material is read as Avro single-object when it starts with the marker, as Cap'n Proto
   * otherwise.
   */
  public static Object decode(MessageType type, byte[] bytes) throws DecodeException {
    Encoding encoding = type.defaultEncoding();
    if (type == MessageType.KEY_MATERIAL && !isSingleObject(bytes)) {
      encoding = Encoding.CAPNP;
    }
    return decode(type, encoding, bytes);
  }

  public static Object decode(MessageType type, Encoding encoding, byte[] bytes)
      throws DecodeException {
    requireSupported(type, encoding);
    if (type == MessageType.JOURNAL_FILE) {
      return JournalFiles.decode(bytes);
    }
    if (encoding == Encoding.CAPNP) {
      return switch (type) {
        case RECORD -> CapnpCodec.decodeRecord(bytes);
        case STORE_HEADER -> CapnpCodec.decodeStoreHeader(bytes);
        default -> CapnpCodec.decodeKeyMaterial(bytes);
      };
    }
    AvroCodec<?> codec = avro(type);
    return switch (encoding) {
      case AVRO_BINARY -> codec.decodeBinary(bytes);
      case AVRO_SINGLE_OBJECT -> {
        if (isSingleObject(bytes)) {
          MessageType found = singleObjectType(bytes);
          if (found != type) {
            throw new DecodeException(
                "this is " + article(found) + ", not " + article(type)
                    + " (its Avro schema fingerprint is that of " + found.description() + ")",
                2,
                null);
          }
        }
        yield codec.decodeSingleObject(bytes);
      }
      default -> codec.decodeJson(new String(bytes, StandardCharsets.UTF_8));
    };
  }

  /** Encodes {@code value}, which must be of {@code type}'s model class, in its usual encoding. */
  public static byte[] encode(MessageType type, Object value) {
    return encode(type, type.defaultEncoding(), value);
  }

  public static byte[] encode(MessageType type, Encoding encoding, Object value) {
    requireSupported(type, encoding);
    Objects.requireNonNull(value, "value");
    if (type == MessageType.JOURNAL_FILE) {
      throw new IllegalArgumentException("a journal file is written by the store's journal, not here");
    }
    if (encoding == Encoding.CAPNP) {
      return switch (type) {
        case RECORD -> CapnpCodec.encodeRecord(cast(value, Record.class));
        case STORE_HEADER -> CapnpCodec.encodeStoreHeader(cast(value, StoreHeader.class));
        default -> CapnpCodec.encodeKeyMaterial(cast(value, KeyMaterial.class));
      };
    }
    return switch (type) {
      case KEY_MATERIAL -> avroEncode(AvroCodec.KEY_MATERIAL, encoding, cast(value, KeyMaterial.class));
      case OUTPUT_MANIFEST -> avroEncode(AvroCodec.OUTPUT_MANIFEST, encoding, cast(value, OutputManifest.class));
      default -> avroEncode(AvroCodec.JOURNAL_EVENT, encoding, cast(value, JournalEvent.class));
    };
  }

  private static <T> byte[] avroEncode(AvroCodec<T> codec, Encoding encoding, T value) {
    return switch (encoding) {
      case AVRO_BINARY -> codec.encodeBinary(value);
      case AVRO_SINGLE_OBJECT -> codec.encodeSingleObject(value);
      default -> codec.encodeJson(value).getBytes(StandardCharsets.UTF_8);
    };
  }

  private static AvroCodec<?> avro(MessageType type) {
    return switch (type) {
      case KEY_MATERIAL -> AvroCodec.KEY_MATERIAL;
      case OUTPUT_MANIFEST -> AvroCodec.OUTPUT_MANIFEST;
      case JOURNAL_EVENT -> AvroCodec.JOURNAL_EVENT;
      default -> throw new IllegalArgumentException(type + " has no Avro encoding");
    };
  }

  private static void requireSupported(MessageType type, Encoding encoding) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(encoding, "encoding");
    if (!type.supports(encoding)) {
      throw new IllegalArgumentException(
          type.description() + " has no " + encoding + " encoding; it has " + type.encodings());
    }
  }

  private static <T> T cast(Object value, Class<T> type) {
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          "expected a " + type.getSimpleName() + ", got a " + value.getClass().getSimpleName());
    }
    return type.cast(value);
  }

  private static boolean isSingleObject(byte[] bytes) {
    return bytes.length >= 2 && (bytes[0] & 0xFF) == 0xC3 && bytes[1] == 0x01;
  }

  private static MessageType singleObjectType(byte[] bytes) throws DecodeException {
    if (bytes.length < SINGLE_OBJECT_HEADER) {
      throw new DecodeException(
          "truncated Avro single-object header: " + bytes.length + " bytes, the header alone is "
              + SINGLE_OBJECT_HEADER,
          bytes.length,
          null);
    }
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    for (MessageType type :
        new MessageType[] {MessageType.KEY_MATERIAL, MessageType.OUTPUT_MANIFEST, MessageType.JOURNAL_EVENT}) {
      if (avro(type).fingerprint() == fingerprint) {
        return type;
      }
    }
    throw new DecodeException(
        String.format(
            "unknown Avro schema fingerprint %016x: not key material (%016x), an output manifest"
                + " (%016x) or a journal event (%016x) of protocol version 1",
            fingerprint,
            AvroCodec.KEY_MATERIAL.fingerprint(),
            AvroCodec.OUTPUT_MANIFEST.fingerprint(),
            AvroCodec.JOURNAL_EVENT.fingerprint()),
        2,
        null);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String article(MessageType type) {
    return switch (type) {
      case KEY_MATERIAL -> "key material";
      case OUTPUT_MANIFEST -> "an output manifest";
      default -> "a " + type.description();
    };
  }
}
