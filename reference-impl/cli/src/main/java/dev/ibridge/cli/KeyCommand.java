package dev.ibridge.cli;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.json.JsonForm;
import dev.ibridge.key.Keys;
import dev.ibridge.model.KeyMaterial;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Derives the input key of key material given in its JSON form. */
@Command(
    name = "key",
    description = {
      "Prints the input key of key material given in its JSON form.",
      "The JSON form is what 'ibridge decode' prints for key material, and what a record holds in"
          + " its keyMaterial field. The key, printed as sha256:<hex>, is SHA-256 over the canonical"
          + " Avro binary encoding of the material."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ibridge key examples/key-material.json",
      "  ibridge key --verbose - < examples/key-material.json"
    })
final class KeyCommand implements Callable<Integer> {
  @ParentCommand IbridgeCommand parent;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      defaultValue = Input.STDIN,
      description = "The key material in JSON form; '-' or nothing reads stdin.")
  String file;

  @Option(
      names = {"-v", "--verbose"},
      description = "Also print, on a second line, the canonical bytes that are hashed, in hex.")
  boolean verbose;

  @Override
  public Integer call() {
    Io io = parent.io();
    Input input = Input.read(file, io);
    KeyMaterial km;
    try {
      km = JsonForm.KEY_MATERIAL.parse(input.bytes());
    } catch (DecodeException e) {
      throw Failure.input(input.source(), "invalid key material: " + e.getMessage(), e);
    }
    io.out.println(Keys.inputKey(km));
    if (verbose) {
      io.out.println(HexFormat.of().formatHex(Keys.canonicalBytes(km)));
    }
    io.out.flush();
    return ExitCodes.OK;
  }
}
