package dev.ibridge.store;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.JournalEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A session's journal as one Avro object container file of {@link JournalEvent}s, null codec.
 * Events are written from their canonical Avro binary and read back through the same codec, so
 * the journal and the harness frames share one mapping.
 */
final class Journals {
  static final long MAX_JOURNAL_BYTES = 64L * 1024 * 1024;
  static final int MAX_EVENTS = 1 << 22;

  private Journals() {}

  static byte[] write(List<JournalEvent> events) throws IOException {
    Schema schema = AvroCodec.JOURNAL_EVENT.schema();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileWriter<Object> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
      writer.create(schema, out);
      for (JournalEvent event : events) {
        writer.appendEncoded(ByteBuffer.wrap(AvroCodec.JOURNAL_EVENT.encodeBinary(event)));
      }
    }
    return out.toByteArray();
  }

  static List<JournalEvent> read(byte[] file) throws DecodeException {
    Schema schema = AvroCodec.JOURNAL_EVENT.schema();
    List<JournalEvent> events = new ArrayList<>();
    try (DataFileStream<Object> in =
        new DataFileStream<>(new ByteArrayInputStream(file), new GenericDatumReader<>(null, schema))) {
      GenericDatumWriter<Object> rewriter = new GenericDatumWriter<>(schema);
      while (in.hasNext()) {
        if (events.size() >= MAX_EVENTS) {
          throw new DecodeException("journal holds more than " + MAX_EVENTS + " events");
        }
        ByteArrayOutputStream datum = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(datum, null);
        rewriter.write(in.next(), encoder);
        encoder.flush();
        events.add(AvroCodec.JOURNAL_EVENT.decodeBinary(datum.toByteArray()));
      }
    } catch (DecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("not a journal container file: " + e.getMessage(), e);
    }
    return events;
  }
}
