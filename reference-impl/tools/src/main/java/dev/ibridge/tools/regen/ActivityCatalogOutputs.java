package dev.ibridge.tools.regen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The built-in activity catalog, {@code schemas/v1/activities.json}: Java reads the file itself
 * (core copies it into its resources), Rust gets it as a constant, the spec gets its two tables.
 */
final class ActivityCatalogOutputs {
  static final String SOURCE = "schemas/v1/activities.json";

  private ActivityCatalogOutputs() {}

  static List<GeneratedFile> generate(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(SOURCE + " is not valid JSON", e);
    }
    return List.of(
        new GeneratedFile("emitters/rust/crates/ibridge/src/generated/activities.rs", rust(json)),
        new GeneratedFile("spec/generated/activities.adoc", asciidoc(root)));
  }

  static String rust(String json) {
    return GeneratedFile.header("//", SOURCE)
        + "\n//! The built-in facet rules and activities (spec chapter \"Activity semantics\").\n\n"
        + "/// The built-in catalog in its JSON form: check, clippy, build and doc.\n"
        + "pub const BUILTIN_CATALOG: &str = " + Rust.rawString(json) + ";\n";
  }

  static String asciidoc(JsonNode root) {
    StringBuilder out = new StringBuilder(GeneratedFile.header("//", SOURCE));
    out.append("\n// tag::facets[]\n[cols=\"2,1,1,4\",options=\"header\"]\n|===\n| Facet | Sources | Observes | Reads\n\n");
    for (Map.Entry<String, JsonNode> facet : fields(root.path("facets"))) {
      JsonNode rule = facet.getValue();
      List<String> reads = new ArrayList<>();
      for (JsonNode read : rule.path("reads")) {
        reads.add(code(read.path("facet").asText()) + " of " + code(read.path("of").asText()));
      }
      out.append("| ").append(code(facet.getKey()))
          .append(" | ").append(rule.path("sources").asBoolean(false) ? "yes" : "no")
          .append(" | ").append(rule.path("observes").asText("full"))
          .append(" | ").append(listOrNone(reads, "; ")).append('\n');
    }
    out.append("|===\n// end::facets[]\n\n// tag::activities[]\n[cols=\"1,2,3\",options=\"header\"]\n|===\n")
        .append("| Activity | Requests | Emits\n\n");
    for (Map.Entry<String, JsonNode> activity : fields(root.path("activities"))) {
      out.append("| ").append(code(activity.getKey()))
          .append(" | ").append(listOrNone(codes(activity.getValue().path("requests")), ", "))
          .append(" | ").append(listOrNone(codes(activity.getValue().path("emits")), ", ")).append('\n');
    }
    return out.append("|===\n// end::activities[]\n").toString();
  }

  private static List<Map.Entry<String, JsonNode>> fields(JsonNode object) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private static List<String> codes(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : array) {
      out.add(code(item.asText()));
    }
    return out;
  }

  private static String code(String text) {
    return "`" + text + "`";
  }

  private static String listOrNone(List<String> items, String separator) {
    return items.isEmpty() ? "(none)" : String.join(separator, items);
  }
}
