package dev.ibridge.capnp;

import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Renders model values the way {@code capnp decode --short} prints them, field by field from the
 * model, and as the JSON that {@code capnp convert json:binary} reads.
 */
final class CapnpText {
  private CapnpText() {}

  // ---- capnp text format ----

  static String record(Record r) {
    return "(producer = (activity = " + text(r.producer().activity()) + ", tool = " + text(r.producer().tool())
        + ", toolVersion = " + text(r.producer().toolVersion()) + ")"
        + ", inputKey = " + digest(r.inputKey())
        + ", keyMaterial = " + keyMaterial(r.keyMaterial())
        + ", outputs = " + list(r.outputs(), CapnpText::output)
        + ", outputFingerprint = " + digest(r.outputFingerprint()) + ")";
  }

  private static String keyMaterial(KeyMaterial km) {
    return "(protocolMajor = " + km.protocolMajor()
        + ", subject = " + subject(km.subject())
        + ", facet = " + text(km.facet().name())
        + ", toolchain = (name = " + text(km.toolchain().name()) + ", version = " + text(km.toolchain().version()) + ")"
        + ", config = " + list(km.config(), CapnpText::config)
        + ", inputs = " + list(km.inputs(), CapnpText::input)
        + ", reads = " + list(km.reads(), CapnpText::read) + ")";
  }

  private static String subject(Subject s) {
    return "(unit = (packageId = " + text(s.unit().packageId()) + ", targetName = " + text(s.unit().targetName())
        + ", targetKind = " + text(s.unit().targetKind()) + ", targetTriple = " + text(s.unit().targetTriple())
        + "), modulePath = " + text(s.modulePath()) + ")";
  }

  private static String config(ConfigEntry e) {
    return "(name = " + text(e.name()) + ", value = " + text(e.value()) + ")";
  }

  private static String input(DirectInput input) {
    if (input instanceof FileInput f) {
      return "(file = (path = " + text(f.path()) + ", digest = " + digest(f.digest()) + ", size = " + f.size() + "))";
    }
    EnvInput e = (EnvInput) input;
    String value = e.value() == null ? "(unset = void)" : "(set = " + text(e.value()) + ")";
    return "(env = (name = " + text(e.name()) + ", value = " + value + "))";
  }

  private static String read(Read r) {
    return "(subject = " + subject(r.subject()) + ", facet = " + text(r.facet().name())
        + ", outputFingerprint = " + digest(r.outputFingerprint()) + ")";
  }

  private static String output(Output o) {
    return "(name = " + text(o.name()) + ", blob = (digest = " + digest(o.blob().digest()) + ", size = "
        + o.blob().size() + "), observable = " + o.observable() + ")";
  }

  private static String digest(Digest d) {
    return "(algorithm = " + d.algorithm().label() + ", value = " + quote(d.value().toByteArray(), false) + ")";
  }

  private static <T> String list(List<T> items, Function<T, String> item) {
    return "[" + String.join(", ", items.stream().map(item).toList()) + "]";
  }

  private static String text(String s) {
    return quote(s.getBytes(StandardCharsets.UTF_8), true);
  }

  /**
   * capnp's quoting: C escapes for the usual control characters and quotes, three-digit octal for
   * other bytes below 0x20 and 0x7f; bytes from 0x80 up are raw in Text and octal in Data.
   */
  private static String quote(byte[] bytes, boolean isText) {
    StringBuilder out = new StringBuilder("\"");
    java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
    for (byte value : bytes) {
      int b = value & 0xFF;
      String escaped = switch (b) {
        case 0x07 -> "\\a";
        case 0x08 -> "\\b";
        case 0x09 -> "\\t";
        case 0x0A -> "\\n";
        case 0x0B -> "\\v";
        case 0x0C -> "\\f";
        case 0x0D -> "\\r";
        case '\'' -> "\\'";
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        default -> null;
      };
      if (escaped == null && (b >= 0x20 && b < 0x7F || (isText && b >= 0x80))) {
        raw.write(b);
        continue;
      }
      out.append(raw.toString(StandardCharsets.UTF_8));
      raw.reset();
      out.append(escaped != null ? escaped : String.format("\\%03o", b));
    }
    out.append(raw.toString(StandardCharsets.UTF_8));
    return out.append('"').toString();
  }

