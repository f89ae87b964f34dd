package dev.ibridge.capnpc;

import java.util.ArrayList;
import java.util.List;

/** Turns Cap'n Proto doc comments into Javadoc. */
final class Javadoc {
  private Javadoc() {}

  /** Writes {@code doc} as a Javadoc block; writes nothing for an empty doc comment. */
  static void write(JavaGenerator.Out out, String doc) {
    List<String> lines = new ArrayList<>();
    for (String line : doc.strip().split("\n", -1)) {
      lines.add(escape(line.stripTrailing()));
    }
    if (lines.size() == 1 && lines.get(0).isEmpty()) {
      return;
    }
    if (lines.size() == 1) {
      out.line("/** " + lines.get(0) + " */");
      return;
    }
    out.line("/**");
    for (String line : lines) {
      out.line(line.isEmpty() ? " *" : " * " + line);
    }
    out.line(" */");
  }

  /** {@code text} as inline code. */
  static String code(String text) {
    return "<code>" + escapeHtml(text) + "</code>";
  }

  /** Escapes HTML and Javadoc syntax, and shows {@code `quoted`} spans as code. */
  static String escape(String line) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < line.length()) {
      int open = line.indexOf('`', i);
      int close = open < 0 ? -1 : line.indexOf('`', open + 1);
      if (close < 0) {
        out.append(escapeHtml(line.substring(i)));
        break;
      }
      out.append(escapeHtml(line.substring(i, open))).append(code(line.substring(open + 1, close)));
      i = close + 1;
    }
    return out.toString();
  }

  private static String escapeHtml(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("@", "&#64;")
        .replace("*/", "*&#47;")
        .replace("\\u", "&#92;u");
  }
}
