package dev.ibridge.avro;

import dev.ibridge.internal.ProtocolData;
import dev.ibridge.model.JournalEvent;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Appends the events of one session to an Avro object container file. Events are buffered into a
 * block; {@link #flush} ends the block and flushes the stream. The bytes written depend only on
 * the session id, the events and where {@link #flush} was called, never on time or chance: the
 * sync marker is {@link JournalFiles#syncMarker derived from the session id}.
 *
 * <p>Appending an event out of order is a caller bug: sequence numbers count up from 0, the first
 * event starts this session and nothing follows its end.
 */
public final class JournalWriter implements Closeable {
  private final DataFileWriter<dev.ibridge.protocol.JournalEvent> file;
  private final SessionOrder order;

  JournalWriter(OutputStream out, String sessionId) throws IOException {
    this.order = new SessionOrder(sessionId);
    this.file = new DataFileWriter<>(
        new SpecificDatumWriter<dev.ibridge.protocol.JournalEvent>(
            AvroCodec.JOURNAL_EVENT.schema(), ProtocolData.INSTANCE));
    file.setCodec(CodecFactory.nullCodec());
    file.create(AvroCodec.JOURNAL_EVENT.schema(), out, JournalFiles.syncMarker(sessionId));
  }

  public void append(JournalEvent event) throws IOException {
    String problem = order.accept(event);
    if (problem != null) {
      throw new IllegalArgumentException("cannot append to the journal of session \""
          + order.sessionId() + "\": " + problem + " (" + event + ")");
    }
    file.append(ProtocolMapper.toAvro(event));
  }

  /** Ends the current block, if any, and flushes the underlying stream. */
  public void flush() throws IOException {
    file.flush();
  }

  /** Writes the last block and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    file.close();
  }
}
