package dev.ibridge.activity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The bundled sample workspace (a small cargo workspace model, {@code sample-workspace.json}) and
 * the two edits the demo and the suite's checks make to it. The demo's scenarios on it are in the
 * command line ({@code dev.ibridge.cli.demo.DemoScenarios}).
 */
public final class SampleWorkspace {
  /** The unit at the root of the sample's dependency chain, where the edits land. */
  public static final String ROOT = "util";
  public static final String ROOT_FILE = "util/src/lib.rs";
  /** A package that some units depend on and that depends on {@link #ROOT}. */
  public static final String DEP = "parser";

  private SampleWorkspace() {}

  /** Reads the sample from the classpath. */
  public static Workspace load() {
    try (InputStream in = SampleWorkspace.class.getResourceAsStream("sample-workspace.json")) {
      if (in == null) {
        throw new IllegalStateException("the resource dev/ibridge/activity/sample-workspace.json is missing from the classpath");
      }
      return WorkspaceJson.read(in, "sample-workspace.json");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled sample workspace", e);
    }
  }

  /** The root file after a comment-only edit: same interface, different bytes. */
  public static Workspace commentEdit(Workspace ws) {
    SourceFile f = rootFile(ws);
    return ws.withSource(ROOT, "", f.withBody(f.body() + " // checksum is not cryptographic"));
  }

  /** The root file after an edit to its interface. */
  public static Workspace interfaceEdit(Workspace ws) {
    SourceFile f = rootFile(ws);
    return ws.withSource(ROOT, "", f.withInterface(f.interfacePart() + " pub fn checksum64(data: &[u8]) -> u64;"));
  }

  private static SourceFile rootFile(Workspace ws) {
    return ws.unit(ROOT).sources().stream()
        .filter(f -> f.path().equals(ROOT_FILE))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unit " + ROOT + " has no source " + ROOT_FILE));
  }
}
