package dev.ibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.json.JsonForm;
import dev.ibridge.key.Keys;
import dev.ibridge.model.KeyMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyCommandTest {
  @Test
  void printsTheInputKeyOfAFile() throws Exception {
    Path file = Examples.path("key-material.json");
    KeyMaterial km = JsonForm.KEY_MATERIAL.parse(Files.readAllBytes(file));

    Run run = Run.of("key", file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).isEqualTo(Keys.inputKey(km) + "\n");
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void readsStdinAndPrintsCanonicalBytesWhenVerbose() throws Exception {
    byte[] json = Files.readAllBytes(Examples.path("key-material.json"));
    KeyMaterial km = JsonForm.KEY_MATERIAL.parse(json);

    Run dash = Run.withStdin(json, "key", "--verbose", "-");
    Run none = Run.withStdin(json, "key", "-v");

    assertThat(dash.exitCode()).as(dash.toString()).isZero();
    assertThat(dash.stdout())
        .isEqualTo(Keys.inputKey(km) + "\n" + HexFormat.of().formatHex(Keys.canonicalBytes(km)) + "\n");
    assertThat(none.stdout()).isEqualTo(dash.stdout());
  }

  /** The input key is exactly the SHA-256 of what 'encode --format avro-binary' writes. */
  @Test
  void theKeyIsTheDigestOfTheAvroBinaryEncoding() throws Exception {
    String file = Examples.path("key-material.json").toString();

    Run encode = Run.of("encode", "--type", "key-material", "--format", "avro-binary", file);
    Run key = Run.of("key", file);

    assertThat(encode.exitCode()).as(encode.toString()).isZero();
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encode.stdoutBytes()));
    assertThat(key.stdout()).isEqualTo("sha256:" + sha256 + "\n");
  }

  @Test
  void invalidJsonIsOneLineNamingTheFileAndPath(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("km.json");
    String valid = Files.readString(Examples.path("key-material.json"));
    Files.writeString(file, valid.replace("\"analysis\"", "\"Analysis\""));

    Run run = Run.of("key", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    Errors.assertOneLine(run, file + ": invalid key material: $.facet: ");
  }

  @Test
  void invalidJsonOnStdinIsNamedStdin() {
    Run run = Run.withStdin("{\"protocolMajor\": 1,", "key");

    assertThat(run.exitCode()).isEqualTo(2);
    Errors.assertOneLine(run, "<stdin>: invalid key material: $");
  }
}
