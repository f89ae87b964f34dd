package dev.ibridge.internal.gen;

import static java.util.Map.entry;

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
import dev.ibridge.property.Gen;
import dev.ibridge.property.SplitMix64;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Generators for every value of the protocol model. They lean on edge cases: empty text and
 * lists, whole-unit and deep module subjects, text in every Unicode plane with combining marks,
 * text at exactly {@link Limits#MAX_TEXT_BYTES}, sizes up to {@link Long#MAX_VALUE}, and now and
 * then lists with hundreds of entries. Every value they make is valid: the model's constructors
 * accept it, and key material and records are in canonical order with consistent keys.
 */
public final class ModelGens {
  private ModelGens() {}

  private static final Gen<Integer> LOWER = Gen.chars("abcdefghijklmnopqrstuvwxyz");
  private static final Gen<Integer> FACET_TAIL = Gen.chars("abcdefghijklmnopqrstuvwxyz0123456789-");

  /** Text at or just under the byte limit: a short Unicode head, then one filler repeated. */
  private static final Gen<String> HEADS = Gen.strings(Gen.unicode(), 0, 24);
  private static final Gen<Integer> SLACK = Gen.ints(0, 8);
  private static final Gen<String> FILLERS = Gen.choose("x", "\u00e9", "\u4e2d", "\ud83d\ude00", "e\u0301");
  private static final Gen<String> LONG_TEXT = d -> {
    String head = d.draw(HEADS);
    int slack = d.draw(SLACK);
    String filler = d.draw(FILLERS);
    int room = Limits.MAX_TEXT_BYTES - utf8(head) - slack;
    return head + filler.repeat(Math.max(0, room / utf8(filler)));
  };

  /** Text short enough to be part of a longer one. */
  private static final Gen<String> SHORT_TEXTS = Gen.frequency(
      entry(2, Gen.constant("")),
      entry(6, Gen.identifiers(1, 16)),
      entry(6, Gen.strings(Gen.unicode(), 0, 24)));

  private static final Gen<String> TEXTS = Gen.frequency(entry(14, SHORT_TEXTS), entry(1, LONG_TEXT));

  private static final Gen<String> NON_EMPTY_TEXTS = TEXTS.filter(s -> !s.isEmpty());

  private static final Gen<Long> SIZES = Gen.frequency(
      entry(4, Gen.longs(0, 1 << 16)),
      entry(3, Gen.longs(0, Long.MAX_VALUE)),
      entry(2, Gen.choose(0L, Long.MAX_VALUE, 1L << 32, (1L << 31) - 1, 1L << 53, Long.MAX_VALUE - 1)));

  private static final Gen<Bytes> BYTES = Gen.frequency(
      entry(4, Gen.bytes(0, 64)), entry(1, Gen.bytes(0, 4096))).map(Bytes::wrap);

  private static final Gen<Digest> DIGESTS = Gen.frequency(
      entry(6, Gen.longs(0, Long.MAX_VALUE).map(ModelGens::expanded)),
      entry(2, Gen.ints(0, 3).map(i -> filled(i * 0x55))),
      entry(1, Gen.constant(filled(0))));

  private static final Gen<String> VERSIONS = Gen.frequency(
      entry(3, Gen.zip(Gen.ints(0, 2), Gen.ints(0, 99), (a, b) -> a + "." + b + ".0")),
      entry(1, SHORT_TEXTS));

  private static final Gen<String> CRATE_NAMES = Gen.identifiers(1, 12).map(n -> n.toLowerCase(Locale.ROOT));
  private static final Gen<String> TARGET_KINDS = Gen.frequency(
      entry(4, Gen.choose("lib", "bin", "proc-macro", "test", "bench", "example", "custom-build")),
      entry(1, NON_EMPTY_TEXTS));
  private static final Gen<String> TRIPLES = Gen.frequency(
      entry(4, Gen.choose(
          "x86_64-unknown-linux-gnu", "aarch64-apple-darwin", "wasm32-unknown-unknown", "x86_64-pc-windows-msvc")),
      entry(1, NON_EMPTY_TEXTS));

  private static final Gen<Unit> UNITS = CRATE_NAMES.flatMap(name -> d -> new Unit(
      d.draw(Gen.frequency(
          entry(3, Gen.constant("path+file:///work/" + name + "#" + name + "@0.1.0")),
          entry(2, VERSIONS.map(v -> "registry+https://github.com/rust-lang/crates.io-index#" + name + "@" + v)),
          entry(2, NON_EMPTY_TEXTS))),
      d.draw(Gen.frequency(entry(3, Gen.constant(name)), entry(1, NON_EMPTY_TEXTS))),
      d.draw(TARGET_KINDS),
      d.draw(TRIPLES)));

  private static final Gen<String> MODULE_SEGMENTS = Gen.frequency(
      entry(4, Gen.identifiers(1, 16)),
      entry(2, Gen.strings(Gen.unicode().filter(c -> c != ':'), 1, 12)));

  private static final Gen<String> MODULE_PATHS = Gen.frequency(
      entry(4, Gen.constant("")),
      entry(5, Gen.lists(MODULE_SEGMENTS, 1, 6).map(l -> String.join("::", l))),
      entry(1, Gen.lists(Gen.identifiers(1, 16), 20, 200).map(l -> String.join("::", l))));

  private static final Gen<Subject> SUBJECTS = Gen.zip(UNITS, MODULE_PATHS, Subject::new);

  private static final Gen<String> FACET_SEGMENTS = Gen.zip(
      LOWER, Gen.strings(FACET_TAIL, 0, 15), (first, rest) -> new StringBuilder().appendCodePoint(first).append(rest).toString());

  private static final Gen<String> REVERSE_DNS =
      Gen.lists(FACET_SEGMENTS, 2, 6).map(l -> String.join(".", l));

  private static final Gen<Facet> FACETS = Gen.<String>frequency(
      entry(4, Gen.choose("metadata", "analysis", "diagnostics", "codegen", "doc")),
      entry(2, FACET_SEGMENTS),
      entry(3, Gen.choose("org.rust-lang.clippy.lints", "io.github.tool.x-1").map(String::valueOf)),
      entry(3, REVERSE_DNS),
      entry(1, REVERSE_DNS.flatMap(p -> {
        int tail = Limits.MAX_FACET_LENGTH - p.length() - 2;
        return Gen.strings(FACET_TAIL, tail, tail).map(t -> p + ".z" + t);
      })))
      .map(Facet::new);

  private static final Gen<Producer> PRODUCERS = d -> new Producer(
      d.draw(Gen.frequency(
          entry(3, Gen.choose("check", "build", "clippy", "doc", "rust-analyzer")), entry(1, NON_EMPTY_TEXTS))),
      d.draw(Gen.frequency(entry(3, Gen.choose("cargo", "rustc", "clippy-driver")), entry(1, NON_EMPTY_TEXTS))),
      d.draw(VERSIONS));

  private static final Gen<Toolchain> TOOLCHAINS = d -> new Toolchain(
      d.draw(Gen.frequency(entry(3, Gen.constant("rustc")), entry(1, NON_EMPTY_TEXTS))),
      d.draw(Gen.frequency(
          entry(3, VERSIONS.map(v -> "1." + v + " (0123456789 2026-01-01)")), entry(1, TEXTS))));

  private static final Gen<String> CONFIG_NAMES = Gen.frequency(
      entry(2, Gen.choose("profile.opt-level", "profile.debuginfo", "cfg.feature", "debug-assertions")),
      entry(2, Gen.identifiers(1, 24)),
      entry(2, NON_EMPTY_TEXTS));

  private static final Gen<ConfigEntry> CONFIG_ENTRIES = Gen.zip(CONFIG_NAMES, TEXTS, ConfigEntry::new);

  private static final Gen<String> PATHS = Gen.frequency(
      entry(3, Gen.lists(Gen.identifiers(1, 10), 0, 4).map(l -> "src/" + String.join("/", l) + ".rs")),
      entry(1, NON_EMPTY_TEXTS));

  private static final Gen<FileInput> FILE_INPUTS =
      d -> new FileInput(d.draw(PATHS), d.draw(DIGESTS), d.draw(SIZES));

  private static final Gen<String> ENV_NAMES = Gen.frequency(
      entry(2, Gen.choose("RUSTFLAGS", "CARGO_PKG_VERSION", "OUT_DIR")),
      entry(2, Gen.identifiers(1, 24)),
      entry(1, NON_EMPTY_TEXTS));

  private static final Gen<String> ENV_VALUES = Gen.frequency(entry(1, Gen.constant(null)), entry(3, TEXTS));

  private static final Gen<EnvInput> ENV_INPUTS = Gen.zip(ENV_NAMES, ENV_VALUES, EnvInput::new);

  private static final Gen<DirectInput> DIRECT_INPUTS = Gen.oneOf(FILE_INPUTS, ENV_INPUTS);

  private static final Gen<Read> READS = d -> new Read(d.draw(SUBJECTS), d.draw(FACETS), d.draw(DIGESTS));

  private static final Gen<List<ConfigEntry>> CONFIG_LISTS = entries(CONFIG_ENTRIES, ConfigEntry::name);

  private static final Gen<List<DirectInput>> INPUT_LISTS =
      entries(DIRECT_INPUTS, i -> List.of(i.getClass(), i.name()));

  private static final Gen<List<Read>> READ_LISTS = entries(READS, r -> List.of(r.subject(), r.facet()));

  private static final Gen<KeyMaterial> KEY_MATERIALS = d -> {
    KeyMaterial km = KeyMaterial.canonical(
        d.draw(SUBJECTS), d.draw(FACETS), d.draw(TOOLCHAINS), d.draw(CONFIG_LISTS), d.draw(INPUT_LISTS),
        d.draw(READ_LISTS));
    int major = d.draw(Gen.frequency(entry(9, Gen.constant(km.protocolMajor())), entry(1, Gen.ints(0, 0xFFFF))));
    return new KeyMaterial(
        major, km.subject(), km.facet(), km.toolchain(), km.config(), km.inputs(), km.reads());
  };

  private static final Gen<BlobRef> BLOB_REFS = Gen.zip(DIGESTS, SIZES, BlobRef::new);

  private static final Gen<String> OUTPUT_NAMES = Gen.frequency(
      entry(3, Gen.choose("lib.rmeta", "lib.rlib", "diagnostics.json", "doc/index.html")),
      entry(3, Gen.identifiers(1, 16)),
      entry(2, NON_EMPTY_TEXTS));

  private static final Gen<Output> OUTPUTS = d -> new Output(d.draw(OUTPUT_NAMES), d.draw(BLOB_REFS), d.draw(Gen.booleans()));

  private static final Gen<List<Output>> OUTPUT_LISTS = entries(OUTPUTS, Output::name).map(Record::sortOutputs);

  private static final Gen<Record> RECORDS = d -> {
    KeyMaterial km = d.draw(KEY_MATERIALS);
    List<Output> outputs = d.draw(OUTPUT_LISTS);
    return new Record(d.draw(PRODUCERS), Keys.inputKey(km), km, outputs, Keys.outputFingerprint(outputs));
  };

  private static final Gen<StoreHeader> STORE_HEADERS = d -> new StoreHeader(
      d.draw(Gen.frequency(entry(3, Gen.constant(1)), entry(1, Gen.ints(0, 0xFFFF)))),
      d.draw(Gen.frequency(entry(3, Gen.constant(0)), entry(1, Gen.ints(0, 0xFFFF)))),
      DigestAlgorithm.SHA256,
      d.draw(TEXTS));

  private static final Gen<ObservableOutput> OBSERVABLE_OUTPUTS =
      d -> new ObservableOutput(d.draw(OUTPUT_NAMES), d.draw(DIGESTS), d.draw(SIZES));

  private static final Gen<OutputManifest> OUTPUT_MANIFESTS = d -> {
    OutputManifest m = OutputManifest.canonical(d.draw(entries(OBSERVABLE_OUTPUTS, ObservableOutput::name)));
    int major = d.draw(Gen.frequency(entry(9, Gen.constant(m.protocolMajor())), entry(1, Gen.ints(0, 0xFFFF))));
    return new OutputManifest(major, m.outputs());
  };

  private static final String ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final Gen<String> SESSION_IDS = Gen.zip(
      Gen.chars(ALNUM),
      Gen.frequency(
          entry(5, Gen.strings(Gen.chars(ALNUM + "._-"), 0, 24)),
          entry(1, Gen.strings(Gen.chars(ALNUM + "._-"), 0, 127))),
      (first, rest) -> new StringBuilder().appendCodePoint(first).append(rest).toString());

  private static final Gen<JournalEntry> JOURNAL_ENTRIES = Gen.oneOf(
      d -> new SessionStarted(d.draw(SESSION_IDS), d.draw(PRODUCERS)),
      d -> new SessionEnded(d.draw(SESSION_IDS), d.draw(SIZES), d.draw(SIZES), d.draw(SIZES)),
      d -> {
        RequestOutcome outcome = d.draw(Gen.choose(RequestOutcome.values()));
        String reason = outcome == RequestOutcome.HIT
            ? null
            : d.draw(Gen.frequency(entry(1, Gen.constant(null)), entry(3, TEXTS)));
        return new Requested(d.draw(SUBJECTS), d.draw(FACETS), d.draw(DIGESTS), outcome, reason);
      },
      d -> new Emitted(
          d.draw(SUBJECTS), d.draw(FACETS), d.draw(DIGESTS), d.draw(DIGESTS),
          d.draw(Gen.choose(EmitOutcome.values())), d.draw(SIZES), d.draw(SIZES)));

  private static final Gen<Instant> TIMESTAMPS = Gen.frequency(
      entry(4, Gen.longs(0, 4_102_444_800_000L).map(Instant::ofEpochMilli)),
      entry(2, Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).map(Instant::ofEpochMilli)),
      entry(1, Gen.zip(Gen.longs(-1L << 40, 1L << 40), Gen.ints(0, 999_999_999), Instant::ofEpochSecond)));

  private static final Gen<JournalEvent> JOURNAL_EVENTS =
      d -> new JournalEvent(d.draw(SIZES), d.draw(TIMESTAMPS), d.draw(JOURNAL_ENTRIES));

  /** Protocol text: valid UTF-16, no NUL, at most {@link Limits#MAX_TEXT_BYTES} UTF-8 bytes. */
  public static Gen<String> texts() {
    return TEXTS;
  }

  public static Gen<String> nonEmptyTexts() {
    return NON_EMPTY_TEXTS;
  }

  /** Byte counts and other unsigned 64-bit quantities, from 0 to {@link Long#MAX_VALUE}. */
  public static Gen<Long> sizes() {
    return SIZES;
  }

  public static Gen<Bytes> bytes() {
    return BYTES;
  }

  /** SHA-256 digests: random ones, and a few fixed ones so that equal digests turn up. */
  public static Gen<Digest> digests() {
    return DIGESTS;
  }

  public static Gen<Unit> units() {
    return UNITS;
  }

  /** Module paths: empty (the whole unit), {@code a::b::c} paths, Unicode and very deep ones. */
  public static Gen<String> modulePaths() {
    return MODULE_PATHS;
  }

  public static Gen<Subject> subjects() {
    return SUBJECTS;
  }

  /** Core facets, single segments, reverse-DNS names, and names of the maximal length. */
  public static Gen<Facet> facets() {
    return FACETS;
  }

  public static Gen<Producer> producers() {
    return PRODUCERS;
  }

  public static Gen<Toolchain> toolchains() {
    return TOOLCHAINS;
  }

  public static Gen<ConfigEntry> configEntries() {
    return CONFIG_ENTRIES;
  }

  public static Gen<FileInput> fileInputs() {
    return FILE_INPUTS;
  }

  /** Environment inputs, set (to any text, the empty one included) and unset. */
  public static Gen<EnvInput> envInputs() {
    return ENV_INPUTS;
  }

  public static Gen<DirectInput> directInputs() {
    return DIRECT_INPUTS;
  }

  public static Gen<Read> reads() {
    return READS;
  }

  /** Configuration entries with distinct names, in no particular order. */
  public static Gen<List<ConfigEntry>> configLists() {
    return CONFIG_LISTS;
  }

  /** Direct inputs, distinct by kind and name, in no particular order. */
  public static Gen<List<DirectInput>> inputLists() {
    return INPUT_LISTS;
  }

  /** Reads, distinct by subject and facet, in no particular order. */
  public static Gen<List<Read>> readLists() {
    return READ_LISTS;
  }

  /** Key material in canonical order, mostly for the current protocol major, sometimes any other. */
  public static Gen<KeyMaterial> keyMaterials() {
    return KEY_MATERIALS;
  }

  public static Gen<BlobRef> blobRefs() {
    return BLOB_REFS;
  }

  public static Gen<Output> outputs() {
    return OUTPUTS;
  }

  /** Outputs with distinct names, in canonical order. */
  public static Gen<List<Output>> outputLists() {
    return OUTPUT_LISTS;
  }

  /** Records whose input key and output fingerprint are derived from their material and outputs. */
  public static Gen<Record> records() {
    return RECORDS;
  }

  public static Gen<StoreHeader> storeHeaders() {
    return STORE_HEADERS;
  }

  public static Gen<ObservableOutput> observableOutputs() {
    return OBSERVABLE_OUTPUTS;
  }

  public static Gen<OutputManifest> outputManifests() {
    return OUTPUT_MANIFESTS;
  }

  public static Gen<String> sessionIds() {
    return SESSION_IDS;
  }

  /** The four kinds of journal entry, with equal weight. */
  public static Gen<JournalEntry> journalEntries() {
    return JOURNAL_ENTRIES;
  }

  /** Journal events with timestamps from the whole range that whole milliseconds can express. */
  public static Gen<JournalEvent> journalEvents() {
    return JOURNAL_EVENTS;
  }

  /** Mostly a few entries, sometimes dozens, now and then hundreds; keys distinct. */
  private static <T> Gen<List<T>> entries(Gen<T> element, Function<? super T, ?> key) {
    return Gen.frequency(
        entry(40, Gen.uniqueLists(element, key, 0, 6)),
        entry(4, Gen.uniqueLists(element, key, 7, 40)),
        entry(1, Gen.uniqueLists(element, key, 200, 300)));
  }

  /** A digest of 32 bytes spread from one choice, so that a digest costs one choice, not 32. */
  private static Digest expanded(long seed) {
    SplitMix64 r = new SplitMix64(seed);
    ByteBuffer b = ByteBuffer.allocate(DigestAlgorithm.SHA256.length());
    while (b.hasRemaining()) {
      b.putLong(r.next());
    }
    return Digest.sha256(Bytes.wrap(b.array()));
  }

  private static Digest filled(int value) {
    byte[] b = new byte[DigestAlgorithm.SHA256.length()];
    Arrays.fill(b, (byte) value);
    return Digest.sha256(Bytes.wrap(b));
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