  // ---- capnp JSON ----

  /**
   * The JSON form of a record for capnp's JSON codec: Data as an array of byte values, UInt64 as a
   * decimal string, a union as an object with the one member set, Void as null. Non-ASCII text is
   * written raw, because capnp 0.9.2 mis-decodes {@code \}{@code uXXXX} escapes above U+007F.
   */
  static String json(Record r) {
    return "{\"producer\": {\"activity\": " + js(r.producer().activity()) + ", \"tool\": " + js(r.producer().tool())
        + ", \"toolVersion\": " + js(r.producer().toolVersion()) + "}"
        + ", \"inputKey\": " + jsonDigest(r.inputKey())
        + ", \"keyMaterial\": " + jsonKeyMaterial(r.keyMaterial())
        + ", \"outputs\": " + list(r.outputs(), o -> "{\"name\": " + js(o.name()) + ", \"blob\": {\"digest\": "
            + jsonDigest(o.blob().digest()) + ", \"size\": \"" + o.blob().size() + "\"}, \"observable\": "
            + o.observable() + "}")
        + ", \"outputFingerprint\": " + jsonDigest(r.outputFingerprint()) + "}";
  }

  private static String jsonKeyMaterial(KeyMaterial km) {
    return "{\"protocolMajor\": " + km.protocolMajor()
        + ", \"subject\": " + jsonSubject(km.subject())
        + ", \"facet\": " + js(km.facet().name())
        + ", \"toolchain\": {\"name\": " + js(km.toolchain().name()) + ", \"version\": " + js(km.toolchain().version()) + "}"
        + ", \"config\": " + list(km.config(), e -> "{\"name\": " + js(e.name()) + ", \"value\": " + js(e.value()) + "}")
        + ", \"inputs\": " + list(km.inputs(), CapnpText::jsonInput)
        + ", \"reads\": " + list(km.reads(), r -> "{\"subject\": " + jsonSubject(r.subject()) + ", \"facet\": "
            + js(r.facet().name()) + ", \"outputFingerprint\": " + jsonDigest(r.outputFingerprint()) + "}")
        + "}";
  }

  private static String jsonInput(DirectInput input) {
    if (input instanceof FileInput f) {
      return "{\"file\": {\"path\": " + js(f.path()) + ", \"digest\": " + jsonDigest(f.digest())
          + ", \"size\": \"" + f.size() + "\"}}";
    }
    EnvInput e = (EnvInput) input;
    String value = e.value() == null ? "{\"unset\": null}" : "{\"set\": " + js(e.value()) + "}";
    return "{\"env\": {\"name\": " + js(e.name()) + ", \"value\": " + value + "}}";
  }

  private static String jsonSubject(Subject s) {
    return "{\"unit\": {\"packageId\": " + js(s.unit().packageId()) + ", \"targetName\": " + js(s.unit().targetName())
        + ", \"targetKind\": " + js(s.unit().targetKind()) + ", \"targetTriple\": " + js(s.unit().targetTriple())
        + "}, \"modulePath\": " + js(s.modulePath()) + "}";
  }

  private static String jsonDigest(Digest d) {
    StringBuilder values = new StringBuilder();
    for (byte b : d.value().toByteArray()) {
      values.append(values.length() == 0 ? "" : ", ").append(b & 0xFF);
    }
    return "{\"algorithm\": \"" + d.algorithm().label() + "\", \"value\": [" + values + "]}";
  }

  private static String js(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            throw new IllegalArgumentException("test values avoid control characters capnp's JSON cannot take");
          }
          out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }
}
