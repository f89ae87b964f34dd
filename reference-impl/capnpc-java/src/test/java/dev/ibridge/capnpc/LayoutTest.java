package dev.ibridge.capnpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Compares every struct size, union tag, field offset, pointer index and enumerant ordinal that the
 * generator uses with what {@code capnp compile -ocapnp} prints for the same schema.
 */
@Tag("interop")
class LayoutTest {
  private static final Pattern STRUCT = Pattern.compile("^struct (\\w+) @0x[0-9a-f]+ \\{\\s*# (\\d+) bytes, (\\d+) ptrs$");
  private static final Pattern ENUM = Pattern.compile("^enum (\\w+) @0x[0-9a-f]+ \\{$");
  private static final Pattern GROUP = Pattern.compile("^(\\w+) :group \\{(?:\\s*# union tag = (\\d+))?$");
  private static final Pattern UNION = Pattern.compile("^union \\{\\s*# tag bits \\[(\\d+), (\\d+)\\)$");
  private static final Pattern FIELD =
      Pattern.compile("^(\\w+) @(\\d+) :[^;]*;\\s*# (ptr\\[\\d+\\]|bits\\[\\d+, \\d+\\))(, union tag = \\d+)?$");
  private static final Pattern ENUMERANT = Pattern.compile("^(\\w+) @(\\d+);$");

  @Test
  void ibridgeLayoutAgreesWithCapnp() throws Exception {
    assertLayoutAgrees(TestCapnp.ibridgeSchema(), 40);
  }

  @Test
  void fixtureLayoutAgreesWithCapnp() throws Exception {
    assertLayoutAgrees(TestCapnp.fixtureSchema(), 60);
  }

  private static void assertLayoutAgrees(Path schemaFile, int atLeast) throws Exception {
    Schema schema = TestCapnp.compile(schemaFile);
    List<String> generator = Layout.of(schema, schema.requestedFiles().get(0).id());
    String text = new String(TestCapnp.run(new byte[0], "compile", "-ocapnp", schemaFile.toString()), StandardCharsets.UTF_8);
    List<String> capnp = parse(text);
    assertThat(capnp).hasSizeGreaterThanOrEqualTo(atLeast);
    assertThat(generator).containsExactlyInAnyOrderElementsOf(capnp);
  }

  /** Turns {@code capnp compile -ocapnp} output into {@link Layout}'s notation. */
  static List<String> parse(String text) {
    List<String> out = new ArrayList<>();
    Deque<String> paths = new ArrayDeque<>(); // the path of each open brace; a union keeps its parent's

    Deque<Boolean> isEnum = new ArrayDeque<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("@") || line.startsWith("$")
          || line.startsWith("const ") || line.startsWith("using ")) {
        continue;
      }
      String here = paths.isEmpty() ? "" : paths.peek();
      String prefix = here.isEmpty() ? "" : here + ".";
      Matcher m;
      if ((m = STRUCT.matcher(line)).matches()) {
        paths.push(prefix + m.group(1));
        isEnum.push(false);
        out.add(prefix + m.group(1) + ": " + m.group(2) + " bytes, " + m.group(3) + " ptrs");
      } else if ((m = ENUM.matcher(line)).matches()) {
        paths.push(prefix + m.group(1));
        isEnum.push(true);
      } else if ((m = GROUP.matcher(line)).matches()) {
        paths.push(prefix + m.group(1));
        isEnum.push(false);
        out.add(prefix + m.group(1) + ": group" + (m.group(2) == null ? "" : ", union tag = " + m.group(2)));
      } else if ((m = UNION.matcher(line)).matches()) {
        paths.push(here);
        isEnum.push(false);
        out.add(here + ": union tag bits [" + m.group(1) + ", " + m.group(2) + ")");
      } else if ((m = FIELD.matcher(line)).matches()) {
        out.add(prefix + m.group(1) + " @" + m.group(2) + ": " + m.group(3) + (m.group(4) == null ? "" : m.group(4)));
      } else if (!isEnum.isEmpty() && isEnum.peek() && (m = ENUMERANT.matcher(line)).matches()) {
        out.add(prefix + m.group(1) + " = " + m.group(2));
      } else if (line.equals("}")) {
        paths.pop();
        isEnum.pop();
      } else {
        throw new AssertionError("unexpected line in capnp compile -ocapnp output: " + raw);
      }
    }
    assertThat(paths).as("unbalanced braces").isEmpty();
    return out;
  }
}
