package dev.ibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** 'ibridge schema compat' on the suite's fixture pairs and on the released schemas. */
class SchemaCompatCommandTest {
  private static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("schemas/released"))) {
        return p;
      }
    }
    throw new IllegalStateException("no schemas/released above " + Path.of("").toAbsolutePath());
  }

  private static String fixture(String name) {
    return root().resolve("reference-impl/tools/src/test/resources/compat").resolve(name).toString();
  }

  @Test
  void releasedToCurrentIsCompatible() {
    Run run = Run.of("schema", "compat", root().resolve("schemas/released/v1").toString(),
        root().resolve("schemas/v1").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).as(run.toString()).endsWith("compatible: 0 breaking change(s), 0 compatible\n");
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void aCompatibleChangeExitsZeroAndListsWhatWasAdded() {
    Run run = Run.of("schema", "compat", fixture("avro/base.avdl"), fixture("avro/compatible.avdl"));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).contains("compatible compatible.avdl test.compat.Owner: new type\n")
        .contains("compatible compatible.avdl test.compat.Thing: field `note` :union { null, string } added, with default null\n")
        .endsWith("compatible: 0 breaking change(s), 2 compatible\n");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "capnp/base.capnp | capnp/removed-field.capnp | BREAKING removed-field.capnp Thing: field `note` @5 was removed",
      "capnp/base.capnp | capnp/retyped-field.capnp | BREAKING retyped-field.capnp Thing: field `size` @2 retyped",
      "capnp/base.capnp | capnp/reused-ordinal.capnp | BREAKING reused-ordinal.capnp Thing: ordinal @5 reused",
      "avro/base.avdl | avro/added-no-default.avdl | BREAKING added-no-default.avdl test.compat.Thing: new reader, old writer: READER_FIELD_MISSING_DEFAULT_VALUE",
      "avro/base.avdl | avro/renamed-record.avdl | BREAKING renamed-record.avdl test.compat.Thing: the type was removed, or renamed without"})
  void eachBreakingFixtureExitsOneWithItsReason(String oldFile, String newFile, String line) {
    Run run = Run.of("schema", "compat", fixture(oldFile), fixture(newFile));
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout()).as(run.toString()).contains(line).contains("breaking: ");
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void anUnreadableSchemaIsOneLineAndExitTwo() {
    Run run = Run.of("schema", "compat", fixture("capnp/base.capnp"), fixture("avro/base.avdl"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).startsWith("ibridge: compat: cannot compare ").contains("both must be .capnp or both .avdl")
        .hasLineCount(1);
  }

  @Test
  void aMissingFileSaysItIsMissing() {
    String missing = fixture("capnp/no-such.capnp");
    Run run = Run.of("schema", "compat", fixture("capnp/base.capnp"), missing);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr()).isEqualTo("ibridge: compat: " + missing + ": no such file or directory\n");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void anOrdinalGapExitsOne() throws Exception {
    Path dir = Files.createTempDirectory("gap");
    Path changed = dir.resolve("base.capnp");
    String text = Files.readString(Path.of(fixture("capnp/base.capnp")));
    Files.writeString(changed, text.substring(0, text.lastIndexOf('}')) + "  extra @8 :Text;\n}\n");
    Run run = Run.of("schema", "compat", fixture("capnp/base.capnp"), changed.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout()).contains("BREAKING base.capnp Thing: the new schema skips ordinals @6 to @7 (its last field is @8)")
        .contains("(\"Skipped ordinal @6\")").contains("breaking: 1 breaking change(s), 1 compatible");
  }
}
