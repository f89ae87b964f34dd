package dev.ibridge.tools.regen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes every generated file of the repository from its one source ({@code ./regenerate}):
 *
 * <ul>
 *   <li>{@code schemas/v1/activities.json}: Rust's built-in catalog, the spec's activity tables;
 *   <li>{@code schemas/v1/protocol.json}: the protocol version and the limits, in Java, Rust and the spec;
 *   <li>{@code schemas/v1/*.avdl}: the Avro schemas Rust embeds;
 *   <li>{@code schemas/v1/ibridge.capnp}: the Java bindings, Rust's struct layouts, the spec's layout table;
 *   <li>the suite's catalog and mutants: the README's check count and mutant score table;
 *   <li>the golden vectors in {@code conformance-suite/vectors/v1}.
 * </ul>
 *
 * <p>{@code Regenerate ROOT [--no-mutants]}: {@code --no-mutants} leaves the mutant table as it is,
 * for a quick run while working. Only files whose content changes are written. Progress goes to
 * stderr.
 */
public final class Regenerate {
  private Regenerate() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--no-mutants"))) {
      throw new IllegalArgumentException("usage: Regenerate ROOT [--no-mutants]");
    }
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    boolean mutants = args.length == 1;
    List<GeneratedFile> files = new ArrayList<>(fromSchemas(root));
    String readme = read(root, ReadmeOutputs.PATH);
    List<ReadmeOutputs.Score> scores = null;
    if (mutants) {
      long start = System.nanoTime();
      scores = ReadmeOutputs.scores();
      System.err.printf("regenerate: ran %d mutants against the catalog in %.1f s%n",
          scores.size(), (System.nanoTime() - start) / 1e9);
    }
    GeneratedFile readmeFile = scores == null
        ? new GeneratedFile(ReadmeOutputs.PATH, ReadmeOutputs.replace(readme, "check-count",
            Integer.toString(ReadmeOutputs.checkCount())))
        : ReadmeOutputs.generate(readme, ReadmeOutputs.checkCount(), scores);
    files.add(readmeFile);
    int written = 0;
    for (GeneratedFile f : files) {
      if (write(root, f)) {
        System.err.println("regenerate: wrote " + f.path());
        written++;
      }
    }
    VectorGenerator.write(root.resolve("conformance-suite/vectors/v1"));
    System.err.println("regenerate: " + files.size() + " files and the golden vectors regenerated, "
        + written + " of the files changed");
  }

  /** Every file generated from {@code schemas/v1} (all but the README and the vectors). */
  static List<GeneratedFile> fromSchemas(Path root) throws IOException {
    List<GeneratedFile> files = new ArrayList<>();
    files.addAll(ActivityCatalogOutputs.generate(read(root, ActivityCatalogOutputs.SOURCE)));
    files.addAll(ProtocolOutputs.generate(read(root, ProtocolOutputs.SOURCE)));
    files.addAll(AvroOutputs.generate(root.resolve("schemas/v1")));
    files.addAll(CapnpOutputs.generate(root));
    files.add(rustModule(files));
    return files;
  }

  /** {@code emitters/rust/crates/ibridge/src/generated/mod.rs}: one module per generated Rust file. */
  static GeneratedFile rustModule(List<GeneratedFile> files) {
    String dir = "emitters/rust/crates/ibridge/src/generated/";
    StringBuilder out = new StringBuilder(GeneratedFile.header("//", "the files of schemas/v1"));
    out.append("\n//! Code generated from the protocol's one source of each fact (`./regenerate`).\n\n");
    files.stream()
        .map(GeneratedFile::path)
        .filter(p -> p.startsWith(dir) && p.endsWith(".rs"))
        .map(p -> p.substring(dir.length(), p.length() - 3))
        .sorted()
        .forEach(m -> out.append("pub mod ").append(m).append(";\n"));
    return new GeneratedFile(dir + "mod.rs", out.toString());
  }

  private static String read(Path root, String path) throws IOException {
    return Files.readString(root.resolve(path), StandardCharsets.UTF_8);
  }

  private static boolean write(Path root, GeneratedFile f) throws IOException {
    Path target = root.resolve(f.path());
    if (Files.isRegularFile(target) && Files.readString(target, StandardCharsets.UTF_8).equals(f.content())) {
      return false;
    }
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, f.content(), StandardCharsets.UTF_8);
    Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return true;
  }
}
