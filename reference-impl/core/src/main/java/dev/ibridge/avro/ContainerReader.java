package dev.ibridge.avro;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.internal.BinaryBounds;
import dev.ibridge.internal.ProtocolData;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads an Avro object container file of journal events, checking its framing by hand: the magic,
 * the metadata map, each block's object count, byte size and trailing sync marker. Avro 1.12.2's
 * {@code DataFileStream} compares a block's claimed size with {@code InputStream.available()},
 * which a stream need not report truthfully; this reader caps blocks at a fixed size and reads
 * them without reserving the claimed size, reports byte offsets, and checks the session order.
 */
final class ContainerReader {
  private static final byte[] MAGIC = {'O', 'b', 'j', 1};
  private static final int SYNC_SIZE = 16;
  /** Largest metadata map (schema and codec name) accepted, in bytes. */
  static final int MAX_HEADER_BYTES = 1 << 20;
  /** Largest block accepted, in bytes. */
  static final int MAX_BLOCK_BYTES = Limits.MAX_MESSAGE_BYTES;

  private final InputStream in;
  private long offset;

  ContainerReader(InputStream in) {
    this.in = in;
  }

  List<JournalEvent> readAll() throws IOException {
    try {
      return readChecked();
    } catch (RuntimeException e) {
      throw new DecodeException("invalid journal: " + e, offset, e);
    }
  }

  private List<JournalEvent> readChecked() throws IOException {
    byte[] magic = readFully(MAGIC.length, "magic");
    if (!Arrays.equals(magic, MAGIC)) {
      throw new DecodeException("not an Avro object container file: it does not start with Obj\\x01", 0, null);
    }
    Map<String, byte[]> meta = readMetadata();
    byte[] sync = readFully(SYNC_SIZE, "sync marker");
    Schema writer = writerSchema(meta);
    SpecificDatumReader<dev.ibridge.protocol.JournalEvent> reader =
        new SpecificDatumReader<>(writer, AvroCodec.JOURNAL_EVENT.schema(), ProtocolData.INSTANCE);

    BinaryBounds.Plan bounds = BinaryBounds.compile(writer);
    List<JournalEvent> events = new ArrayList<>();
    SessionOrder order = new SessionOrder(null);
    while (true) {
      int first = in.read();
      if (first < 0) {
        return events;
      }
      offset++;
      long blockAt = offset - 1;
      long count = varint(first, "block object count");
      long size = varint(next("block size"), "block size");
      if (count < 0 || size < 0 || size > MAX_BLOCK_BYTES || count > size) {
        throw new DecodeException("block of " + count + " objects in " + size + " bytes is out of range"
            + " (at most " + MAX_BLOCK_BYTES + " bytes, and each object takes at least one)", blockAt, null);
      }
      long dataAt = offset;
      byte[] block = readFully((int) size, "block");
      int pos = 0;
      for (long i = 0; i < count; i++) {
        int end = bounds.checkOne(block, pos, block.length, dataAt + pos);
        JournalEvent event;
        try {
          event = ProtocolMapper.fromAvro(
              reader.read(null, DecoderFactory.get().binaryDecoder(block, pos, end - pos, null)));
        } catch (IOException | RuntimeException e) {
          throw new DecodeException("invalid journal event: " + e.getMessage(), dataAt + pos, e);
        }
        String problem = order.accept(event);
        if (problem != null) {
          throw new DecodeException("journal events out of order: " + problem, dataAt + pos, null);
        }
        events.add(event);
        pos = end;
      }
      if (pos != block.length) {
        throw new DecodeException((block.length - pos) + " bytes follow the last object of the block",
            dataAt + pos, null);
      }
      long syncAt = offset;
      if (!Arrays.equals(readFully(SYNC_SIZE, "sync marker"), sync)) {
        throw new DecodeException("block is not followed by the file's sync marker", syncAt, null);
      }
    }
  }

  private Map<String, byte[]> readMetadata() throws IOException {
    long start = offset;
    Map<String, byte[]> meta = new HashMap<>();
    while (true) {
      long countAt = offset;
      long count = varint(next("metadata count"), "metadata count");
      if (count == 0) {
        return meta;
      }
      if (count < 0) {
        count = -count;
        varint(next("metadata block size"), "metadata block size");
      }
      if (count > MAX_HEADER_BYTES) {
        throw new DecodeException("metadata claims " + count + " entries", countAt, null);
      }
      for (long i = 0; i < count; i++) {
        String key = new String(lengthPrefixed(start, "metadata key"), StandardCharsets.UTF_8);
        meta.put(key, lengthPrefixed(start, "metadata value"));
      }
    }
  }

