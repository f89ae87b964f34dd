package dev.ibridge.tools.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The evolution gate on fixture pairs: each good change passes, each bad one is flagged with its reason. */
class SchemaCompatTest {
  private static Path fixture(String name) {
    return RepoPaths.compatFixtures().resolve(name);
  }

  @ParameterizedTest
  @CsvSource({"capnp/base.capnp, capnp/compatible.capnp", "avro/base.avdl, avro/compatible.avdl"})
  void compatibleChangesPassWithEveryAdditionListed(String oldFile, String newFile) throws SchemaException {
    CompatReport report = SchemaCompat.compare(fixture(oldFile), fixture(newFile));
    assertThat(report.breaking()).isEmpty();
    assertThat(report.compatible()).isTrue();
    assertThat(report.findings()).isNotEmpty();
  }

  @Test
  void capnpCompatibleChangeListsTheAdditions() throws SchemaException {
    CompatReport report = SchemaCompat.compare(fixture("capnp/base.capnp"), fixture("capnp/compatible.capnp"));
    assertThat(report.findings()).extracting(CompatReport.Finding::toString).containsExactlyInAnyOrder(
        "compatible compatible.capnp Thing: field `owner` @6 added",
        "compatible compatible.capnp Owner: new type");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "capnp/removed-field.capnp | field `note` @5 was removed",
      "capnp/retyped-field.capnp | field `size` @2 retyped from UInt32 to UInt64",
      "capnp/reused-ordinal.capnp | ordinal @5 reused: it named `note` and now names `owner`"})
  void capnpBreakingChangesAreFlagged(String newFile, String reason) throws SchemaException {
    CompatReport report = SchemaCompat.compare(fixture("capnp/base.capnp"), fixture(newFile));
    assertThat(report.compatible()).isFalse();
    assertThat(report.breaking()).extracting(CompatReport.Finding::reason).contains(reason);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "avro/added-no-default.avdl | new reader, old writer: READER_FIELD_MISSING_DEFAULT_VALUE",
      "avro/removed-field.avdl | old reader, new writer: READER_FIELD_MISSING_DEFAULT_VALUE",
      "avro/renamed-record.avdl | the type was removed, or renamed without listing its old full name in aliases"})
  void avroBreakingChangesAreFlagged(String newFile, String reasonStart) throws SchemaException {
    CompatReport report = SchemaCompat.compare(fixture("avro/base.avdl"), fixture(newFile));
    assertThat(report.compatible()).isFalse();
    assertThat(report.breaking()).extracting(CompatReport.Finding::reason).anyMatch(r -> r.startsWith(reasonStart));
  }

  @Test
  void capnpIdAndEnumChangesAreBreaking() throws SchemaException {
    CapnpSchema base = CapnpParser.parse("a.capnp", "@0x8000000000000001;\nenum E { a @0; }\nstruct S @0x8000000000000002 { x @0 :Text; }\n");
    CapnpSchema changed = CapnpParser.parse("a.capnp", "@0x8000000000000003;\nenum E { a @0; b @1; }\nstruct S @0x8000000000000004 { x @0 :Text = \"d\"; }\n");
    assertThat(SchemaCompat.capnp(base, changed).breaking()).extracting(CompatReport.Finding::reason).containsExactly(
        "the file ID changed from @0x8000000000000001 to @0x8000000000000003",
        "the ID changed from @0x" + Long.toHexString(CapnpParser.childId(0x8000000000000001L, "E")) + " to @0x"
            + Long.toHexString(CapnpParser.childId(0x8000000000000003L, "E")),
        "enumerant `b` @1 added, which version 1 readers reject",
        "the ID changed from @0x8000000000000002 to @0x8000000000000004",
        "field `x` @0 default changed from `` to `\"d\"`");
  }

  @Test
  void addingACaseToAnExistingUnionIsBreaking() throws SchemaException {
    CapnpSchema base = CapnpParser.parse("u.capnp", "@0x8000000000000001;\nstruct S { union { a @0 :Void; b @1 :Text; } }\n");
    CapnpSchema changed = CapnpParser.parse("u.capnp", "@0x8000000000000001;\nstruct S { union { a @0 :Void; b @1 :Text; c @2 :Text; } }\n");
    assertThat(SchemaCompat.capnp(base, changed).breaking()).extracting(CompatReport.Finding::reason)
        .containsExactly("field `c` @2 adds a case to an existing union, which version 1 readers reject");
  }

  @Test
  void aHashedAvroTypeMayNotChangeItsCanonicalFormEvenCompatibly() throws SchemaException {
    String base = "@namespace(\"dev.ibridge.protocol\") protocol P { record OutputManifest { int protocolMajor; } }";
    String added = "@namespace(\"dev.ibridge.protocol\") protocol P { record OutputManifest { int protocolMajor; "
        + "union { null, string } note = null; } }";
    CompatReport report = SchemaCompat.avro(avro(base), avro(added));
    assertThat(report.breaking()).extracting(CompatReport.Finding::reason)
        .containsExactly("the Parsing Canonical Form changed, and this type's bytes are hashed into keys");
  }

  @Test
  void directoriesArePairedByFileName() throws Exception {
    Path dir = java.nio.file.Files.createTempDirectory("compat");
    java.nio.file.Files.createDirectories(dir.resolve("old"));
    java.nio.file.Files.createDirectories(dir.resolve("new"));
    java.nio.file.Files.copy(fixture("capnp/base.capnp"), dir.resolve("old/a.capnp"));
    java.nio.file.Files.copy(fixture("avro/base.avdl"), dir.resolve("old/b.avdl"));
    java.nio.file.Files.copy(fixture("capnp/compatible.capnp"), dir.resolve("new/a.capnp"));
    CompatReport report = SchemaCompat.compare(dir.resolve("old"), dir.resolve("new"));
    assertThat(report.breaking()).extracting(CompatReport.Finding::toString)
        .containsExactly("BREAKING b.avdl: the schema file was removed");
  }

  @Test
  void anOrdinalGapIsBreakingAsCapnpCompileRejectsIt() throws Exception {
    // Record's last ordinal is @4; capnp compile says "Skipped ordinal @5" for this change.
    Path released = RepoPaths.root().resolve("schemas/v1/ibridge.capnp");
    String text = java.nio.file.Files.readString(released);
    int record = text.indexOf("\nstruct Record ");
    int close = text.indexOf("\n}", record);
    Path changed = java.nio.file.Files.createTempDirectory("gap").resolve("ibridge.capnp");
    java.nio.file.Files.writeString(changed, text.substring(0, close) + "\n  note @9 :Text;" + text.substring(close));
    CompatReport report = SchemaCompat.compare(released, changed);
    assertThat(report.compatible()).isFalse();
    assertThat(report.breaking()).extracting(CompatReport.Finding::toString).containsExactly(
        "BREAKING ibridge.capnp Record: the new schema skips ordinals @5 to @8 (its last field is @9): Cap'n Proto"
            + " ordinals run from @0 without a gap, and capnp compile rejects the schema (\"Skipped ordinal @5\")");
  }

  @Test
  void oneSkippedOrdinalAndAnEnumGapAreNamed() throws SchemaException {
    CapnpSchema base = CapnpParser.parse("g.capnp", "@0x8000000000000001;\nenum E { a @0; }\nstruct S { x @0 :Text; }\n");
    CapnpSchema changed = CapnpParser.parse("g.capnp",
        "@0x8000000000000001;\nenum E { a @0; c @2; }\nstruct S { x @0 :Text; z @2 :Text; }\n");
    assertThat(SchemaCompat.capnp(base, changed).breaking()).extracting(CompatReport.Finding::reason)
        .anyMatch(r -> r.startsWith("the new schema skips ordinal @1 (its last enumerant is @2)"))
        .anyMatch(r -> r.startsWith("the new schema skips ordinal @1 (its last field is @2)"));
    assertThat(SchemaCompat.capnp(base, base).findings()).isEmpty();
  }

  @Test
  void anAvroFieldAddedWithADefaultIsListedAsCompatible() throws SchemaException {
    CompatReport report = SchemaCompat.compare(fixture("avro/base.avdl"), fixture("avro/compatible.avdl"));
    assertThat(report.findings()).extracting(CompatReport.Finding::toString).containsExactly(
        "compatible compatible.avdl test.compat.Thing: field `note` :union { null, string } added, with default null",
        "compatible compatible.avdl test.compat.Owner: new type");
    CompatReport back = SchemaCompat.compare(fixture("avro/compatible.avdl"), fixture("avro/base.avdl"));
    assertThat(back.findings()).extracting(CompatReport.Finding::toString)
        .contains("compatible base.avdl test.compat.Thing: field `note` :union { null, string } removed; it had"
            + " default null, which old readers use");
  }

  @Test
  void aMissingFileIsNamedAsMissing() {
    Path missing = fixture("capnp/no-such.capnp");
    assertThatThrownBy(() -> SchemaCompat.compare(fixture("capnp/base.capnp"), missing))
        .isInstanceOf(SchemaException.class).hasMessage(missing + ": no such file or directory");
    assertThatThrownBy(() -> SchemaCompat.compare(missing, fixture("capnp/base.capnp")))
        .isInstanceOf(SchemaException.class).hasMessage(missing + ": no such file or directory");
  }

  @Test
  void mismatchedInputsAreRejected() {
    assertThatThrownBy(() -> SchemaCompat.compare(fixture("capnp/base.capnp"), fixture("avro/base.avdl")))
        .isInstanceOf(SchemaException.class).hasMessageContaining("both must be .capnp or both .avdl");
    assertThatThrownBy(() -> SchemaCompat.compare(fixture("capnp"), fixture("avro/base.avdl")))
        .isInstanceOf(SchemaException.class).hasMessageContaining("compare two schema files or two directories");
  }

  private static AvroSchemas.AvroFile avro(String idl) throws SchemaException {
    try {
      Path file = java.nio.file.Files.createTempFile("p", ".avdl");
      java.nio.file.Files.writeString(file, idl);
      return AvroSchemas.read(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void reportListsBreakingFindingsOnly() {
    CompatReport r = new CompatReport(List.of(
        new CompatReport.Finding(true, "x", "bad"), new CompatReport.Finding(false, "y", "fine")));
    assertThat(r.breaking()).extracting(CompatReport.Finding::where).containsExactly("x");
  }
}
