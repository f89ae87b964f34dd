package dev.ibridge.tools.trace;

import dev.ibridge.conformance.checks.Catalog;
import dev.ibridge.conformance.checks.CheckDescriptor;
import dev.ibridge.tools.schema.AvroSchemas;
import dev.ibridge.tools.schema.CapnpSchema;
import dev.ibridge.tools.schema.SchemaException;
import dev.ibridge.tools.schema.SchemaReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The build step that runs before the spec is rendered (spec/pom.xml, exec-maven-plugin): writes
 * {@code schema-reference.adoc} from the schema files and {@code traceability.adoc} from the
 * requirement IDs and the check catalog, then fails the build if the traceability gate fails.
 * Build tools report failure by exception, so it prints nothing.
 */
public final class SpecGenerator {
  private SpecGenerator() {}

  /**
   * Runs with the conformance suite's {@link Catalog}. Arguments: the spec directory, the schema
   * directory (e.g. schemas/v1), the output directory and the repository root, whose test sources
   * are scanned for requirement tags.
   */
  public static void main(String[] args) throws IOException, SchemaException {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: SpecGenerator SPEC_DIR SCHEMA_DIR OUT_DIR REPO_ROOT, got " + List.of(args));
    }
    generate(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Catalog::all,
        TestTags.scan(Path.of(args[3])));
  }

  /** Writes both generated chapters; throws {@link IllegalStateException} naming every gate problem. */
  public static Traceability generate(Path specDir, Path schemaDir, Path outDir,
      Supplier<List<CheckDescriptor>> catalog) throws IOException, SchemaException {
    return generate(specDir, schemaDir, outDir, catalog, Map.of());
  }

  /** As above, with the reference tests tagged with each requirement as further evidence. */
  public static Traceability generate(Path specDir, Path schemaDir, Path outDir,
      Supplier<List<CheckDescriptor>> catalog, Map<String, Set<String>> tests)
      throws IOException, SchemaException {
    Files.createDirectories(outDir);
    List<CapnpSchema> capnp = new ArrayList<>();
    List<AvroSchemas.AvroFile> avro = new ArrayList<>();
    for (Path file : list(schemaDir, ".capnp")) {
      capnp.add(dev.ibridge.tools.schema.CapnpParser.parse(
          file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
    }
    for (Path file : list(schemaDir, ".avdl")) {
      avro.add(AvroSchemas.read(file));
    }
    String source = schemaDir.getParent() == null ? schemaDir.toString()
        : schemaDir.getParent().getFileName() + "/" + schemaDir.getFileName();
    write(outDir.resolve("schema-reference.adoc"), SchemaReference.asciidoc(source, capnp, avro));

    List<Requirements.Source> sources = new ArrayList<>();
    for (Path file : list(specDir, ".adoc")) {
      sources.add(new Requirements.Source(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
    }
    Traceability trace = Traceability.of(Requirements.scan(sources), catalog.get(), tests);
    write(outDir.resolve("traceability.adoc"), trace.asciidoc());
    if (!trace.passes()) {
      throw new IllegalStateException("the traceability gate failed with " + trace.problems().size()
          + " problem(s):\n  " + String.join("\n  ", trace.problems()));
    }
    return trace;
  }

  private static List<Path> list(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
