package dev.ibridge.internal.vectors;

import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Emitted;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.JournalEntry;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Limits;
import dev.ibridge.model.ObservableOutput;
import dev.ibridge.model.Output;
import dev.ibridge.model.OutputManifest;
import dev.ibridge.model.Producer;
import dev.ibridge.model.ProtocolVersion;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.model.RequestOutcome;
import dev.ibridge.model.Requested;
import dev.ibridge.model.SessionEnded;
import dev.ibridge.model.SessionStarted;
import dev.ibridge.model.StoreHeader;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The values the golden vectors are made of. Every digest inside them is the SHA-256 of a chosen
 * text, and every record's input key and output fingerprint is derived, so nothing here is a
 * hand-computed constant. Changing a value here changes the checked-in vectors: regenerate them and
 * review the diff.
 */
public final class VectorValues {
  private static final String TRIPLE = "x86_64-unknown-linux-gnu";
  private static final Unit CORE = new Unit("path+file:///work/ws/core#0.1.0", "core", "lib", TRIPLE);
  private static final Unit APP = new Unit("path+file:///work/ws/app#0.1.0", "app", "bin", TRIPLE);
  private static final Unit SERDE =
      new Unit("registry+https://github.com/rust-lang/crates.io-index#serde@1.0.219", "serde", "lib", TRIPLE);
  /** BMP (é, 日本語), astral (🦀 U+1F980, 𝔘 U+1D518) and combining (e + U+0301) characters. */
  private static final Unit UNICODE =
      new Unit(
          "path+file:///work/caf\u00e9/na\u0131\u0308ve#0.1.0",
          "\u65e5\u672c\u8a9e-\uD83E\uDD80",
          "lib",
          "aarch64-apple-darwin");
  private static final Toolchain RUSTC = new Toolchain("rustc", "1.95.0 (4d3c2b1a0 2026-01-15)");
  private static final Producer CHECK = new Producer("check", "cargo-ibridge", "0.1.0");
  private static final Producer CLIPPY = new Producer("clippy", "clippy-driver", "0.1.95");
  private static final Facet CLIPPY_LINTS = new Facet("org.rust-lang.clippy.lints");
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");

  private VectorValues() {}

  /** Every case, grouped by type in {@link VectorType#ALL} order. */
  public static List<VectorCase<?>> all() {
    List<VectorCase<?>> all = new ArrayList<>();
    all.addAll(records());
    all.addAll(storeHeaders());
    all.addAll(keyMaterials());
    all.addAll(outputManifests());
    all.addAll(journalEvents());
    all.addAll(subjects());
    return all;
  }

  // ---------------------------------------------------------------- building blocks

