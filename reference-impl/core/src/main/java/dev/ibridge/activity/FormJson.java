package dev.ibridge.activity;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Iterator;
import java.util.Set;

/**
 * What the catalog and workspace JSON forms share (REQ-ACT-020): a reader that refuses a member
 * name twice in one object, and the check that an object holds only the members its form defines.
 */
final class FormJson {
  /** Reads JSON, refusing a member name repeated in one object. */
  static final ObjectMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private FormJson() {}

  /** Refuses {@code node} when it has a member that is not among {@code members}. */
  static void onlyMembers(JsonNode node, String where, Set<String> members) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!members.contains(name)) {
        throw new IllegalArgumentException(
            where + ": the member \"" + name + "\" is not part of the form (it has " + String.join(", ", members.stream().sorted().toList()) + ")");
      }
    }
  }

  /** Refuses {@code node} when it is not a JSON object. */
  static JsonNode requireObject(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(where + " must be a JSON object");
    }
    return node;
  }
}
