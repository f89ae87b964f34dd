package dev.ibridge.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibridge.model.Facet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The facet rules and activity definitions an emitter works from. The built-in catalog (check,
 * clippy, build, doc) is the resource {@code activities.json}; users add their own facets and
 * activities in the same JSON format:
 *
 * <pre>{@code
 * {"facets": {"com.example.audit": {"reads": [{"facet": "analysis", "of": "self"}]}},
 *  "activities": {"audit": {"requests": ["analysis"], "emits": ["com.example.audit"]}}}
 * }</pre>
 *
 * A facet rule has {@code sources} (default false), {@code observes} ({@code full} or
 * {@code interface}, default full) and {@code reads} (each {@code of} self, deps or modules).
 */
public record ActivityCatalog(Map<Facet, FacetRule> facets, Map<String, ActivityDefinition> activities) {
  private static final ObjectMapper JSON = FormJson.MAPPER;

  public ActivityCatalog {
    facets = Map.copyOf(facets);
    activities = Map.copyOf(new TreeMap<>(activities));
    for (FacetRule rule : facets.values()) {
      for (ReadRule read : rule.reads()) {
        requireRule(facets, read.facet(), "facet " + rule.facet() + " reads");
      }
    }
    selfOrder(facets);
    for (ActivityDefinition a : activities.values()) {
      Set<Facet> available = new HashSet<>(a.requests());
      available.addAll(a.emits());
      for (Facet f : available) {
        requireRule(facets, f, "activity " + a.name() + " names");
      }
      for (Facet emitted : a.emits()) {
        for (ReadRule read : facets.get(emitted).reads()) {
          if (!available.contains(read.facet())) {
            throw new IllegalArgumentException(
                "activity " + a.name() + " emits " + emitted + ", which reads " + read.facet()
                    + "; add " + read.facet() + " to its requests or emits");
          }
        }
      }
    }
  }

  /** The catalog shipped with the reference implementation: check, clippy, build and doc. */
  public static ActivityCatalog builtin() {
    try (InputStream in = ActivityCatalog.class.getResourceAsStream("activities.json")) {
      if (in == null) {
        throw new IllegalStateException("the resource dev/ibridge/activity/activities.json is missing from the classpath");
      }
      Definitions d = fromJson(JSON.readTree(in), "activities.json");
      return new ActivityCatalog(d.facets(), d.activities());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in activities.json", e);
    }
  }

  /** Parses a complete catalog from JSON text; {@code source} names it in error messages. */
  public static ActivityCatalog parse(String json, String source) {
    Definitions d = definitions(json, source);
    return new ActivityCatalog(d.facets(), d.activities());
  }

  /** This catalog plus the user-defined facets and activities in the JSON file {@code path}. */
  public ActivityCatalog withUserDefinitions(Path path) throws IOException {
    return withUserDefinitions(Files.readString(path), path.toString());
  }

  /**
   * This catalog plus the user-defined facets and activities in {@code json}, which may read and
   * request this catalog's facets. A user may not redefine a facet or an activity differently (two
   * tools would then disagree on keys), and a new facet must be reverse-DNS prefixed, since
   * single-word names are reserved for the protocol's core facets.
   */
  public ActivityCatalog withUserDefinitions(String json, String source) {
    Definitions user = definitions(json, source);
    Map<Facet, FacetRule> mergedFacets = new LinkedHashMap<>(facets);
    for (FacetRule rule : user.facets().values()) {
      FacetRule existing = facets.get(rule.facet());
      if (existing != null && !sameRule(existing, rule)) {
        throw new IllegalArgumentException(source + ": facet " + rule.facet() + " is already defined differently");
      }
      if (existing == null && rule.facet().isCore()) {
        throw new IllegalArgumentException(
            source + ": a tool's own facet must be reverse-DNS prefixed (such as com.example." + rule.facet()
                + "), got \"" + rule.facet() + "\"");
      }
      mergedFacets.putIfAbsent(rule.facet(), rule);
    }
    Map<String, ActivityDefinition> mergedActivities = new LinkedHashMap<>(activities);
    for (ActivityDefinition a : user.activities().values()) {
      ActivityDefinition existing = activities.get(a.name());
      if (existing != null && !sameActivity(existing, a)) {
        throw new IllegalArgumentException(source + ": activity " + a.name() + " is already defined differently");
      }
      mergedActivities.putIfAbsent(a.name(), a);
    }
    return new ActivityCatalog(mergedFacets, mergedActivities);
  }

  /** Two rules are identical when their reads are equal as sets, in any order (REQ-ACT-020). */
  private static boolean sameRule(FacetRule a, FacetRule b) {
    return a.sources() == b.sources() && a.observes() == b.observes() && Set.copyOf(a.reads()).equals(Set.copyOf(b.reads()));
  }

  /** Two activities are identical when their requests and their emits are equal as sets (REQ-ACT-020). */
  private static boolean sameActivity(ActivityDefinition a, ActivityDefinition b) {
    return Set.copyOf(a.requests()).equals(Set.copyOf(b.requests())) && Set.copyOf(a.emits()).equals(Set.copyOf(b.emits()));
  }

  private record Definitions(Map<Facet, FacetRule> facets, Map<String, ActivityDefinition> activities) {}