  static Digest sha256(String text) {
    return Keys.blobDigest(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A string of exactly {@code bytes} UTF-8 bytes made of repetitions of {@code unit}. */
  static String utf8OfLength(String unit, int bytes) {
    int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
    if (bytes % unitBytes != 0) {
      throw new IllegalArgumentException(bytes + " is not a multiple of " + unitBytes);
    }
    return unit.repeat(bytes / unitBytes);
  }

  private static final String MAX_ASCII = utf8OfLength("a", Limits.MAX_TEXT_BYTES);
  private static final String MAX_TWO_BYTE = utf8OfLength("\u00e9", Limits.MAX_TEXT_BYTES);
  private static final String MAX_ASTRAL = utf8OfLength("\uD83E\uDD80", Limits.MAX_TEXT_BYTES);

  /** A module path of single-letter segments that is exactly {@link Limits#MAX_TEXT_BYTES} long. */
  private static String maxModulePath() {
    StringBuilder b = new StringBuilder("m");
    while (b.length() + 3 <= Limits.MAX_TEXT_BYTES) {
      b.append("::m");
    }
    while (b.length() < Limits.MAX_TEXT_BYTES) {
      b.append('m');
    }
    return b.toString();
  }

  /** A reverse-DNS facet name of exactly {@link Limits#MAX_FACET_LENGTH} characters. */
  private static Facet maxFacet() {
    String prefix = "org.example.long-facet.";
    return new Facet(prefix + "z".repeat(Limits.MAX_FACET_LENGTH - prefix.length()));
  }

  private static final Unit MAX_UNIT = new Unit(MAX_ASCII, MAX_TWO_BYTE, MAX_ASTRAL, MAX_ASCII);

  private static FileInput file(String path) {
    String content = "// " + path + "\n";
    return new FileInput(path, sha256(content), content.getBytes(StandardCharsets.UTF_8).length);
  }

  private static Read read(Subject subject, Facet facet) {
    return new Read(subject, facet, sha256("output of " + facet + " for " + subject));
  }

  // ---------------------------------------------------------------- key material

  private static KeyMaterial typicalMaterial() {
    return KeyMaterial.canonical(
        Subject.of(CORE),
        Facet.ANALYSIS,
        RUSTC,
        List.of(
            new ConfigEntry("profile.opt-level", "0"),
            new ConfigEntry("cfg.feature", "default"),
            new ConfigEntry("profile.debug-assertions", "true")),
        List.of(
            EnvInput.unset("RUSTFLAGS"),
            file("src/util.rs"),
            new EnvInput("CARGO_PKG_VERSION", "0.1.0"),
            file("src/lib.rs")),
        List.of(read(Subject.of(SERDE), Facet.METADATA)));
  }

  private static KeyMaterial emptyListsMaterial() {
    return KeyMaterial.canonical(Subject.of(APP), Facet.METADATA, RUSTC, List.of(), List.of(), List.of());
  }

  private static KeyMaterial moduleMaterial() {
    return KeyMaterial.canonical(
        new Subject(CORE, "net::http::client"),
        Facet.DIAGNOSTICS,
        RUSTC,
        List.of(new ConfigEntry("cfg.feature", "http")),
        List.of(file("src/net/http/client.rs")),
        List.of(
            read(new Subject(CORE, "net::http"), Facet.ANALYSIS),
            read(new Subject(CORE, "net"), Facet.ANALYSIS),
            read(Subject.of(CORE), Facet.METADATA),
            read(Subject.of(CORE), Facet.ANALYSIS)));
  }

  private static KeyMaterial clippyMaterial() {
    return KeyMaterial.canonical(
        Subject.of(CORE),
        CLIPPY_LINTS,
        new Toolchain("clippy", "0.1.95"),
        List.of(new ConfigEntry("clippy.lint.pedantic", "warn")),
        List.of(file("clippy.toml")),
        List.of(
            read(Subject.of(CORE), Facet.ANALYSIS),
            read(Subject.of(CORE), new Facet("com.example.my-linter.v2-results"))));
  }

  private static KeyMaterial envMaterial(EnvInput flags) {
    return KeyMaterial.canonical(
        Subject.of(APP),
        Facet.CODEGEN,
        RUSTC,
        List.of(),
        List.of(
            new EnvInput("RUSTFLAGS", "-C target-cpu=native"),
            EnvInput.unset("RUSTC_WRAPPER"),
            flags,
            file("src/main.rs")),
        List.of(read(Subject.of(APP), Facet.ANALYSIS)));
  }

  private static KeyMaterial unicodeMaterial() {
    Subject module = new Subject(UNICODE, "m\u00f6dule::e\u0301t\u00e9::\uD835\uDD18");
    return KeyMaterial.canonical(
        module,
        Facet.DOC,
        RUSTC,
        List.of(
            new ConfigEntry("\uD83E\uDD80", "astral, U+1F980"),
            new ConfigEntry("\uFF21", "fullwidth A, U+FF21"),
            new ConfigEntry("\u00e9", "precomposed, U+00E9"),
            new ConfigEntry("e\u0301", "combining, U+0065 U+0301")),
        List.of(
            file("src/\u65e5\u672c\u8a9e.rs"),
            file("src/\uD83E\uDD80.rs"),
            file("src/\uFF21.rs"),
            new EnvInput("GR\u00dcSSE", "\u03b3\u03b5\u03b9\u03ac")),
        List.of(read(Subject.of(UNICODE), Facet.METADATA), read(module, Facet.ANALYSIS)));
  }

  private static KeyMaterial maxMaterial() {
    return new KeyMaterial(
        ProtocolVersion.MAJOR,
        new Subject(MAX_UNIT, maxModulePath()),
        maxFacet(),
        new Toolchain(MAX_ASTRAL, MAX_TWO_BYTE),
        List.of(new ConfigEntry(MAX_ASCII, MAX_ASTRAL)),
        List.of(
            new FileInput(MAX_TWO_BYTE, sha256("largest file"), Long.MAX_VALUE),
            new EnvInput(MAX_ASTRAL, MAX_ASCII)),
        List.of(new Read(new Subject(MAX_UNIT, maxModulePath()), maxFacet(), sha256("largest read"))));
  }

  private static KeyMaterial manyMaterial() {
    List<ConfigEntry> config = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      config.add(new ConfigEntry("cfg.feature-" + i, "value " + i));
    }
    List<DirectInput> inputs = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      inputs.add(file("src/module_" + i + ".rs"));
    }
    for (int i = 0; i < 50; i++) {
      inputs.add(i % 2 == 0 ? new EnvInput("VAR_" + i, "v" + i) : EnvInput.unset("VAR_" + i));
    }
    List<Read> reads = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      Unit dep = new Unit("registry+https://github.com/rust-lang/crates.io-index#dep-" + i + "@1.0.0", "dep_" + i, "lib", TRIPLE);
      reads.add(read(Subject.of(dep), Facet.METADATA));
    }
    return KeyMaterial.canonical(Subject.of(APP), Facet.ANALYSIS, RUSTC, config, inputs, reads);
  }

  static List<VectorCase<?>> keyMaterials() {
    VectorType<KeyMaterial> t = VectorType.KEY_MATERIAL;
    return List.of(
        new VectorCase<>(t, "typical", "A crate's analysis: config entries, files and environment variables in canonical order, one read of a dependency's metadata.", typicalMaterial(), List.of()),
        new VectorCase<>(t, "empty-lists", "No config, no inputs, no reads: every array is empty and written as a single zero count.", emptyListsMaterial(), List.of()),
        new VectorCase<>(t, "module-subject", "A module-level subject; reads of the same unit sorted by subject (module path, empty first) then facet.", moduleMaterial(), List.of()),
        new VectorCase<>(t, "reverse-dns-facet", "A tool's own reverse-DNS facet that reads core and third-party reverse-DNS facets.", clippyMaterial(), List.of()),
        new VectorCase<>(t, "env-set-empty", "CARGO_ENCODED_RUSTFLAGS set to the empty string. Compare with env-unset: the keys differ.", envMaterial(new EnvInput("CARGO_ENCODED_RUSTFLAGS", "")), List.of()),
        new VectorCase<>(t, "env-unset", "CARGO_ENCODED_RUSTFLAGS not set. Compare with env-set-empty: the keys differ.", envMaterial(EnvInput.unset("CARGO_ENCODED_RUSTFLAGS")), List.of()),
        new VectorCase<>(t, "unicode", "Names with BMP, astral and combining characters, sorted by code point: e+U+0301 < U+00E9 < U+FF21 < U+1F980 (UTF-16 order would put U+1F980 before U+FF21).", unicodeMaterial(), List.of()),
        new VectorCase<>(t, "max-sizes", "Every text at Limits.MAX_TEXT_BYTES UTF-8 bytes (ASCII, 2-byte and 4-byte characters), a facet of MAX_FACET_LENGTH characters, a file of size 2^63-1.", maxMaterial(), List.of()),
        new VectorCase<>(t, "many-entries", "200 config entries, 250 files, 50 environment variables and 150 reads: array counts that need multi-byte varints.", manyMaterial(), List.of()));
  }

  // ---------------------------------------------------------------- records

  private record Blob(String name, String content, boolean observable) {}

  private static Record record(Producer producer, KeyMaterial km, List<Blob> blobs, List<Output> extra) {
    List<Output> outputs = new ArrayList<>(extra);
    for (Blob b : blobs) {
      byte[] content = b.content.getBytes(StandardCharsets.UTF_8);
      outputs.add(new Output(b.name, new BlobRef(Keys.blobDigest(content), content.length), b.observable));
    }
    List<Output> sorted = Record.sortOutputs(outputs);
    return new Record(producer, Keys.inputKey(km), km, sorted, Keys.outputFingerprint(sorted));
  }

  private static List<Bytes> contents(List<Blob> blobs) {
    return blobs.stream().map(b -> Bytes.wrap(b.content.getBytes(StandardCharsets.UTF_8))).toList();
  }

  private static VectorCase<Record> recordCase(String name, String description, Producer producer, KeyMaterial km, List<Blob> blobs, List<Output> extra) {
    return new VectorCase<>(VectorType.RECORD, name, description, record(producer, km, blobs, extra), contents(blobs));
  }

  static List<VectorCase<?>> records() {
    List<Blob> typical = List.of(
        new Blob("lib.rmeta", "rmeta of core 0.1.0\n", true),
        new Blob("dep-info.d", "core.d: src/lib.rs src/util.rs\n", false),
        new Blob("diagnostics.json", "[]\n", true));
    List<Blob> unobservable = List.of(new Blob("incremental.bin", "scratch state\n", false));
    List<Blob> unicode = List.of(
        new Blob("\uD83E\uDD80.html", "<p>\uD83E\uDD80</p>\n", true),
        new Blob("\uFF21.html", "<p>\uFF21</p>\n", true),
        new Blob("\u00e9t\u00e9.html", "<p>pr\u00e9compos\u00e9</p>\n", false),
        new Blob("e\u0301te\u0301.html", "<p>combining</p>\n", true));
    List<Blob> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(new Blob(String.format("out/%03d.o", i), "object " + i + "\n", i % 3 != 0));
    }
    List<Output> huge = List.of(
        new Output(MAX_ASTRAL, new BlobRef(sha256("largest blob"), Long.MAX_VALUE), true),
        new Output(MAX_ASCII, new BlobRef(sha256("largest hidden blob"), Long.MAX_VALUE), false));
    return List.of(
        recordCase("typical", "A check of a crate: two observable outputs and one that is not (dep-info.d, left out of the output fingerprint).", CHECK, typicalMaterial(), typical, List.of()),
        recordCase("empty-outputs", "No outputs at all: the output fingerprint is that of an empty manifest.", CHECK, emptyListsMaterial(), List.of(), List.of()),
        recordCase("unobservable-only", "Only an unobservable output: the output fingerprint equals that of empty-outputs.", CHECK, emptyListsMaterial(), unobservable, List.of()),
        recordCase("module-subject", "A record about one module of a unit.", CHECK, moduleMaterial(), List.of(new Blob("diagnostics.json", "[{\"level\":\"warning\"}]\n", true)), List.of()),
        recordCase("reverse-dns-facet", "A clippy record under a reverse-DNS facet, produced by another tool than check.", CLIPPY, clippyMaterial(), List.of(new Blob("lints.json", "[]\n", true)), List.of()),
        recordCase("unicode", "Unicode output names in code point order; one precomposed name is unobservable.", CHECK, unicodeMaterial(), unicode, List.of()),
        recordCase("max-sizes", "Maximal key material and two outputs with names of MAX_TEXT_BYTES and blob size 2^63-1 (their contents are not given).", CHECK, maxMaterial(), List.of(), huge),
        recordCase("many-outputs", "100 outputs, two thirds observable.", CHECK, typicalMaterial(), many, List.of()));
  }

  // ---------------------------------------------------------------- store header

  static List<VectorCase<?>> storeHeaders() {
    VectorType<StoreHeader> t = VectorType.STORE_HEADER;
    return List.of(
        new VectorCase<>(t, "current", "The header this implementation writes.", new StoreHeader(ProtocolVersion.MAJOR, ProtocolVersion.MINOR, DigestAlgorithm.SHA256, "ibridge 0.1.0"), List.of()),
        new VectorCase<>(t, "empty-created-by", "createdBy is empty, which the schema allows.", new StoreHeader(1, 0, DigestAlgorithm.SHA256, ""), List.of()),
        new VectorCase<>(t, "max-values", "Both versions at 65535 and createdBy at MAX_TEXT_BYTES of 4-byte characters.", new StoreHeader(0xFFFF, 0xFFFF, DigestAlgorithm.SHA256, MAX_ASTRAL), List.of()),
        new VectorCase<>(t, "unicode-created-by", "createdBy with BMP, astral and combining characters.", new StoreHeader(1, 3, DigestAlgorithm.SHA256, "caf\u00e9 \uD83E\uDD80 e\u0301"), List.of()));
  }

  // ---------------------------------------------------------------- Avro-only types

  private static ObservableOutput observable(String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new ObservableOutput(name, Keys.blobDigest(bytes), bytes.length);
  }

  static List<VectorCase<?>> outputManifests() {
    VectorType<OutputManifest> t = VectorType.OUTPUT_MANIFEST;
    List<ObservableOutput> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(observable(String.format("out/%03d.o", i), "object " + i + "\n"));
    }
    return List.of(
        new VectorCase<>(t, "empty", "No observable outputs.", OutputManifest.canonical(List.of()), List.of()),
        new VectorCase<>(t, "single", "One observable output.", OutputManifest.canonical(List.of(observable("lib.rmeta", "rmeta of core 0.1.0\n"))), List.of()),
        new VectorCase<>(t, "unicode-order", "Names sorted by code point: e+U+0301 < U+00E9 < U+FF21 < U+1F980.", OutputManifest.canonical(List.of(
            observable("\uD83E\uDD80", "astral"), observable("\uFF21", "fullwidth"), observable("\u00e9", "precomposed"), observable("e\u0301", "combining"))), List.of()),
        new VectorCase<>(t, "max-sizes", "A name of MAX_TEXT_BYTES and a size of 2^63-1.", OutputManifest.canonical(List.of(
            new ObservableOutput(MAX_TWO_BYTE, sha256("largest"), Long.MAX_VALUE), new ObservableOutput("empty", sha256(""), 0))), List.of()),
        new VectorCase<>(t, "many-entries", "200 observable outputs.", OutputManifest.canonical(many), List.of()));
  }

  private static VectorCase<JournalEvent> event(String name, String description, long sequence, Instant at, JournalEntry entry) {
    return new VectorCase<>(VectorType.JOURNAL_EVENT, name, description, new JournalEvent(sequence, at, entry), List.of());
  }

  static List<VectorCase<?>> journalEvents() {
    Subject core = Subject.of(CORE);
    Digest key = Keys.inputKey(typicalMaterial());
    Digest fingerprint = sha256("output of analysis for core");
    return List.of(
        event("session-started", "The first event of a session.", 0, T0, new SessionStarted("2026-03-01T12.00.00Z-4f2a", CHECK)),
        event("requested-hit", "A request answered with a record; no miss reason.", 1, T0.plusMillis(1), new Requested(core, Facet.ANALYSIS, key, RequestOutcome.HIT, null)),
        event("requested-miss", "A miss with a reason for people, in Unicode.", 2, T0.plusMillis(2), new Requested(new Subject(UNICODE, "m\u00f6dule"), CLIPPY_LINTS, key, RequestOutcome.MISS, "config changed: \u00e9 \uD83E\uDD80 e\u0301")),
        event("requested-miss-no-reason", "A miss without a reason (the union's null branch).", 3, T0.plusMillis(3), new Requested(core, Facet.METADATA, key, RequestOutcome.MISS, null)),
        event("emitted-created", "A new record was stored.", 4, T0.plusMillis(4), new Emitted(core, Facet.ANALYSIS, key, fingerprint, EmitOutcome.CREATED, 4096, 0)),
        event("emitted-already-present", "An identical record was already stored.", 5, T0.plusMillis(5), new Emitted(core, Facet.ANALYSIS, key, fingerprint, EmitOutcome.ALREADY_PRESENT, 0, 4096)),
        event("emitted-conflict", "A different record was already stored under the key.", 6, T0.plusMillis(6), new Emitted(new Subject(CORE, "net"), CLIPPY_LINTS, key, sha256("other"), EmitOutcome.CONFLICT, 0, 0)),
        event("session-ended", "The last event, with totals.", 7, T0.plusMillis(7), new SessionEnded("2026-03-01T12.00.00Z-4f2a", 2, 2, 3)),
        event("extreme-values", "Sequence and counters at 2^63-1, timestamp at the largest millisecond.", Long.MAX_VALUE, Instant.ofEpochMilli(Long.MAX_VALUE), new SessionEnded("z", Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE)),
        event("before-epoch", "A timestamp before 1970 (negative milliseconds) and a zero sequence.", 0, Instant.ofEpochMilli(-1), new SessionStarted("0", new Producer("build", "\uD83E\uDD80", ""))));
  }

  static List<VectorCase<?>> subjects() {
    VectorType<Subject> t = VectorType.SUBJECT;
    return List.of(
        new VectorCase<>(t, "whole-unit", "A whole unit: the module path is empty.", Subject.of(CORE), List.of()),
        new VectorCase<>(t, "module", "A module inside a unit.", new Subject(CORE, "net::http::client"), List.of()),
        new VectorCase<>(t, "registry-unit", "A registry dependency, whole unit.", Subject.of(SERDE), List.of()),
        new VectorCase<>(t, "unicode", "BMP, astral and combining characters in every field.", new Subject(UNICODE, "m\u00f6dule::e\u0301t\u00e9::\uD835\uDD18"), List.of()),
        new VectorCase<>(t, "max-sizes", "Every field at MAX_TEXT_BYTES, the module path of 1366 segments.", new Subject(MAX_UNIT, maxModulePath()), List.of()));
  }
}
