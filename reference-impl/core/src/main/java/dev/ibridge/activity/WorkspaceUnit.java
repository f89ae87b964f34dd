package dev.ibridge.activity;

import dev.ibridge.model.Subject;
import dev.ibridge.model.Unit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A unit of the workspace under its package name, with the names of the units it depends on, the
 * source files of the whole-unit subject, and the modules that are subjects of their own.
 */
public record WorkspaceUnit(
    String name, Unit unit, List<String> deps, List<SourceFile> sources, List<Module> modules) {

  public WorkspaceUnit {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("unit name must not be empty");
    }
    deps = List.copyOf(deps);
    sources = List.copyOf(sources);
    modules = modules.stream().sorted((a, b) -> a.path().compareTo(b.path())).toList();
    if (new HashSet<>(deps).size() != deps.size()) {
      throw new IllegalArgumentException("unit " + name + " lists a dependency twice: " + deps);
    }
    if (deps.contains(name)) {
      throw new IllegalArgumentException("unit " + name + " depends on itself");
    }
    requireDistinctPaths(sources, "unit " + name);
    Set<String> modulePaths = new HashSet<>();
    for (Module m : modules) {
      if (!modulePaths.add(m.path())) {
        throw new IllegalArgumentException("unit " + name + " declares module " + m.path() + " twice");
      }
    }
  }

  /** A library unit for the host triple, identified the way cargo prints a path package. */
  public static WorkspaceUnit library(
      String name, List<String> deps, List<SourceFile> sources, List<Module> modules) {
    return new WorkspaceUnit(name, libraryUnit(name), deps, sources, modules);
  }

  static Unit libraryUnit(String name) {
    return new Unit(
        "path+file:///workspace/" + name + "#0.1.0",
        name.replace('-', '_'),
        "lib",
        "x86_64-unknown-linux-gnu");
  }

  public Subject wholeUnit() {
    return Subject.of(unit);
  }

  /** The unit's subjects: its modules by path, then the whole unit. */
  public List<Subject> subjects() {
    List<Subject> subjects = new ArrayList<>();
    for (Module m : modules) {
      subjects.add(new Subject(unit, m.path()));
    }
    subjects.add(wholeUnit());
    return subjects;
  }

  /** The source files of one subject of this unit; the empty module path means the whole unit. */
  public List<SourceFile> sourcesOf(String modulePath) {
    if (modulePath.isEmpty()) {
      return sources;
    }
    return module(modulePath).sources();
  }

  public Module module(String modulePath) {
    for (Module m : modules) {
      if (m.path().equals(modulePath)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unit " + name + " has no module \"" + modulePath + "\"");
  }

  /** This unit with {@code file} replacing the source of the same path in the given subject. */
  public WorkspaceUnit withSource(String modulePath, SourceFile file) {
    if (modulePath.isEmpty()) {
      return new WorkspaceUnit(name, unit, deps, replaceSource(sources, file), modules);
    }
    Module target = module(modulePath);
    List<Module> updated = new ArrayList<>();
    for (Module m : modules) {
      updated.add(m == target ? m.withSource(file) : m);
    }
    return new WorkspaceUnit(name, unit, deps, sources, updated);
  }

  static List<SourceFile> replaceSource(List<SourceFile> files, SourceFile file) {
    List<SourceFile> updated = new ArrayList<>();
    boolean found = false;
    for (SourceFile f : files) {
      if (f.path().equals(file.path())) {
        updated.add(file);
        found = true;
      } else {
        updated.add(f);
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no source file " + file.path() + " to replace");
    }
    return updated;
  }

  static void requireDistinctPaths(List<SourceFile> files, String owner) {
    Set<String> paths = new HashSet<>();
    for (SourceFile f : files) {
      if (!paths.add(f.path())) {
        throw new IllegalArgumentException(owner + " lists source " + f.path() + " twice");
      }
    }
  }
}
