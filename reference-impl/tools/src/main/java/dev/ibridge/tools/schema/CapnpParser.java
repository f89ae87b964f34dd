package dev.ibridge.tools.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the subset of the Cap'n Proto schema language that the protocol's schemas use, so that
 * the schema reference and the evolution gate need only the JDK: a file ID, structs, enums,
 * fields with ordinals and defaults, unions, groups, {@code List(T)} and doc comments. Anything
 * else ({@code using}, {@code import}, annotations, constants, interfaces, generics) is rejected
 * with its line rather than silently misread. IDs that the schema leaves implicit are derived the
 * way capnp derives them; {@code CapnpParserInteropTest} checks the result against capnp itself.
 */
public final class CapnpParser {
  private enum Kind { WORD, ID, PUNCT, LITERAL, COMMENT, END }

  private record Token(Kind kind, String text, int line) {}

  private final String fileName;
  private final List<Token> tokens;
  private int pos;
  private final List<CapnpSchema.Type> types = new ArrayList<>();

  private CapnpParser(String fileName, List<Token> tokens) {
    this.fileName = fileName;
    this.tokens = tokens;
  }

  public static CapnpSchema parse(String fileName, String text) throws SchemaException {
    CapnpParser p = new CapnpParser(fileName, tokenize(fileName, text));
    return p.file();
  }

  private CapnpSchema file() throws SchemaException {
    String doc = docs();
    Token id = expect(Kind.ID, "the file ID (@0x...)");
    long fileId = parseId(id);
    expectPunct(";");
    docs();
    while (peek().kind() != Kind.END) {
      declaration("", fileId);
      docs();
    }
    return new CapnpSchema(fileName, fileId, doc, types);
  }

  /** A struct or enum at {@code prefix} ("" at top level), nested in the node {@code parentId}. */
  private void declaration(String prefix, long parentId) throws SchemaException {
    Token keyword = expect(Kind.WORD, "struct or enum");
    String name = expect(Kind.WORD, "a name").text();
    long id = peek().kind() == Kind.ID ? parseId(next()) : childId(parentId, name);
    expectPunct("{");
    String doc = docs();
    String full = prefix.isEmpty() ? name : prefix + "." + name;
    switch (keyword.text()) {
      case "struct" -> {
        int at = types.size();
        List<CapnpSchema.Field> fields = new ArrayList<>();
        members(full, id, "", "", fields);
        types.add(at, new CapnpSchema.Struct(full, id, doc, fields));
      }
      case "enum" -> types.add(new CapnpSchema.Enum(full, id, doc, enumerants()));
      default -> throw error(keyword, "unsupported declaration '" + keyword.text() + "'");
    }
  }

  private List<CapnpSchema.Enumerant> enumerants() throws SchemaException {
    List<CapnpSchema.Enumerant> out = new ArrayList<>();
    while (!isPunct("}")) {
      String name = expect(Kind.WORD, "an enumerant").text();
      int ordinal = ordinal(expect(Kind.ID, "an ordinal (@N)"));
      expectPunct(";");
      out.add(new CapnpSchema.Enumerant(name, ordinal, docs()));
    }
    next();
    return out;
  }

  /** Members until the closing brace, flattened into {@code out} with dotted paths. */
  private void members(String structName, long structId, String path, String union, List<CapnpSchema.Field> out)
      throws SchemaException {
    while (!isPunct("}")) {
      Token first = expect(Kind.WORD, "a member");
      if (first.text().equals("struct") || first.text().equals("enum")) {
        pos--;
        declaration(structName, structId);
      } else if (first.text().equals("union") && isPunct("{")) {
        next();
        docs();
        members(structName, structId, path, "(union)", out);
      } else {
        String memberPath = path.isEmpty() ? first.text() : path + "." + first.text();
        if (peek().kind() == Kind.ID) {
          int ordinal = ordinal(next());
          expectPunct(":");
          String type = type();
          StringBuilder defaultValue = new StringBuilder();
          if (isPunct("=")) {
            next();
            while (!isPunct(";")) {
              defaultValue.append(next().text());
            }
          }
          expectPunct(";");
          out.add(new CapnpSchema.Field(memberPath, ordinal, type, defaultValue.toString(), union, docs()));
        } else {
          expectPunct(":");
          Token kind = expect(Kind.WORD, "group or union");
          if (!kind.text().equals("group") && !kind.text().equals("union")) {
            throw error(kind, "member '" + first.text() + "' has no ordinal");
          }
          expectPunct("{");
          int at = out.size();
          String doc = docs();
          out.add(new CapnpSchema.Field(memberPath, -1, kind.text(), "", union, doc));
          members(structName, structId, memberPath, kind.text().equals("union") ? memberPath : "", out);
          if (out.size() == at + 1) {
            throw error(kind, kind.text() + " '" + memberPath + "' is empty");
          }
        }
      }
      docs();
    }
    next();
  }

