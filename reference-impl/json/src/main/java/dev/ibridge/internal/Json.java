package dev.ibridge.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * The project's one JSON reader and writer, on Jackson. The reader is strict: a duplicate member
 * name and anything after the value are errors, and Jackson's default limits bound nesting (1000
 * levels) and numbers (1000 characters), as REQ-SEC-008 asks. The writer prints the one rendering
 * the JSON form and the golden vectors use: two-space indentation, {@code "name": value},
 * {@code \n} line ends, {@code {}} and {@code []} for empty containers.
 */
public final class Json {
  /** Reads JSON strictly; see the class comment. */
  public static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** Writes the canonical rendering, without the final newline. */
  public static final ObjectWriter CANONICAL = STRICT.writer(canonicalPrinter());

  private Json() {}

  /** {@code tree} in the canonical rendering, ending with a newline. */
  public static String canonicalText(JsonNode tree) {
    try {
      return CANONICAL.writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("rendering a JSON tree cannot fail", e);
    }
  }

  private static DefaultPrettyPrinter canonicalPrinter() {
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
  }
}