  private byte[] lengthPrefixed(long headerStart, String what) throws IOException {
    long at = offset;
    long n = varint(next(what + " length"), what + " length");
    if (n < 0 || offset + n - headerStart > MAX_HEADER_BYTES) {
      throw new DecodeException(what + " length " + n + " is out of range (the header may hold at most "
          + MAX_HEADER_BYTES + " bytes)", at, null);
    }
    return readFully((int) n, what);
  }

  private Schema writerSchema(Map<String, byte[]> meta) throws DecodeException {
    byte[] codec = meta.get("avro.codec");
    if (codec != null && !"null".equals(new String(codec, StandardCharsets.UTF_8))) {
      throw new DecodeException("journal blocks must be uncompressed (avro.codec \"null\"), got \""
          + new String(codec, StandardCharsets.UTF_8) + "\"");
    }
    byte[] text = meta.get("avro.schema");
    if (text == null) {
      throw new DecodeException("the container file has no avro.schema");
    }
    Schema writer;
    try {
      writer = new Schema.Parser().parse(new String(text, StandardCharsets.UTF_8));
    } catch (RuntimeException | StackOverflowError e) {
      throw new DecodeException("the container file's schema does not parse: " + schemaProblem(e), e);
    }
    Schema reader = AvroCodec.JOURNAL_EVENT.schema();
    if (SchemaNormalization.parsingFingerprint64(writer) != AvroCodec.JOURNAL_EVENT.fingerprint()) {
      SchemaCompatibility.SchemaPairCompatibility c =
          SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
      if (c.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        throw new DecodeException("the file's schema " + writer.getFullName()
            + " cannot be read as " + reader.getFullName() + ": " + c.getDescription());
      }
      rejectUnknownEnumSymbols(writer, enums(reader, new HashMap<>()));
    }
    return writer;
  }

  /**
   * Avro wraps the JSON parser's exception and keeps its whole text as the message: the parser's
   * class name, and a source excerpt over several lines. Only the parser's own sentence and the
   * character offset are kept.
   */
  private static String schemaProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException json) {
        JsonLocation at = json.getLocation();
        String where = at == null || at.getCharOffset() < 0 ? "" : " (at character " + at.getCharOffset() + ")";
        return "it is not JSON: " + json.getOriginalMessage() + where;
      }
    }
    if (e instanceof StackOverflowError) {
      return "it nests too deeply";
    }
    return String.valueOf(e.getMessage());
  }

  /**
   * Schema resolution would map a writer's enum symbol that the reader lacks to the reader's enum
   * default, which for DigestAlgorithm would relabel another function's digest as SHA-256.
   */
  private static void rejectUnknownEnumSymbols(Schema writer, Map<String, Schema> readerEnums)
      throws DecodeException {
    for (Schema e : enums(writer, new HashMap<>()).values()) {
      Schema known = readerEnums.get(e.getFullName());
      if (e.getType() != Schema.Type.ENUM || known == null) {
        continue;
      }
      List<String> unknown = new ArrayList<>(e.getEnumSymbols());
      unknown.removeAll(known.getEnumSymbols());
      if (!unknown.isEmpty()) {
        throw new DecodeException("the file's schema gives enum " + e.getFullName() + " the symbols "
            + unknown + ", which this reader does not define; reading them through the enum default"
            + " would change their meaning");
      }
    }
  }

  private static Map<String, Schema> enums(Schema schema, Map<String, Schema> seen) {
    switch (schema.getType()) {
      case ENUM -> seen.putIfAbsent(schema.getFullName(), schema);
      case RECORD -> {
        if (seen.putIfAbsent("record:" + schema.getFullName(), schema) == null) {
          schema.getFields().forEach(f -> enums(f.schema(), seen));
        }
      }
      case UNION -> schema.getTypes().forEach(t -> enums(t, seen));
      case ARRAY -> enums(schema.getElementType(), seen);
      case MAP -> enums(schema.getValueType(), seen);
      default -> { }
    }
    return seen;
  }

  private int next(String what) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new DecodeException("file ends inside the " + what, offset, null);
    }
    offset++;
    return b;
  }

  /** Reads a zig-zag long whose first byte is {@code first}. */
  private long varint(int first, String what) throws IOException {
    long at = offset - 1;
    long raw = first & 0x7F;
    int b = first;
    for (int shift = 7; (b & 0x80) != 0; shift += 7) {
      if (shift > 63) {
        throw new DecodeException(what + " varint is longer than 10 bytes", at, null);
      }
      b = next(what);
      raw |= (long) (b & 0x7F) << shift;
    }
    return (raw >>> 1) ^ -(raw & 1);
  }

  private byte[] readFully(int n, String what) throws IOException {
    long at = offset;
    byte[] bytes = in.readNBytes(n);
    offset += bytes.length;
    if (bytes.length != n) {
      throw new DecodeException("file ends inside the " + what + " (" + n + " bytes needed, "
          + bytes.length + " found)", at + bytes.length, null);
    }
    return bytes;
  }
}
