package dev.ibridge.avro;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Emitted;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.ObservableOutput;
import dev.ibridge.model.OutputManifest;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Read;
import dev.ibridge.model.RequestOutcome;
import dev.ibridge.model.Requested;
import dev.ibridge.model.SessionEnded;
import dev.ibridge.model.SessionStarted;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import java.time.Instant;
import java.util.List;

/** Handcrafted protocol values shared by the Avro, key and journal tests. */
public final class Samples {
  private Samples() {}

  /** A digest whose 32 bytes are all {@code b}. */
  public static Digest digest(int b) {
    byte[] v = new byte[32];
    java.util.Arrays.fill(v, (byte) b);
    return Digest.sha256(Bytes.wrap(v));
  }

  public static final Unit CORE_LIB =
      new Unit("path+file:///ws/core#0.1.0", "core", "lib", "x86_64-unknown-linux-gnu");
  public static final Unit UNICODE_BIN =
      new Unit("registry+https://github.com/rust-lang/crates.io-index#grüße@1.0.0", "größe", "bin",
          "aarch64-apple-darwin");
  public static final Subject WHOLE = Subject.of(CORE_LIB);
  public static final Subject MODULE = new Subject(CORE_LIB, "parser::lexer");
  public static final Subject UNICODE_MODULE = new Subject(UNICODE_BIN, "ünïcödé::模块::𝔘");

  public static final Toolchain RUSTC = new Toolchain("rustc", "1.95.0 (abcdef012 2026-01-01)");

  /** Key material with one of everything, including an unset variable and a module subject. */
  public static KeyMaterial fullMaterial() {
    return KeyMaterial.canonical(
        MODULE,
        Facet.ANALYSIS,
        RUSTC,
        List.of(new ConfigEntry("opt-level", "0"), new ConfigEntry("edition", "2021"),
            new ConfigEntry("features", "")),
        List.of(
            EnvInput.unset("RUSTFLAGS"),
            new FileInput("src/lib.rs", digest(0x11), 1234),
            new EnvInput("CARGO_PKG_NAME", "core"),
            new FileInput("src/parser/lexer.rs", digest(0x22), 0)),
        List.of(
            new Read(Subject.of(UNICODE_BIN), Facet.METADATA, digest(0x33)),
            new Read(WHOLE, new Facet("org.rust-lang.clippy.lints"), digest(0x44)),
            new Read(WHOLE, Facet.METADATA, digest(0x55))));
  }

  /** Key material with every list empty. */
  public static KeyMaterial emptyMaterial() {
    return KeyMaterial.canonical(WHOLE, Facet.METADATA, RUSTC, List.of(), List.of(), List.of());
  }

  /** Key material with Unicode (including characters outside the BMP) in every text field. */
  public static KeyMaterial unicodeMaterial() {
    return KeyMaterial.canonical(
        UNICODE_MODULE,
        new Facet("org.example.lint-2"),
        new Toolchain("rustc-ñ", "1.0 «nightly» 🦀"),
        List.of(new ConfigEntry("cfg.ünï", "välüe 🦀"), new ConfigEntry("cfg.z", "\uFFFF")),
        List.of(new FileInput("src/模块/𝔘.rs", digest(0x66), 7), new EnvInput("VAR_É", "é")),
        List.of(new Read(UNICODE_MODULE, Facet.CODEGEN, digest(0x77))));
  }

  public static OutputManifest manifest() {
    return OutputManifest.canonical(List.of(
        new ObservableOutput("lib.rmeta", digest(0x01), 4096),
        new ObservableOutput("diagnostics.json", digest(0x02), 0),
        new ObservableOutput("é-output", digest(0x03), Long.MAX_VALUE)));
  }

  public static OutputManifest emptyManifest() {
    return OutputManifest.canonical(List.of());
  }

  public static final Producer CHECK = new Producer("check", "ibridge-cargo", "0.1.0");

  /** A whole session: start, a hit, a miss with a reason, a miss without, emits, end. */
  public static List<JournalEvent> session(String sessionId) {
    Instant t = Instant.parse("2026-03-01T12:00:00.123Z");
    return List.of(
        new JournalEvent(0, t, new SessionStarted(sessionId, CHECK)),
        new JournalEvent(1, t.plusMillis(1),
            new Requested(WHOLE, Facet.METADATA, digest(0xA1), RequestOutcome.HIT, null)),
        new JournalEvent(2, t.plusMillis(2), new Requested(MODULE, Facet.ANALYSIS, digest(0xA2),
            RequestOutcome.MISS, "input src/lib.rs changed: sha256:11… → sha256:12…")),
        new JournalEvent(3, t.plusMillis(3),
            new Requested(UNICODE_MODULE, Facet.CODEGEN, digest(0xA3), RequestOutcome.MISS, null)),
        new JournalEvent(4, t.plusMillis(40), new Emitted(MODULE, Facet.ANALYSIS, digest(0xA2),
            digest(0xB2), EmitOutcome.CREATED, 10_000, 0)),
        new JournalEvent(5, t.plusMillis(41), new Emitted(UNICODE_MODULE, Facet.CODEGEN,
            digest(0xA3), digest(0xB3), EmitOutcome.ALREADY_PRESENT, 0, 5_000)),
        new JournalEvent(6, t.plusMillis(42), new Emitted(WHOLE, Facet.DIAGNOSTICS, digest(0xA4),
            digest(0xB4), EmitOutcome.CONFLICT, 0, 0)),
        new JournalEvent(7, t.plusMillis(50), new SessionEnded(sessionId, 1, 2, 3)));
  }
}
