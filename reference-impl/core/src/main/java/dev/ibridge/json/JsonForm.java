package dev.ibridge.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.codec.MessageType;
import dev.ibridge.internal.Json;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.OutputManifest;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The JSON form of one protocol message type: a readable rendering for people, diffs and test
 * fixtures. It is not a wire encoding; the bytes that are stored, streamed or hashed are the Cap'n
 * Proto and Avro encodings.
 *
 * <p>Fields appear in schema order with the schemas' names. Digests are {@code "sha256:<hex>"},
 * sizes and counts are JSON integers, a direct input is {@code {"file": {...}}} or
 * {@code {"env": {...}}} with a {@code null} value for an unset variable. Rendering is
 * pretty-printed with two-space indentation and ends with a newline, so the same value always
 * renders to the same text. Parsing is strict: unknown or missing fields, duplicate names, wrong
 * JSON types and values the model rejects are each a {@link DecodeException} naming the JSON path
 * ({@code $.keyMaterial.inputs[1].file.size}).
 */
public final class JsonForm<T> {
  public static final JsonForm<Record> RECORD =
      new JsonForm<>(Record.class, ModelJson::record, ModelJson::record);
  public static final JsonForm<StoreHeader> STORE_HEADER =
      new JsonForm<>(StoreHeader.class, ModelJson::storeHeader, ModelJson::storeHeader);
  public static final JsonForm<KeyMaterial> KEY_MATERIAL =
      new JsonForm<>(KeyMaterial.class, ModelJson::keyMaterial, ModelJson::keyMaterial);

  public static final JsonForm<OutputManifest> OUTPUT_MANIFEST =
      new JsonForm<>(OutputManifest.class, ModelJson::outputManifest, ModelJson::outputManifest);
  public static final JsonForm<JournalEvent> JOURNAL_EVENT =
      new JsonForm<>(JournalEvent.class, ModelJson::journalEvent, ModelJson::journalEvent);

  private static final ObjectMapper MAPPER = Json.STRICT;
  private static final ObjectWriter PRETTY = Json.CANONICAL;

  private final Class<T> type;
  private final Function<T, ObjectNode> writer;
  private final Node.JsonReader<T> reader;

  private JsonForm(Class<T> type, Function<T, ObjectNode> writer, Node.JsonReader<T> reader) {
    this.type = type;
    this.writer = writer;
    this.reader = reader;
  }

  /** The JSON form of a single message of {@code type}; a journal file has none of its own. */
  public static JsonForm<?> of(MessageType type) {
    return switch (type) {
      case RECORD -> RECORD;
      case STORE_HEADER -> STORE_HEADER;
      case KEY_MATERIAL -> KEY_MATERIAL;
      case OUTPUT_MANIFEST -> OUTPUT_MANIFEST;
      case JOURNAL_EVENT -> JOURNAL_EVENT;
      case JOURNAL_FILE -> throw new IllegalArgumentException(
          "a journal file is a sequence of journal events; render each with JOURNAL_EVENT");
    };
  }

  /** The model class this form renders. */
  public Class<T> type() {
    return type;
  }

  /** Renders {@code value}, which must be of {@link #type()}. */
  public String renderValue(Object value) {
    return render(type.cast(value));
  }

  public ObjectNode toTree(T value) {
    return writer.apply(Objects.requireNonNull(value, "value"));
  }

  public T fromTree(JsonNode tree) throws DecodeException {
    return reader.read(Node.root(tree));
  }

  /** The pretty-printed text, ending with a newline. */
  public String render(T value) {
    return renderTree(toTree(value));
  }

  public T parse(String json) throws DecodeException {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses UTF-8 JSON text. */
  public T parse(byte[] utf8) throws DecodeException {
    return fromTree(readTree(utf8));
  }

  /**
   * The JSON form of {@code value} when it is a protocol message or a part of one (a digest is
   * {@code "sha256:<hex>"}, a direct input {@code {"file": …}}, a subject, an output…), as it
   * appears inside its message; null for a value of any other type.
   */
  public static JsonNode treeOf(Object value) {
    return ModelJson.any(value);
  }

  /** A session journal's JSON form: an array of its events' JSON forms, in journal order. */
  public static String renderJournal(List<JournalEvent> events) {
    return renderTree(ModelJson.array(events, ModelJson::journalEvent));
  }

  public static List<JournalEvent> parseJournal(byte[] utf8) throws DecodeException {
    return ModelJson.list(Node.root(readTree(utf8)), ModelJson::journalEvent);
  }

  /** Renders any JSON tree the way the JSON form is printed: two-space indentation, {@code "name": value}, a final newline. */
  public static String renderTree(JsonNode tree) {
    try {
      return PRETTY.writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("rendering a JSON tree cannot fail", e);
    }
  }

  static JsonNode readTree(byte[] utf8) throws DecodeException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(utf8);
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    } catch (IOException e) {
      throw new DecodeException("$: unreadable JSON: " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new DecodeException("$: no JSON value (the input is empty)", 0, null);
    }
    return tree;
  }

  private static DecodeException syntaxError(JsonProcessingException e) {
    String path = "$";
    if (e.getProcessor() instanceof JsonParser parser) {
      path = pathOf(parser.getParsingContext());
    }
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    long offset = at == null ? -1 : at.getByteOffset();
    String message = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").strip();
    return new DecodeException(path + ": invalid JSON: " + message + where, offset, e);
  }

  private static String pathOf(JsonStreamContext context) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.add("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        parts.add("." + c.getCurrentName());
      }
    }
    Collections.reverse(parts);
    return "$" + String.join("", parts);
  }

  @Override
  public String toString() {
    return "JsonForm(" + type.getSimpleName() + ")";
  }
}
