package dev.ibridge.capnpc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schemas the generator cannot express fail with a message that names the culprit. */
@Tag("interop")
class UnsupportedSchemaTest {
  @TempDir
  Path dir;

  @Test
  void pointerDefaultsAreRejected() throws Exception {
    assertRejected("struct S { t @0 :Text = \"x\"; }", "S.t: default values for pointer fields");
  }

  @Test
  void interfacesAreRejected() throws Exception {
    assertRejected("interface I { m @0 () -> (); }", "I: interface declarations are not supported");
  }

  @Test
  void anyPointerFieldsAreRejected() throws Exception {
    assertRejected("struct S { p @0 :AnyPointer; }", "S.p: AnyPointer fields are not supported");
  }

  @Test
  void classNamesTheGeneratorReservesAreRejected() throws Exception {
    assertRejected("struct S { reader :group { x @0 :Int32; } }", "the Java class name Reader is reserved");
  }

  @Test
  void aGroupNamedLikeItsStructIsRejected() throws Exception {
    assertRejected("struct Value { value :group { x @0 :Int32; } }", "would hide an enclosing class");
  }

  private void assertRejected(String body, String message) throws Exception {
    Path schema = dir.resolve("bad.capnp");
    Files.writeString(schema, "@0xf1a2b3c4d5e6f701;\n" + body + "\n");
    Schema parsed = TestCapnp.compile(schema);
    long file = parsed.requestedFiles().get(0).id();
    assertThatThrownBy(() -> JavaGenerator.generate(parsed, file, "p", null))
        .isInstanceOf(UnsupportedSchemaException.class)
        .hasMessageContaining(message);
  }
}
