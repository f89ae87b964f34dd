package dev.ibridge.capnp;

/**
 * Where a field sits in a message, such as {@code record.keyMaterial.inputs[2].file}. Decoding
 * builds one of these per struct it enters and turns it into text only when it reports an error,
 * so a message that decodes cleanly costs no string building.
 */
final class FieldPath {
  private final FieldPath parent;
  private final String name;
  private final int index;

  private FieldPath(FieldPath parent, String name, int index) {
    this.parent = parent;
    this.name = name;
    this.index = index;
  }

  static FieldPath root(String name) {
    return new FieldPath(null, name, -1);
  }

  /** The field {@code name} of the struct at this path. */
  FieldPath field(String name) {
    return new FieldPath(this, name, -1);
  }

  /** Entry {@code index} of the list at this path. */
  FieldPath at(int index) {
    return new FieldPath(this, null, index);
  }

  /** The text of the path to the field {@code name} of the struct at this path. */
  String to(String name) {
    return this + "." + name;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    append(out);
    return out.toString();
  }

  private void append(StringBuilder out) {
    if (parent != null) {
      parent.append(out);
    }
    if (name == null) {
      out.append('[').append(index).append(']');
    } else {
      if (parent != null) {
        out.append('.');
      }
      out.append(name);
    }
  }
}
