package dev.ibridge.capnpc;

import dev.ibridge.capnpc.Schema.EnumNode;
import dev.ibridge.capnpc.Schema.Field;
import dev.ibridge.capnpc.Schema.FileNode;
import dev.ibridge.capnpc.Schema.Nested;
import dev.ibridge.capnpc.Schema.Node;
import dev.ibridge.capnpc.Schema.StructNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire layout the generator uses for one schema file, one line per struct size, union tag,
 * field and enumerant, in the notation of {@code capnp compile -ocapnp}:
 *
 * <pre>
 * DirectInput: 16 bytes, 2 ptrs
 * DirectInput: union tag bits [64, 80)
 * DirectInput.file: group, union tag = 0
 * DirectInput.file.size @2: bits[0, 64)
 * DirectInput.env.value.set @5: ptr[1], union tag = 1
 * DigestAlgorithm.sha256 = 0
 * </pre>
 *
 * Tests compare it with what capnp itself prints, so a generator that misreads an offset fails.
 */
public final class Layout {
  private Layout() {}

  public static List<String> of(Schema schema, long fileId) {
    FileNode file = (FileNode) schema.node(fileId).orElseThrow();
    List<String> lines = new ArrayList<>();
    for (Nested n : file.nested()) {
      node(schema, n, "", lines);
    }
    return lines;
  }

  private static void node(Schema schema, Nested n, String prefix, List<String> lines) {
    Node node = schema.node(n.id()).orElseThrow();
    String path = prefix + n.name();
    if (node instanceof StructNode s) {
      lines.add(path + ": " + s.dataWords() * 8 + " bytes, " + s.pointerCount() + " ptrs");
      members(schema, s, path, lines);
      for (Nested child : s.nested()) {
        node(schema, child, path + ".", lines);
      }
    } else if (node instanceof EnumNode e) {
      for (int i = 0; i < e.enumerants().size(); i++) {
        lines.add(path + "." + e.enumerants().get(i) + " = " + i);
      }
      for (Nested child : e.nested()) {
        node(schema, child, path + ".", lines);
      }
    }
  }

  private static void members(Schema schema, StructNode s, String path, List<String> lines) {
    if (s.hasUnion()) {
      long bit = s.discriminantOffset() * 16;
      lines.add(path + ": union tag bits [" + bit + ", " + (bit + 16) + ")");
    }
    for (Field f : s.fields()) {
      String tag = f.inUnion() ? ", union tag = " + f.discriminantValue() : "";
      if (f.isGroup()) {
        lines.add(path + "." + f.name() + ": group" + tag);
        members(schema, (StructNode) schema.node(f.groupId()).orElseThrow(), path + "." + f.name(), lines);
        continue;
      }
      lines.add(path + "." + f.name() + " @" + f.ordinal() + ": " + location(f.slot()) + tag);
    }
  }

  private static String location(Schema.Slot slot) {
    int bits = slot.dataBits();
    if (bits < 0) {
      return "ptr[" + slot.offset() + "]";
    }
    long start = slot.offset() * bits;
    return "bits[" + start + ", " + (start + bits) + ")";
  }
}
