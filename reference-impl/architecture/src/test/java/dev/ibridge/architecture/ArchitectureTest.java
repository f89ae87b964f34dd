package dev.ibridge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.FileDescriptor;

/**
 * The layering of ../shared/design/style.md as a test. This module's test classpath is the one place
 * where every {@code dev.ibridge} main class is present (core with its generated bindings,
 * property-testing, the suite, the CLI, capnpc-java and the tools), so the rules run here; test
 * classes are left out. {@code .ci/package-cycles} checks the first rule on the sources, without a
 * build.
 */
@AnalyzeClasses(packages = "dev.ibridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** Every package is its own slice: no two packages may reach each other, however indirectly. */
  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("dev.ibridge.(**)").should().beFreeOfCycles();

  /**
   * model ← codec vocabulary (and {@code internal}, the shared non-API code) ← Cap'n Proto and Avro codecs ← key ← store ← activity; the JSON form
   * and the dispatch over any message sit on the codecs; the model generators and the golden vectors' values ({@code internal.gen},
   * {@code internal.vectors}, no API either) sit on the codecs, the JSON form, key and the property-test engine, and nothing of core
   * uses them (core's tests and the suite do); the suite uses core and the property-test engine, which uses only the project's one
   * JSON configuration ({@code internal.Json}, a module of its own below both); the CLI uses
   * everything; the schema tools (parser, reference, evolution gate) use nothing of the runtime; the
   * build's own tools (regenerate, the spec's traceability) use anything and nothing uses them; the
   * code generator uses nothing of the runtime.
   */
  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Model").definedBy("dev.ibridge.model..")
          .layer("CodecVocabulary").definedBy("dev.ibridge.codec..")
          .layer("Internal").definedBy("dev.ibridge.internal")
          .layer("ModelData").definedBy("dev.ibridge.internal.gen..", "dev.ibridge.internal.vectors..")
          .layer("Capnp").definedBy("dev.ibridge.capnp..")
          .layer("Avro").definedBy("dev.ibridge.avro..")
          .layer("Json").definedBy("dev.ibridge.json..")
          .layer("Dispatch").definedBy("dev.ibridge.dispatch..")
          .layer("Key").definedBy("dev.ibridge.key..")
          .layer("Store").definedBy("dev.ibridge.store..")
          .layer("Activity").definedBy("dev.ibridge.activity..")
          .layer("Suite").definedBy("dev.ibridge.conformance..")
          .layer("Cli").definedBy("dev.ibridge.cli..")
          .layer("Generator").definedBy("dev.ibridge.capnpc..")
          .layer("PropertyTesting").definedBy("dev.ibridge.property..")
          .layer("SchemaTools").definedBy("dev.ibridge.tools.schema..")
          .layer("Tools").definedBy("dev.ibridge.tools.regen..", "dev.ibridge.tools.trace..")
          .whereLayer("Model").mayNotAccessAnyLayer()
          .whereLayer("CodecVocabulary").mayOnlyAccessLayers("Model")
          .whereLayer("Internal").mayOnlyAccessLayers("Model", "CodecVocabulary")
          .whereLayer("Capnp").mayOnlyAccessLayers("Model", "CodecVocabulary")
          .whereLayer("Avro").mayOnlyAccessLayers("Model", "CodecVocabulary", "Internal")
          .whereLayer("Json").mayOnlyAccessLayers("Model", "CodecVocabulary", "Internal")
          .whereLayer("Dispatch").mayOnlyAccessLayers("Model", "CodecVocabulary", "Internal", "Capnp", "Avro")
          .whereLayer("Key").mayOnlyAccessLayers("Model", "CodecVocabulary", "Internal", "Avro")
          .whereLayer("Store")
          .mayOnlyAccessLayers("Model", "CodecVocabulary", "Internal", "Capnp", "Avro", "Key")
          .whereLayer("Activity")
          .mayOnlyAccessLayers("Model", "CodecVocabulary", "Internal", "Capnp", "Avro", "Key", "Store")
          .whereLayer("ModelData")
          .mayOnlyAccessLayers("Model", "CodecVocabulary", "Internal", "Capnp", "Avro", "Json", "Key", "PropertyTesting")
          .whereLayer("ModelData").mayOnlyBeAccessedByLayers("Suite", "Cli", "Tools")
          .whereLayer("Suite")
          .mayOnlyAccessLayers(
              "Model", "CodecVocabulary", "Internal", "ModelData", "Capnp", "Avro", "Json", "Dispatch", "Key",
              "Store", "Activity", "PropertyTesting")
          .whereLayer("Generator").mayNotAccessAnyLayer()
          .whereLayer("SchemaTools").mayNotAccessAnyLayer()
          .whereLayer("PropertyTesting").mayOnlyAccessLayers("Internal")
          .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
          .whereLayer("Tools").mayNotBeAccessedByAnyLayer();

  /**
   * The mutants are scored against the checks, so they may not share the checks' code: a helper both
   * use would let one bug hide in the mutant and in the check that should catch it. What both need
   * (the store's layout, the hand-written Avro encoder, the testee interface) is in the harness.
   */
  @ArchTest
  static final ArchRule mutantsDoNotUseTheChecks =
      noClasses()
          .that().resideInAPackage("dev.ibridge.conformance.mutants..")
          .should().dependOnClassesThat().resideInAPackage("dev.ibridge.conformance.checks..")
          .because("a mutant is scored against the checks and must not share their code");

  /** Nor do the checks know the mutants they are scored against. */
  @ArchTest
  static final ArchRule checksDoNotUseTheMutants =
      noClasses()
          .that().resideInAPackage("dev.ibridge.conformance.checks..")
          .should().dependOnClassesThat().resideInAPackage("dev.ibridge.conformance.mutants..")
          .because("the checks must work for any testee, not for the mutants they are scored against");

  /**
   * Only the CLI prints. Two entry points own standard output by protocol and are the exceptions:
   * the testee's main ({@code conformance.harness.TesteeMain}), whose stdout is the harness channel
   * that carries frames, and the Cap'n Proto generator's main, which writes the generated Java to
   * stdout as a capnp plugin.
   */
  @ArchTest
  static final ArchRule onlyTheCliPrints =
      noClasses()
          .that().resideOutsideOfPackage("dev.ibridge.cli..")
          .and().doNotHaveFullyQualifiedName("dev.ibridge.conformance.harness.TesteeMain")
          .and().doNotHaveFullyQualifiedName("dev.ibridge.capnpc.CapnpcJava")
          .should().accessField(System.class, "out")
          .orShould().accessField(FileDescriptor.class, "out")
          .because("standard output belongs to the command line; libraries return values or take a stream");
}
