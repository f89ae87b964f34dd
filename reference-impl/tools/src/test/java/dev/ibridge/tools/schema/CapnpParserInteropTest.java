package dev.ibridge.tools.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.capnpc.CapnpTool;
import dev.ibridge.capnpc.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The small parser must read the protocol's schemas exactly as capnp does: the same types, IDs
 * (including the ones capnp derives), field paths, ordinals, types, union membership and doc
 * comments. capnp's view comes from {@code capnp compile -o-}, read by capnpc-java's reader.
 */
@Tag("interop")
class CapnpParserInteropTest {

  @ParameterizedTest
  @ValueSource(strings = {"schemas/v1/ibridge.capnp", "schemas/released/v1/ibridge.capnp",
      "reference-impl/tools/src/test/resources/compat/capnp/base.capnp"})
  void parserAgreesWithCapnp(String relative) throws Exception {
    Path file = RepoPaths.root().resolve(relative);
    Schema compiled = compile(file);
    CapnpSchema parsed = CapnpParser.parse(file.getFileName().toString(), Files.readString(file));

    Schema.FileNode fileNode = compiled.nodes().values().stream()
        .filter(n -> n instanceof Schema.FileNode).map(n -> (Schema.FileNode) n)
        .filter(n -> n.displayName().endsWith(relative)).findFirst().orElseThrow();
    assertThat(parsed.id()).as("file ID").isEqualTo(fileNode.id());

    List<CapnpSchema.Type> expected = new ArrayList<>();
    collect(compiled, fileNode.nested(), expected);
    assertThat(parsed.types()).extracting(CapnpSchema.Type::name)
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(CapnpSchema.Type::name).toList());
    for (CapnpSchema.Type want : expected) {
      assertThat(parsed.type(want.name())).as(want.name()).isEqualTo(want);
    }
  }

  private static void collect(Schema schema, List<Schema.Nested> nested, List<CapnpSchema.Type> out) {
    for (Schema.Nested n : nested) {
      Schema.Node node = schema.nodes().get(n.id());
      String name = node.displayName().substring(node.displayName().indexOf(':') + 1);
      if (node instanceof Schema.StructNode s) {
        List<CapnpSchema.Field> fields = new ArrayList<>();
        flatten(schema, s, "", "(union)", fields);
        out.add(new CapnpSchema.Struct(name, s.id(), s.doc().strip(), fields));
      } else if (node instanceof Schema.EnumNode e) {
        List<CapnpSchema.Enumerant> values = new ArrayList<>();
        for (int i = 0; i < e.enumerants().size(); i++) {
          values.add(new CapnpSchema.Enumerant(e.enumerants().get(i), i, e.enumerantDocs().get(i).strip()));
        }
        out.add(new CapnpSchema.Enum(name, e.id(), e.doc().strip(), values));
      }
      collect(schema, node.nested(), out);
    }
  }

  private static void flatten(Schema schema, Schema.StructNode node, String prefix, String unionLabel,
      List<CapnpSchema.Field> out) {
    for (Schema.Field f : node.fields()) {
      String path = prefix + f.name();
      String union = f.inUnion() ? unionLabel : "";
      if (f.isGroup()) {
        Schema.StructNode group = (Schema.StructNode) schema.nodes().get(f.groupId());
        boolean namedUnion = group.hasUnion() && group.fields().stream().allMatch(Schema.Field::inUnion);
        out.add(new CapnpSchema.Field(path, -1, namedUnion ? "union" : "group", "", union, f.doc().strip()));
        flatten(schema, group, path + ".", namedUnion ? path : "(union)", out);
      } else {
        out.add(new CapnpSchema.Field(path, f.ordinal(), typeName(schema, f.slot().type()), "", union,
            f.doc().strip()));
      }
    }
  }

  private static String typeName(Schema schema, Schema.Type type) {
    if (type instanceof Schema.Primitive p) {
      String lower = p.name().toLowerCase(Locale.ROOT);
      return lower.startsWith("uint") ? "UInt" + lower.substring(4)
          : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
    if (type instanceof Schema.ListType l) {
      return "List(" + typeName(schema, l.element()) + ")";
    }
    long id = type instanceof Schema.StructType s ? s.id() : ((Schema.EnumType) type).id();
    String display = schema.nodes().get(id).displayName();
    return display.substring(display.indexOf(':') + 1);
  }

  private static Schema compile(Path file) throws IOException {
    return CapnpTool.compile(RepoPaths.root(), RepoPaths.root().relativize(file).toString());
  }

}