  private String type() throws SchemaException {
    Token name = expect(Kind.WORD, "a type");
    if (name.text().equals("List")) {
      expectPunct("(");
      String element = type();
      expectPunct(")");
      return "List(" + element + ")";
    }
    StringBuilder qualified = new StringBuilder(name.text());
    while (isPunct(".")) {
      next();
      qualified.append('.').append(expect(Kind.WORD, "a type name").text());
    }
    if (isPunct("(")) {
      throw error(name, "generic types are not supported");
    }
    return qualified.toString();
  }

  /** Consecutive comments at the current position, joined as one doc text. */
  private String docs() {
    List<String> lines = new ArrayList<>();
    while (peek().kind() == Kind.COMMENT) {
      lines.add(next().text());
    }
    return String.join("\n", lines).strip();
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.kind() != Kind.END) {
      pos++;
    }
    return t;
  }

  private boolean isPunct(String p) {
    Token t = peek();
    return t.kind() == Kind.PUNCT && t.text().equals(p);
  }

  private Token expect(Kind kind, String what) throws SchemaException {
    Token t = next();
    if (t.kind() != kind) {
      throw error(t, "expected " + what + " but found " + describe(t));
    }
    return t;
  }

  private void expectPunct(String p) throws SchemaException {
    Token t = next();
    if (t.kind() != Kind.PUNCT || !t.text().equals(p)) {
      throw error(t, "expected '" + p + "' but found " + describe(t));
    }
  }

  private static String describe(Token t) {
    return t.kind() == Kind.END ? "the end of the file" : "'" + t.text() + "'";
  }

  private SchemaException error(Token at, String message) {
    return new SchemaException(fileName + ":" + at.line() + ": " + message);
  }

  private long parseId(Token t) throws SchemaException {
    if (!t.text().startsWith("0x")) {
      throw error(t, "expected an ID (@0x...) but found @" + t.text());
    }
    try {
      return Long.parseUnsignedLong(t.text().substring(2), 16);
    } catch (NumberFormatException e) {
      throw error(t, "malformed ID @" + t.text());
    }
  }

  private int ordinal(Token t) throws SchemaException {
    try {
      return Integer.parseInt(t.text());
    } catch (NumberFormatException e) {
      throw error(t, "expected an ordinal (@N) but found @" + t.text());
    }
  }

  /**
   * The ID capnp gives a declaration that states none: the first eight bytes (big-endian) of the
   * MD5 of the parent's ID (eight bytes, little-endian) followed by the name, with the top bit set.
   */
  static long childId(long parentId, String name) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      for (int i = 0; i < 8; i++) {
        md5.update((byte) (parentId >>> (8 * i)));
      }
      md5.update(name.getBytes(StandardCharsets.UTF_8));
      byte[] hash = md5.digest();
      long id = 0;
      for (int i = 0; i < 8; i++) {
        id = (id << 8) | (hash[i] & 0xff);
      }
      return id | (1L << 63);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }

  private static List<Token> tokenize(String fileName, String text) throws SchemaException {
    List<Token> out = new ArrayList<>();
    int line = 1;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        int end = text.indexOf('\n', i);
        end = end < 0 ? text.length() : end;
        String comment = text.substring(i + 1, end);
        out.add(new Token(Kind.COMMENT, comment.startsWith(" ") ? comment.substring(1) : comment, line));
        i = end;
      } else if (c == '@') {
        int end = i + 1;
        while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
          end++;
        }
        out.add(new Token(Kind.ID, text.substring(i + 1, end), line));
        i = end;
      } else if (Character.isLetter(c) || c == '_') {
        int end = i;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
          end++;
        }
        out.add(new Token(Kind.WORD, text.substring(i, end), line));
        i = end;
      } else if (Character.isDigit(c) || c == '-') {
        int end = i + 1;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '.')) {
          end++;
        }
        out.add(new Token(Kind.LITERAL, text.substring(i, end), line));
        i = end;
      } else if (c == '"') {
        int end = text.indexOf('"', i + 1);
        if (end < 0) {
          throw new SchemaException(fileName + ":" + line + ": unterminated string");
        }
        out.add(new Token(Kind.LITERAL, text.substring(i, end + 1), line));
        i = end + 1;
      } else if ("{}();:=.,".indexOf(c) >= 0) {
        out.add(new Token(Kind.PUNCT, String.valueOf(c), line));
        i++;
      } else {
        throw new SchemaException(fileName + ":" + line + ": unexpected character '" + c + "'");
      }
    }
    out.add(new Token(Kind.END, "", line));
    return out;
  }
}
