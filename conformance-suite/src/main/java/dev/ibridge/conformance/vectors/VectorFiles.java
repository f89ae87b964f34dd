package dev.ibridge.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.avro.AvroCodec;
import dev.ibridge.internal.Json;
import dev.ibridge.internal.vectors.VectorCase;
import dev.ibridge.internal.vectors.VectorType;
import dev.ibridge.internal.vectors.VectorValues;
import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.ObservableOutput;
import dev.ibridge.model.Output;
import dev.ibridge.model.OutputManifest;
import dev.ibridge.model.ProtocolVersion;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaNormalization;

/**
 * Renders golden vectors to their files: one pretty-printed JSON file per vector and the manifest
 * {@code index.json}. Rendering is a pure function of {@link VectorValues}, so the same code always
 * gives byte-identical files.
 */
public final class VectorFiles {
  /** The format tag written at the top of {@code index.json}. */
  public static final String FORMAT = "ibridge-golden-vectors/1";
  /** Bytes per line of a wrapped hex string. */
  public static final int HEX_LINE_BYTES = 32;
  public static final String INDEX = "index.json";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();

  private VectorFiles() {}

  /** Every file under {@code v1/}, by path relative to it, in a stable order. */
  public static Map<String, String> render(List<VectorCase<?>> cases) {
    Map<String, String> files = new LinkedHashMap<>();
    ObjectNode index = NODES.objectNode();
    index.put("format", FORMAT);
    index.put("protocolMajor", ProtocolVersion.MAJOR);
    index.put("protocolMinor", ProtocolVersion.MINOR);
    index.put("hexLineBytes", HEX_LINE_BYTES);
    ArrayNode schemas = index.putArray("avroSchemas");
    for (VectorType<?> type : VectorType.ALL) {
      type.avro().ifPresent(avro -> schemas.add(schema(type, avro)));
    }
    ArrayNode list = index.putArray("vectors");
    for (VectorCase<?> c : cases) {
      ObjectNode vector = vector(c);
      files.put(c.path(), text(vector));
      ObjectNode entry = list.addObject();
      entry.put("path", c.path());
      entry.put("type", c.type().name());
      entry.put("name", c.name());
      entry.put("description", c.description());
      ArrayNode encodings = entry.putArray("encodings");
      vector.get("encodings").fieldNames().forEachRemaining(encodings::add);
    }
    files.put(INDEX, text(index));
    return files;
  }

  private static ObjectNode schema(VectorType<?> type, AvroCodec<?> avro) {
    ObjectNode node = NODES.objectNode();
    node.put("type", type.name());
    node.put("avroFullName", avro.schema().getFullName());
    node.put("fingerprint", String.format("%016x", avro.fingerprint()));
    node.put("singleObjectHeader", "c301" + HEX.formatHex(littleEndian(avro.fingerprint())));
    node.put("parsingCanonicalForm", SchemaNormalization.toParsingForm(avro.schema()));
    return node;
  }

  static byte[] littleEndian(long value) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (value >>> (8 * i));
    }
    return b;
  }

  private static <T> ObjectNode vector(VectorCase<T> c) {
    VectorType<T> type = c.type();
    ObjectNode node = NODES.objectNode();
    node.put("type", type.name());
    node.put("name", c.name());
    node.put("description", c.description());
    node.set("value", type.json().toTree(c.value()));
    ObjectNode encodings = node.putObject("encodings");
    type.capnp().ifPresent(capnp -> encodings.set("capnp", hexLines(capnp.encoder().apply(c.value()))));
    type.avro().ifPresent(avro -> {
      encodings.set("avroBinary", hexLines(avro.encodeBinary(c.value())));
      encodings.set("avroSingleObject", hexLines(avro.encodeSingleObject(c.value())));
      encodings.put("avroJson", avro.encodeJson(c.value()));
    });
    ObjectNode derived = derived(c.value());
    if (!derived.isEmpty()) {
      node.set("derived", derived);
    }
    if (!c.blobs().isEmpty()) {
      ArrayNode blobs = node.putArray("blobs");
      for (Bytes content : c.blobs()) {
        byte[] bytes = content.toByteArray();
        ObjectNode blob = blobs.addObject();
        blob.set("content", hexLines(bytes));
        blob.put("size", bytes.length);
        blob.put("digest", Keys.blobDigest(bytes).toString());
      }
    }
    return node;
  }

  private static ObjectNode derived(Object value) {
    ObjectNode node = NODES.objectNode();
    if (value instanceof Record r) {
      node.set("keyMaterialCanonical", hexLines(Keys.canonicalBytes(r.keyMaterial())));
      node.put("inputKey", Keys.inputKey(r.keyMaterial()).toString());
      node.set("outputManifestCanonical", hexLines(Keys.canonicalBytes(Keys.manifest(r.outputs()))));
      node.put("outputFingerprint", Keys.outputFingerprint(r.outputs()).toString());
      node.put("subjectDigest", Keys.subjectDigest(r.subject()).toString());
    } else if (value instanceof KeyMaterial km) {
      node.put("inputKey", Keys.inputKey(km).toString());
      node.put("subjectDigest", Keys.subjectDigest(km.subject()).toString());
    } else if (value instanceof OutputManifest m) {
      node.put("outputFingerprint", Keys.outputFingerprint(asOutputs(m)).toString());
    } else if (value instanceof Subject s) {
      node.put("subjectDigest", Keys.subjectDigest(s).toString());
    }
    return node;
  }

  /** The record outputs whose manifest is {@code m}: all of them observable. */
  public static List<Output> asOutputs(OutputManifest m) {
    return m.outputs().stream()
        .map((ObservableOutput o) -> new Output(o.name(), new BlobRef(o.digest(), o.size()), true))
        .toList();
  }

  /** Lower-case hex, {@link #HEX_LINE_BYTES} bytes per array element; empty input gives []. */
  public static ArrayNode hexLines(byte[] bytes) {
    ArrayNode lines = NODES.arrayNode();
    for (int i = 0; i < bytes.length; i += HEX_LINE_BYTES) {
      lines.add(HEX.formatHex(bytes, i, Math.min(bytes.length, i + HEX_LINE_BYTES)));
    }
    return lines;
  }

  /** The bytes of a wrapped hex string. */
  public static byte[] unhex(JsonNode lines) {
    StringBuilder b = new StringBuilder();
    for (JsonNode line : lines) {
      b.append(line.textValue());
    }
    return HEX.parseHex(b);
  }

  /** Pretty-printed with two-space indentation and {@code \n} line ends, ending with a newline. */
  public static String text(JsonNode tree) {
    return Json.canonicalText(tree);
  }
}
