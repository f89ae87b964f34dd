package dev.ibridge.cli;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.codec.Encoding;
import dev.ibridge.codec.MessageType;
import dev.ibridge.dispatch.AnyMessage;
import dev.ibridge.json.JsonForm;
import dev.ibridge.cli.store.RecordDigests;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.Record;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Prints any protocol file in its JSON form. */
@Command(
    name = "decode",
    description = {
      "Prints a protocol file in its JSON form on stdout.",
      "Without --type the kind is detected: an Avro single-object message by its schema"
          + " fingerprint, an Avro container as a journal, a file named STORE as a store header,"
          + " anything else as a Cap'n Proto record, key material or store header.",
      "A record is also checked: its inputKey must be the key of its keyMaterial and its"
          + " outputFingerprint that of its outputs. If not, the JSON is still printed and the exit"
          + " code is 1."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ibridge decode examples/record.bin",
      "  ibridge decode --type key-material --format avro-binary km.bin",
      "  cat examples/record.bin | ibridge decode -"
    })
final class DecodeCommand implements Callable<Integer> {
  @ParentCommand IbridgeCommand parent;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The file to decode; '-' reads stdin.")
  String file;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      converter = TypeOptions.TypeConverter.class,
      completionCandidates = TypeOptions.TypeNames.class,
      description = "The message type instead of detecting it: ${COMPLETION-CANDIDATES}.")
  MessageType type;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = TypeOptions.EncodingConverter.class,
      completionCandidates = TypeOptions.FormatNames.class,
      description =
          "The encoding, when it is not the type's usual one: ${COMPLETION-CANDIDATES}. Needs --type.")
  Encoding format;

  @Override
  public Integer call() {
    Io io = parent.io();
    if (format != null && type == null) {
      throw new ParameterException(spec.commandLine(), "--format needs --type: the type of an encoded message cannot be detected from a chosen format");
    }
    if (type != null && format != null && !type.supports(format)) {
      throw new ParameterException(spec.commandLine(), type.description() + " has no " + format + " encoding; it has " + type.encodings());
    }
    Input input = Input.read(file, io);
    MessageType actual = type;
    if (actual == null) {
      try {
        actual = AnyMessage.detect(input.bytes(), input.fileName());
      } catch (DecodeException e) {
        throw notEncoded(input, e, e.getMessage());
      }
    }
    Object value;
    try {
      value = format == null ? AnyMessage.decode(actual, input.bytes()) : AnyMessage.decode(actual, format, input.bytes());
    } catch (DecodeException e) {
      String message = "invalid " + actual.description() + ": " + e.getMessage();
      throw format == Encoding.AVRO_JSON ? Failure.input(input.source(), message, e) : notEncoded(input, e, message);
    }
    io.out.print(render(actual, value));
    io.out.flush();
    if (value instanceof Record record) {
      checkDigests(input, record);
    }
    return ExitCodes.OK;
  }

  @SuppressWarnings("unchecked")
  private static String render(MessageType type, Object value) {
    return type == MessageType.JOURNAL_FILE
        ? JsonForm.renderJournal((List<JournalEvent>) value)
        : JsonForm.of(type).renderValue(value);
  }

  private static void checkDigests(Input input, Record record) {
    RecordDigests.mismatch(record).ifPresent(m -> {
      throw Failure.check(input.source(), m);
    });
  }

  /**
   * A JSON file given to decode is almost always the JSON form meant for encode; say so instead
   * of what the bytes mean as a Cap'n Proto segment table.
   */
  private static Failure notEncoded(Input input, DecodeException e, String message) {
    if (looksLikeJson(input.bytes())) {
      String name = input.fileName() == null ? "-" : input.source();
      return Failure.input(input.source(), "is JSON text, not an encoded protocol message; 'ibridge encode --type TYPE "
          + name + "' writes the message of a JSON form, and 'ibridge key " + name + "' derives the key of key material");
    }
    return Failure.input(input.source(), message, e);
  }

  private static boolean looksLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
        continue;
      }
      return b == '{' || b == '[';
    }
    return false;
  }
}
