package dev.ibridge.conformance.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.conformance.harness.ForwardingTestee;
import dev.ibridge.conformance.harness.HarnessFraming;
import dev.ibridge.conformance.harness.ServesFrames;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeServer;
import dev.ibridge.protocol.ErrorKind;
import dev.ibridge.protocol.ErrorReply;
import dev.ibridge.protocol.HarnessFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/** The reference with a broken frame server: the flaw sits in how it reads or answers frames. */
final class FramingMutant extends ForwardingTestee implements ServesFrames {
  enum Flaw {
    /** Decodes the longest prefix of a binary frame that holds a whole value: bytes after it go unnoticed. */
    IGNORES_TRAILING_BYTES,
    /** Throws, ending the process, on a frame that holds no call. */
    CRASHES_ON_NON_CALLS,
    /** Answers PARSE_ERROR, not REJECTED, to a call whose value breaks a rule of the data model. */
    MODEL_ERRORS_AS_PARSE_ERRORS,
    /**
     * Speaks JSON-lines mode on its raw channel and fills in every field with a default that a
     * frame leaves out, instead of refusing the frame.
     */
    FILLS_JSON_DEFAULTS
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Flaw flaw;

  FramingMutant(Testee delegate, Flaw flaw) {
    super(delegate);
    this.flaw = flaw;
  }

  @Override
  public HarnessFraming framing() {
    return flaw == Flaw.FILLS_JSON_DEFAULTS ? HarnessFraming.JSON_LINES : super.framing();
  }

  @Override
  public TesteeServer server(InputStream in, OutputStream out, HarnessFraming framing) {
    return new TesteeServer(this, in, out, framing) {
      @Override
      protected HarnessFrame decode(byte[] frame) throws DecodeException {
        if (flaw == Flaw.FILLS_JSON_DEFAULTS && framing == HarnessFraming.JSON_LINES) {
          return super.decode(withDefaults(frame));
        }
        if (flaw != Flaw.IGNORES_TRAILING_BYTES || framing != HarnessFraming.BINARY) {
          return super.decode(frame);
        }
        DecodeException first = null;
        for (int end = frame.length; end > 10; end--) {
          try {
            return super.decode(Arrays.copyOf(frame, end));
          } catch (DecodeException e) {
            first = first == null ? e : first;
          }
        }
        throw first != null ? first : new DecodeException("not a harness frame");
      }

      @Override
      protected Object notACall(Object body) {
        if (flaw == Flaw.CRASHES_ON_NON_CALLS) {
          throw new IllegalStateException("unexpected frame " + body.getClass().getSimpleName());
        }
        return super.notACall(body);
      }

      @Override
      protected Object brokenRule(DecodeException e) {
        if (flaw == Flaw.MODEL_ERRORS_AS_PARSE_ERRORS) {
          return new ErrorReply(ErrorKind.PARSE_ERROR, "a value the data model does not allow: " + e.getMessage());
        }
        return super.brokenRule(e);
      }
    };
  }

  /** The JSON frame with every left-out field that has a default filled in. */
  private static byte[] withDefaults(byte[] frame) {
    try {
      JsonNode tree = JSON.readTree(frame);
      fill(HarnessFrame.getClassSchema(), tree);
      return JSON.writeValueAsBytes(tree);
    } catch (IOException e) {
      return frame;
    }
  }

  private static void fill(Schema schema, JsonNode node) {
    switch (schema.getType()) {
      case RECORD -> {
        if (node instanceof ObjectNode o) {
          for (Schema.Field f : schema.getFields()) {
            if (!o.has(f.name()) && f.hasDefaultValue()) {
              o.set(f.name(), JSON.valueToTree(f.defaultVal() == JsonProperties.NULL_VALUE ? null : f.defaultVal()));
            } else if (o.has(f.name())) {
              fill(f.schema(), o.get(f.name()));
            }
          }
        }
      }
      case UNION -> {
        if (node instanceof ObjectNode o && o.size() == 1) {
          String branch = o.fieldNames().next();
          for (Schema b : schema.getTypes()) {
            if (b.getFullName().equals(branch)) {
              fill(b, o.get(branch));
            }
          }
        }
      }
      case ARRAY -> node.forEach(item -> fill(schema.getElementType(), item));
      default -> { }
    }
  }
}
