package dev.ibridge.cli;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.codec.Encoding;
import dev.ibridge.codec.MessageType;
import dev.ibridge.dispatch.AnyMessage;
import dev.ibridge.json.JsonForm;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Turns the JSON form of a message into its bytes. */
@Command(
    name = "encode",
    description = {
      "Writes the bytes of one message given in its JSON form.",
      "The JSON form is what 'ibridge decode' prints.",
      "The default format is capnp for record and store-header, and avro-single-object for"
          + " key-material, output-manifest and journal-event. Key material can be written in any"
          + " of the formats; records and store headers only as capnp; output manifests and"
          + " journal events only in the Avro formats."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ibridge encode --type record -o record.bin examples/record.json",
      "  ibridge encode --type key-material --format avro-binary km.json > km.avro"
    })
final class EncodeCommand implements Callable<Integer> {
  @ParentCommand IbridgeCommand parent;

  @Spec CommandSpec spec;

  @Option(
      names = "--type",
      required = true,
      paramLabel = "TYPE",
      converter = TypeOptions.TypeConverter.class,
      completionCandidates = TypeOptions.TypeNames.class,
      description = "The message type: ${COMPLETION-CANDIDATES} (a journal cannot be encoded).")
  MessageType type;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = TypeOptions.EncodingConverter.class,
      completionCandidates = TypeOptions.FormatNames.class,
      description = "The encoding: ${COMPLETION-CANDIDATES}. Default: the type's usual one.")
  Encoding format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "OUT",
      description = "Write the bytes to this file instead of stdout.")
  Path output;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      defaultValue = Input.STDIN,
      description = "The JSON form to read; '-' or nothing reads stdin.")
  String file;

  @Override
  public Integer call() {
    Io io = parent.io();
    if (type == MessageType.JOURNAL_FILE) {
      throw new ParameterException(spec.commandLine(), "a journal cannot be encoded here: encode each journal-event, or let the store write the journal");
    }
    Encoding encoding = format == null ? type.defaultEncoding() : format;
    if (!type.supports(encoding)) {
      throw new ParameterException(spec.commandLine(), type.description() + " has no " + encoding + " encoding; it has " + type.encodings());
    }
    Input input = Input.read(file, io);
    Object value;
    try {
      value = JsonForm.of(type).parse(input.bytes());
    } catch (DecodeException e) {
      throw Failure.input(input.source(), "invalid " + type.description() + ": " + e.getMessage(), e);
    }
    byte[] bytes = AnyMessage.encode(type, encoding, value);
    if (output == null) {
      io.out.flush();
      try {
        io.stdout.write(bytes);
        io.stdout.flush();
      } catch (IOException e) {
        throw Failure.input("<stdout>", "cannot write: " + e.getMessage(), e);
      }
    } else {
      write(output, bytes);
    }
    return ExitCodes.OK;
  }

  /** Writes through a temporary file and a rename, so OUT is never left half written. */
  private static void write(Path out, byte[] bytes) {
    if (Files.isDirectory(out) || out.getFileName() == null) {
      throw Failure.input(out.toString(), "is a directory, expected a file to write");
    }
    Path dir = out.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      // Not createTempFile: its owner-only permissions would end up on OUT.
      tmp = dir.resolve("." + out.getFileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
      Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      throw Failure.input(out.toString(), "cannot write: no such directory");
    } catch (AccessDeniedException e) {
      throw Failure.input(out.toString(), "cannot write: permission denied");
    } catch (IOException e) {
      throw Failure.input(out.toString(), "cannot write: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // the rename failed and left the temporary file; nothing more can be done
        }
      }
    }
  }
}
