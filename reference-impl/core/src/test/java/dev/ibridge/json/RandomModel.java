package dev.ibridge.json;

import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Emitted;
import dev.ibridge.model.JournalEntry;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.ObservableOutput;
import dev.ibridge.model.OutputManifest;
import dev.ibridge.model.RequestOutcome;
import dev.ibridge.model.Requested;
import dev.ibridge.model.SessionEnded;
import dev.ibridge.model.SessionStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Seeded random model values for round-trip tests of the JSON form and the codecs. Text mixes
 * ASCII, JSON escapes, control characters, non-Latin scripts and characters outside the BMP, so
 * escaping is exercised. Lists are de-duplicated and sorted into canonical order.
 */
public final class RandomModel {
  private static final String[] TEXT_PIECES = {
    "a", "serde", "lib", "x86_64-unknown-linux-gnu", "\"", "\\", "/", "\n", "\t", "\u0001",
    "\u007f", "é", "λ", "日本", "\uD83D\uDE00", " ", "::", "1.0.0", "{", "}", "[", "]", ","
  };
  private static final String[] KINDS = {"lib", "bin", "proc-macro", "test", "bench"};

  private final Random random;

  public RandomModel(long seed) {
    this.random = new Random(seed);
  }

  /** The seed for a property test: {@code -Dibridge.seed=N} to replay, otherwise a fresh one. */
  public static long seed() {
    String fixed = System.getProperty("ibridge.seed");
    return fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.strip()) : new Random().nextLong();
  }

  public String text(int maxPieces) {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(maxPieces + 1);
    for (int i = 0; i < n; i++) {
      b.append(TEXT_PIECES[random.nextInt(TEXT_PIECES.length)]);
    }
    return b.toString();
  }

  public String nonEmptyText() {
    String t = text(4);
    return t.isEmpty() ? "t" + random.nextInt(100) : t;
  }

  public Digest digest() {
    byte[] value = new byte[DigestAlgorithm.SHA256.length()];
    random.nextBytes(value);
    return Digest.sha256(Bytes.wrap(value));
  }

  public long size() {
    return switch (random.nextInt(4)) {
      case 0 -> 0;
      case 1 -> random.nextInt(1 << 20);
      case 2 -> Long.MAX_VALUE - random.nextInt(3);
      default -> random.nextLong() & Long.MAX_VALUE;
    };
  }

  public Unit unit() {
    return new Unit(
        "pkg" + random.nextInt(4) + " 0.1." + random.nextInt(3),
        nonEmptyText(),
        KINDS[random.nextInt(KINDS.length)],
        random.nextBoolean() ? "x86_64-unknown-linux-gnu" : "wasm32-unknown-unknown");
  }

  public Subject subject() {
    if (random.nextBoolean()) {
      return Subject.of(unit());
    }
    List<String> segments = new ArrayList<>();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      segments.add(random.nextBoolean() ? "m" + random.nextInt(5) : "модуль" + i);
    }
    return new Subject(unit(), String.join("::", segments));
  }

  public Facet facet() {
    String[] core = {"metadata", "analysis", "diagnostics", "codegen", "doc"};
    return random.nextInt(3) == 0
        ? new Facet("org.rust-lang.clippy.lints" + random.nextInt(3))
        : new Facet(core[random.nextInt(core.length)]);
  }

  public KeyMaterial keyMaterial() {
    List<ConfigEntry> config =
        unique(random.nextInt(4), () -> new ConfigEntry(nonEmptyText(), text(3)), ConfigEntry::name);
    List<DirectInput> files =
        unique(random.nextInt(4), () -> new FileInput("src/" + nonEmptyText() + ".rs", digest(), size()), DirectInput::name);
    List<DirectInput> envs =
        unique(
            random.nextInt(3),
            () -> new EnvInput(nonEmptyText(), random.nextBoolean() ? null : text(3)),
            DirectInput::name);
    List<DirectInput> inputs = new ArrayList<>(files);
    inputs.addAll(envs);
    List<Read> reads =
        unique(random.nextInt(4), () -> new Read(subject(), facet(), digest()), r -> r.subject() + "/" + r.facet());
    return KeyMaterial.canonical(
        subject(), facet(), new Toolchain("rustc", text(3)), config, inputs, reads);
  }

  public Record record() {
    List<Output> outputs =
        unique(
            random.nextInt(4),
            () -> new Output(nonEmptyText(), new BlobRef(digest(), size()), random.nextBoolean()),
            Output::name);
    return new Record(
        new Producer(nonEmptyText(), nonEmptyText(), text(2)),
        digest(),
        keyMaterial(),
        Record.sortOutputs(outputs),
        digest());
  }

  public StoreHeader storeHeader() {
    return new StoreHeader(
        random.nextInt(0x10000), random.nextInt(0x10000), DigestAlgorithm.SHA256, text(4));
  }

  public OutputManifest outputManifest() {
    List<ObservableOutput> outputs =
        unique(random.nextInt(4), () -> new ObservableOutput(nonEmptyText(), digest(), size()), ObservableOutput::name);
    return OutputManifest.canonical(outputs);
  }

  public JournalEvent journalEvent() {
    JournalEntry entry =
        switch (random.nextInt(4)) {
          case 0 -> new SessionStarted("s-" + random.nextInt(1000), new Producer(nonEmptyText(), nonEmptyText(), text(2)));
          case 1 -> new SessionEnded("s-" + random.nextInt(1000), size(), size(), size());
          case 2 -> {
            RequestOutcome outcome = random.nextBoolean() ? RequestOutcome.HIT : RequestOutcome.MISS;
            String reason = outcome == RequestOutcome.MISS && random.nextBoolean() ? text(4) : null;
            yield new Requested(subject(), facet(), digest(), outcome, reason);
          }
          default -> new Emitted(subject(), facet(), digest(), digest(),
              EmitOutcome.values()[random.nextInt(EmitOutcome.values().length)], size(), size());
        };
    long millis =
        switch (random.nextInt(3)) {
          case 0 -> random.nextLong();
          case 1 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
          default -> 1_700_000_000_000L + random.nextInt(1_000_000_000);
        };
    return new JournalEvent(size(), Instant.ofEpochMilli(millis), entry);
  }

  /**
   * A well-ordered session journal: SessionStarted, then requests and emits, and a SessionEnded
   * unless the session was cut short.
   */
  public List<JournalEvent> journal(String sessionId, int middle) {
    List<JournalEvent> events = new ArrayList<>();
    Instant t = Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000));
    events.add(new JournalEvent(0, t, new SessionStarted(sessionId, new Producer("check", nonEmptyText(), text(2)))));
    for (int i = 0; i < middle; i++) {
      JournalEntry entry;
      do {
        entry = journalEvent().event();
      } while (entry instanceof SessionStarted || entry instanceof SessionEnded);
      events.add(new JournalEvent(events.size(), t.plusMillis(i), entry));
    }
    if (random.nextBoolean()) {
      events.add(new JournalEvent(events.size(), t.plusMillis(middle), new SessionEnded(sessionId, size(), size(), size())));
    }
    return events;
  }

  private static <T> List<T> unique(int n, Supplier<T> make, Function<T, Object> id) {
    Map<Object, T> byId = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      T v = make.get();
      byId.putIfAbsent(id.apply(v), v);
    }
    return new ArrayList<>(byId.values());
  }
}
