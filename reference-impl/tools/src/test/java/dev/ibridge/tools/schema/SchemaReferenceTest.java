package dev.ibridge.tools.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaReferenceTest {

  @Test
  void smallSchemasRenderToTheExpectedRows() throws Exception {
    CapnpSchema capnp = CapnpParser.parse("t.capnp", """
        @0x8000000000000001;
        struct Box @0x8000000000000002 {
          # A box | with a pipe.
          items @0 :List(Box);
          # Boxes inside,
          # over | two lines.
          union {
            a @1 :Void;
            b @2 :Text;
          }
        }
        """);
    Path idl = Files.createTempFile("t", ".avdl");
    Files.writeString(idl, """
        @namespace("t") protocol T {
          /** A pair. */
          record Pair { /** Left. */ array<Pair> left; /** Maybe. */ union { null, string } right = null; }
        }
        """);
    String doc = SchemaReference.asciidoc("schemas/t", List.of(capnp), List.of(AvroSchemas.read(idl)));
    assertThat(doc)
        .contains("[[capnp-Box]]\n=== struct Box\n\nID `@0x8000000000000002`. A box | with a pipe.\n")
        .contains("|`items` |@0 |List(xref:capnp-Box[Box]) |Boxes inside, over \\| two lines.\n")
        .contains("|`a` |@1 |`Void` |Case of the unnamed union.\n")
        .contains("[[avro-Pair]]\n=== record Pair\n\nFull name `t.Pair`. A pair.\n")
        .contains("|`left` |0 |array<xref:avro-Pair[Pair]> | |Left.\n")
        .contains("|`right` |1 |union { `null`, `string` } |`null` |Maybe.\n");
  }

  @Test
  void everyTypeAndFieldOfTheProtocolSchemasIsInTheReference() throws Exception {
    Path v1 = RepoPaths.schemas().resolve("v1");
    CapnpSchema capnp = SchemaCompat.readCapnp(v1.resolve("ibridge.capnp"));
    AvroSchemas.AvroFile avro = AvroSchemas.read(v1.resolve("ibridge.avdl"));
    String doc = SchemaReference.asciidoc("schemas/v1", List.of(capnp), List.of(avro));
    String text = Files.readString(v1.resolve("ibridge.capnp"));
    long ordinals = text.lines().filter(l -> l.matches("\\s+\\w+ @\\d+ :.*;")).count();
    long rows = doc.lines().filter(l -> l.matches("\\|`[\\w.]+` \\|@\\d+ \\|.*") && !l.contains("|Enumerant")).count();
    long enumerants = text.lines().filter(l -> l.matches("\\s+\\w+ @\\d+;")).count();
    assertThat(rows).as("one row per field and enumerant").isEqualTo(ordinals + enumerants);
    for (Schema type : avro.types()) {
      assertThat(doc).contains("[[avro-" + type.getName() + "]]");
      if (type.getType() == Schema.Type.RECORD) {
        for (Schema.Field f : type.getFields()) {
          assertThat(doc).contains("|`" + f.name() + "` |" + f.pos() + " |");
        }
      }
    }
  }
}
