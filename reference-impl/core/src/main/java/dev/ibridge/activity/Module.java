package dev.ibridge.activity;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A module of a unit that is a subject of its own ({@code parse::lexer}), with the source files
 * that belong to it.
 */
public record Module(String path, List<SourceFile> sources) {
  private static final Pattern PATH =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*");

  public Module {
    if (path == null || !PATH.matcher(path).matches()) {
      throw new IllegalArgumentException(
          "a module path must be ::-separated identifiers such as parse::lexer, got \"" + path + "\"");
    }
    sources = List.copyOf(sources);
    WorkspaceUnit.requireDistinctPaths(sources, "module " + path);
  }

  Module withSource(SourceFile file) {
    return new Module(path, WorkspaceUnit.replaceSource(sources, file));
  }
}
