package dev.ibridge.activity;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes a {@link Workspace} as JSON:
 *
 * <pre>{@code
 * {"toolchain": {"name": "rustc", "version": "1.95.0"},
 *  "config": {"features": "default", "profile.opt-level": "0"},
 *  "facetConfig": {"analysis": ["features"], "codegen": ["profile.opt-level"]},
 *  "units": [{"name": "core", "deps": [],
 *             "sources": [{"path": "core/src/lib.rs", "interface": "pub fn f();", "body": "..."}],
 *             "modules": [{"path": "parse::lexer", "sources": [...]}]}]}
 * }</pre>
 *
 * A unit may give its full identity as {@code "unit": {"packageId", "targetName", "targetKind",
 * "targetTriple"}}; otherwise it is a library for the host triple, named after the unit.
 */
public final class WorkspaceJson {
  private static final ObjectMapper JSON = FormJson.MAPPER;

  private WorkspaceJson() {}

  public static Workspace read(Path path) throws IOException {
    return parse(Files.readString(path), path.toString());
  }

  public static Workspace read(InputStream in, String source) throws IOException {
    return fromTree(JSON.readTree(in), source);
  }

  /** Parses JSON text; {@code source} names it in error messages. */
  public static Workspace parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String reason = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\][^)]*\\)", "");
      throw new IllegalArgumentException(source + " is not valid JSON: " + reason + where, e);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is not valid JSON: " + e.getMessage(), e);
    }
    return fromTree(root, source);
  }

  public static String write(Workspace ws) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("toolchain").put("name", ws.toolchain().name()).put("version", ws.toolchain().version());
    ObjectNode config = root.putObject("config");
    new TreeMap<>(ws.config()).forEach(config::put);
    ObjectNode facetConfig = root.putObject("facetConfig");
    new TreeMap<>(ws.facetConfig()).forEach((f, names) -> names.forEach(facetConfig.putArray(f.name())::add));
    ArrayNode units = root.putArray("units");
    for (WorkspaceUnit u : ws.units()) {
      ObjectNode unit = units.addObject();
      unit.put("name", u.name());
      unit.putObject("unit")
          .put("packageId", u.unit().packageId())
          .put("targetName", u.unit().targetName())
          .put("targetKind", u.unit().targetKind())
          .put("targetTriple", u.unit().targetTriple());
      u.deps().forEach(unit.putArray("deps")::add);
      writeSources(unit.putArray("sources"), u.sources());
      ArrayNode modules = unit.putArray("modules");
      for (Module m : u.modules()) {
        ObjectNode module = modules.addObject();
        module.put("path", m.path());
        writeSources(module.putArray("sources"), m.sources());
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static void writeSources(ArrayNode array, List<SourceFile> files) {
    for (SourceFile f : files) {
      array.addObject().put("path", f.path()).put("interface", f.interfacePart()).put("body", f.body());
    }
  }

  private static Workspace fromTree(JsonNode root, String source) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + ": the top level must be a JSON object");
    }
    FormJson.onlyMembers(root, source, Set.of("toolchain", "config", "facetConfig", "units"));
    JsonNode tc = field(root, "toolchain", source);
    FormJson.onlyMembers(tc, source + ": toolchain", Set.of("name", "version"));
    Toolchain toolchain = new Toolchain(text(tc, "name", source + ": toolchain"), text(tc, "version", source + ": toolchain"));
    Map<String, String> config = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = optionalObject(root, "config", source).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException(source + ": config." + e.getKey() + " must be a string");
      }
      config.put(e.getKey(), e.getValue().asText());
    }
    Map<Facet, List<String>> facetConfig = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = optionalObject(root, "facetConfig", source).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      facetConfig.put(new Facet(e.getKey()), strings(e.getValue(), source + ": facetConfig." + e.getKey()));
    }
    List<WorkspaceUnit> units = new ArrayList<>();
    int index = 0;
    for (JsonNode u : array(root, "units", source)) {
      String where = source + ": units[" + index++ + "]";
      FormJson.requireObject(u, where);
      FormJson.onlyMembers(u, where, Set.of("name", "unit", "deps", "sources", "modules"));
      String name = text(u, "name", where);
      JsonNode id = u.path("unit");
      if (!id.isMissingNode()) {
        FormJson.requireObject(id, where + ".unit");
        FormJson.onlyMembers(id, where + ".unit", Set.of("packageId", "targetName", "targetKind", "targetTriple"));
      }
      Unit unit = id.isMissingNode()
          ? WorkspaceUnit.libraryUnit(name)
          : new Unit(text(id, "packageId", where), text(id, "targetName", where),
              text(id, "targetKind", where), text(id, "targetTriple", where));
      List<Module> modules = new ArrayList<>();
      for (JsonNode m : array(u, "modules", where)) {
        FormJson.requireObject(m, where + ": a module");
        FormJson.onlyMembers(m, where + ": a module", Set.of("path", "sources"));
        modules.add(new Module(text(m, "path", where), sources(m, where)));
      }
      units.add(new WorkspaceUnit(
          name, unit, u.has("deps") ? strings(u.get("deps"), where + ".deps") : List.of(), sources(u, where), modules));
    }
    return new Workspace(toolchain, config, facetConfig, units);
  }

  private static List<SourceFile> sources(JsonNode node, String where) {
    List<SourceFile> files = new ArrayList<>();
    for (JsonNode f : array(node, "sources", where)) {
      FormJson.requireObject(f, where + ": a source file");
      FormJson.onlyMembers(f, where + ": a source file", Set.of("path", "interface", "body"));
      files.add(new SourceFile(text(f, "path", where), text(f, "interface", where), text(f, "body", where)));
    }
    return files;
  }

  private static JsonNode optionalObject(JsonNode node, String name, String where) {
    JsonNode value = node.get(name);
    if (value == null) {
      return JSON.createObjectNode();
    }
    if (!value.isObject()) {
      throw new IllegalArgumentException(where + ": \"" + name + "\" must be an object");
    }
    return value;
  }

  private static JsonNode field(JsonNode node, String name, String where) {
    JsonNode value = node.get(name);
    if (value == null || !value.isObject()) {
      throw new IllegalArgumentException(where + ": \"" + name + "\" must be an object");
    }
    return value;
  }

  private static Iterable<JsonNode> array(JsonNode node, String name, String where) {
    JsonNode value = node.get(name);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(where + ": \"" + name + "\" must be an array");
    }
    return value;
  }

  private static String text(JsonNode node, String name, String where) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(where + ": \"" + name + "\" must be a string");
    }
    return value.asText();
  }

  private static List<String> strings(JsonNode node, String where) {
    if (!node.isArray()) {
      throw new IllegalArgumentException(where + " must be an array of strings");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode s : node) {
      if (!s.isTextual()) {
        throw new IllegalArgumentException(where + " must be an array of strings");
      }
      list.add(s.asText());
    }
    return list;
  }
}
