package dev.ibridge.conformance.harness;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.protocol.HarnessFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * How frames follow each other on a stream. {@link #BINARY}: a 4-byte little-endian length, then
 * that many bytes of Avro single-object encoding. {@link #JSON_LINES}: one frame per line, the Avro
 * JSON encoding of the HarnessFrame, ended by a line feed (blank lines are skipped). Either way a
 * frame is at most {@link FrameCodec#MAX_FRAME_BYTES} bytes.
 */
public enum HarnessFraming {
  BINARY {
    @Override
    public byte[] encode(HarnessFrame frame) {
      byte[] body = FrameCodec.encodeSingleObject(frame);
      return ByteBuffer.allocate(4 + body.length).order(ByteOrder.LITTLE_ENDIAN)
          .putInt(body.length).put(body).array();
    }

    @Override
    public Raw read(InputStream in) throws IOException {
      byte[] prefix = in.readNBytes(4);
      if (prefix.length < 4) {
        return new Raw.End(prefix.length > 0);
      }
      long length = Integer.toUnsignedLong(ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getInt());
      if (length > FrameCodec.MAX_FRAME_BYTES) {
        throw new DecodeException(String.format(
            "a frame announces %d bytes (length prefix %02x %02x %02x %02x), more than the limit of %d",
            length, prefix[0], prefix[1], prefix[2], prefix[3], FrameCodec.MAX_FRAME_BYTES), 0, null);
      }
      byte[] body = in.readNBytes((int) length);
      if (body.length < length) {
        return new Raw.End(true);
      }
      return new Raw.Frame(body);
    }

    @Override
    public HarnessFrame decode(byte[] raw) throws DecodeException {
      return FrameCodec.decodeSingleObject(raw);
    }
  },

  JSON_LINES {
    @Override
    public byte[] encode(HarnessFrame frame) {
      return (FrameCodec.encodeJson(frame).strip() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Raw read(InputStream in) throws IOException {
      while (true) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
          if (line.size() >= FrameCodec.MAX_FRAME_BYTES) {
            throw new DecodeException("a line is longer than the frame limit of " + FrameCodec.MAX_FRAME_BYTES + " bytes");
          }
          line.write(b);
        }
        if (b < 0) {
          return new Raw.End(line.size() > 0);
        }
        if (!line.toString(StandardCharsets.UTF_8).isBlank()) {
          return new Raw.Frame(line.toByteArray());
        }
      }
    }

    @Override
    public HarnessFrame decode(byte[] raw) throws DecodeException {
      return FrameCodec.decodeJson(new String(raw, StandardCharsets.UTF_8));
    }
  };

  /** {@code frame} as it goes on the stream, with its length prefix or line feed. */
  public abstract byte[] encode(HarnessFrame frame);

  /**
   * Reads one frame's bytes (without prefix or line feed), or the end of the stream.
   *
   * @throws DecodeException when the frame is larger than the limit
   */
  public abstract Raw read(InputStream in) throws IOException;

  public abstract HarnessFrame decode(byte[] raw) throws DecodeException;

  /** What {@link #read} found. */
  public sealed interface Raw {
    /** One frame's bytes. */
    record Frame(byte[] bytes) implements Raw {}

    /** The end of the stream; {@code midFrame} when it cut a frame short. */
    record End(boolean midFrame) implements Raw {}
  }
}
