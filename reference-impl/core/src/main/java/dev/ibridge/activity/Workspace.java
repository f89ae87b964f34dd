package dev.ibridge.activity;

import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Toolchain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an activity runs on: the toolchain, the configuration entries with their values, which of
 * them each facet depends on, and the units. {@code units} is kept in dependency order (every unit
 * after the units it depends on; the same input order always gives the same result); the
 * dependency graph must be acyclic and every dependency must name a unit of the workspace.
 */
public record Workspace(
    Toolchain toolchain,
    Map<String, String> config,
    Map<Facet, List<String>> facetConfig,
    List<WorkspaceUnit> units) {

  public Workspace {
    Objects.requireNonNull(toolchain, "toolchain");
    config = Map.copyOf(config);
    Map<Facet, List<String>> facets = new TreeMap<>();
    for (Map.Entry<Facet, List<String>> e : facetConfig.entrySet()) {
      for (String name : e.getValue()) {
        if (!config.containsKey(name)) {
          throw new IllegalArgumentException(
              "facet " + e.getKey() + " depends on config entry \"" + name + "\", which the workspace does not define");
        }
      }
      facets.put(e.getKey(), List.copyOf(e.getValue().stream().distinct().sorted().toList()));
    }
    facetConfig = Map.copyOf(facets);
    units = dependencyOrder(units);
  }

  /** The units by name, in dependency order. */
  public Map<String, WorkspaceUnit> unitsByName() {
    Map<String, WorkspaceUnit> byName = new LinkedHashMap<>();
    for (WorkspaceUnit u : units) {
      byName.put(u.name(), u);
    }
    return byName;
  }

  public WorkspaceUnit unit(String name) {
    for (WorkspaceUnit u : units) {
      if (u.name().equals(name)) {
        return u;
      }
    }
    throw new IllegalArgumentException("the workspace has no unit named \"" + name + "\"");
  }

  /** The configuration entries {@code facet} depends on, and no others. */
  public List<ConfigEntry> configFor(Facet facet) {
    List<ConfigEntry> entries = new ArrayList<>();
    for (String name : facetConfig.getOrDefault(facet, List.of())) {
      entries.add(new ConfigEntry(name, config.get(name)));
    }
    return entries;
  }

  public Workspace withToolchain(Toolchain newToolchain) {
    return new Workspace(newToolchain, config, facetConfig, units);
  }

  public Workspace withConfig(String name, String value) {
    if (!config.containsKey(name)) {
      throw new IllegalArgumentException("the workspace has no config entry \"" + name + "\"");
    }
    Map<String, String> updated = new HashMap<>(config);
    updated.put(name, value);
    return new Workspace(toolchain, updated, facetConfig, units);
  }

  /** This workspace with {@code file} replacing the source of the same path in one subject. */
  public Workspace withSource(String unitName, String modulePath, SourceFile file) {
    WorkspaceUnit target = unit(unitName);
    List<WorkspaceUnit> updated = new ArrayList<>();
    for (WorkspaceUnit u : units) {
      updated.add(u == target ? u.withSource(modulePath, file) : u);
    }
    return new Workspace(toolchain, config, facetConfig, updated);
  }

  private static List<WorkspaceUnit> dependencyOrder(List<WorkspaceUnit> units) {
    Map<String, WorkspaceUnit> byName = new LinkedHashMap<>();
    for (WorkspaceUnit u : units) {
      if (byName.put(u.name(), u) != null) {
        throw new IllegalArgumentException("the workspace has two units named \"" + u.name() + "\"");
      }
    }
    for (WorkspaceUnit u : units) {
      for (String dep : u.deps()) {
        if (!byName.containsKey(dep)) {
          throw new IllegalArgumentException("unit " + u.name() + " depends on \"" + dep + "\", which is not in the workspace");
        }
      }
    }
    List<WorkspaceUnit> ordered = new ArrayList<>(units.size());
    Map<String, Integer> state = new HashMap<>();
    for (WorkspaceUnit u : units) {
      visit(u, byName, state, ordered, new ArrayList<>());
    }
    return List.copyOf(ordered);
  }

  private static final int VISITING = 1;
  private static final int DONE = 2;

  private static void visit(
      WorkspaceUnit u,
      Map<String, WorkspaceUnit> byName,
      Map<String, Integer> state,
      List<WorkspaceUnit> ordered,
      List<String> path) {
    Integer s = state.get(u.name());
    if (s != null && s == DONE) {
      return;
    }
    path.add(u.name());
    if (s != null) {
      throw new IllegalArgumentException("the unit dependencies form a cycle: " + String.join(" -> ", path));
    }
    state.put(u.name(), VISITING);
    for (String dep : u.deps()) {
      visit(byName.get(dep), byName, state, ordered, path);
    }
    state.put(u.name(), DONE);
    path.remove(path.size() - 1);
    ordered.add(u);
  }
}