  private static Definitions definitions(String json, String source) {
    try {
      return fromJson(JSON.readTree(json), source);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  public ActivityDefinition activity(String name) {
    ActivityDefinition a = activities.get(name);
    if (a == null) {
      throw new IllegalArgumentException("unknown activity \"" + name + "\"; known: " + activities.keySet());
    }
    return a;
  }

  public FacetRule rule(Facet facet) {
    return requireRule(facets, facet, "the catalog has");
  }

  /** All facets, ordered so that a facet comes after every facet it reads of the same subject. */
  public List<Facet> facetOrder() {
    return selfOrder(facets);
  }

  private static FacetRule requireRule(Map<Facet, FacetRule> facets, Facet facet, String context) {
    FacetRule rule = facets.get(facet);
    if (rule == null) {
      throw new IllegalArgumentException(context + " facet " + facet + ", which has no rule");
    }
    return rule;
  }

  /**
   * Reads of other subjects always go to subjects earlier in dependency order, so the only way
   * to form a cycle of (subject, facet) nodes is through reads of the same subject.
   */
  private static List<Facet> selfOrder(Map<Facet, FacetRule> facets) {
    List<Facet> order = new ArrayList<>();
    Map<Facet, Boolean> done = new TreeMap<>();
    for (Facet f : new TreeMap<>(facets).keySet()) {
      visit(f, facets, done, order, new ArrayList<>());
    }
    return List.copyOf(order);
  }

  private static void visit(
      Facet f, Map<Facet, FacetRule> facets, Map<Facet, Boolean> done, List<Facet> order, List<Facet> path) {
    Boolean finished = done.get(f);
    if (Boolean.TRUE.equals(finished)) {
      return;
    }
    path.add(f);
    if (finished != null) {
      throw new IllegalArgumentException("facets read each other of the same subject in a cycle: " + path);
    }
    done.put(f, false);
    for (ReadRule read : facets.get(f).reads()) {
      if (read.of() == Relation.SELF) {
        visit(read.facet(), facets, done, order, path);
      }
    }
    done.put(f, true);
    path.remove(path.size() - 1);
    order.add(f);
  }

  private static Definitions fromJson(JsonNode root, String source) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + ": the top level must be a JSON object");
    }
    FormJson.onlyMembers(root, source, Set.of("facets", "activities"));
    Map<Facet, FacetRule> facets = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object(root, "facets", source).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String where = source + ": facets." + e.getKey();
      Facet facet = new Facet(e.getKey());
      JsonNode rule = FormJson.requireObject(e.getValue(), where);
      FormJson.onlyMembers(rule, where, Set.of("sources", "observes", "reads"));
      List<ReadRule> reads = new ArrayList<>();
      for (JsonNode read : array(rule, "reads", where)) {
        FormJson.requireObject(read, where + ": each read");
        FormJson.onlyMembers(read, where + ": a read", Set.of("facet", "of"));
        reads.add(new ReadRule(new Facet(text(read, "facet", where)), Relation.parse(text(read, "of", where))));
      }
      JsonNode sources = rule.path("sources");
      if (!sources.isMissingNode() && !sources.isBoolean()) {
        throw new IllegalArgumentException(where + ".sources must be true or false, got " + sources);
      }
      JsonNode observesNode = rule.path("observes");
      if (!observesNode.isMissingNode() && !observesNode.isTextual()) {
        throw new IllegalArgumentException(where + ".observes must be \"full\" or \"interface\", got " + observesNode);
      }
      String observes = observesNode.asText("full");
      facets.put(facet, new FacetRule(
          facet,
          sources.asBoolean(false),
          switch (observes) {
            case "full" -> Observes.FULL;
            case "interface" -> Observes.INTERFACE;
            default -> throw new IllegalArgumentException(
                where + ".observes must be \"full\" or \"interface\", got \"" + observes + "\"");
          },
          reads));
    }
    Map<String, ActivityDefinition> activities = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object(root, "activities", source).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String where = source + ": activities." + e.getKey();
      FormJson.onlyMembers(FormJson.requireObject(e.getValue(), where), where, Set.of("requests", "emits"));
      activities.put(e.getKey(), new ActivityDefinition(
          e.getKey(), facetList(e.getValue(), "requests", where), facetList(e.getValue(), "emits", where)));
    }
    return new Definitions(facets, activities);
  }

  private static JsonNode object(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (value.isMissingNode()) {
      return JSON.createObjectNode();
    }
    if (!value.isObject()) {
      throw new IllegalArgumentException(where + ": \"" + field + "\" must be an object");
    }
    return value;
  }

  private static Iterable<JsonNode> array(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (value.isMissingNode()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(where + ": \"" + field + "\" must be an array");
    }
    return value;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(where + ": \"" + field + "\" must be a string");
    }
    return value.asText();
  }

  private static List<Facet> facetList(JsonNode node, String field, String where) {
    List<Facet> list = new ArrayList<>();
    for (JsonNode f : array(node, field, where)) {
      if (!f.isTextual()) {
        throw new IllegalArgumentException(where + ": \"" + field + "\" must hold facet names");
      }
      list.add(new Facet(f.asText()));
    }
    return list;
  }
}
