package dev.ibridge.capnp;

import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.ProtocolVersion;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** Hand-built model values for the Cap'n Proto tests. */
final class Samples {
  private Samples() {}

  static Digest sha256(String content) {
    try {
      return Digest.sha256(Bytes.wrap(
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8))));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static final Unit LIB = new Unit("path+file:///w/core#0.1.0", "core", "lib", "x86_64-unknown-linux-gnu");
  static final Unit BIN = new Unit("path+file:///w/app#0.1.0", "app", "bin", "aarch64-apple-darwin");

  /** Whole-unit subject, every list empty. */
  static Record minimal() {
    KeyMaterial km = KeyMaterial.canonical(
        Subject.of(LIB), Facet.METADATA, new Toolchain("rustc", ""), List.of(), List.of(), List.of());
    return new Record(new Producer("check", "cargo-ibridge", ""), sha256("km-minimal"), km, List.of(),
        sha256("outputs-none"));
  }

  /** Module-level subject, Unicode text, files, env inputs set (also to "") and unset, reads. */
  static Record rich() {
    KeyMaterial km = KeyMaterial.canonical(
        new Subject(BIN, "net::http::client"),
        new Facet("org.rust-lang.clippy.lints"),
        new Toolchain("rustc", "1.95.0 (0f5a7d2c1 2026-01-01) \u00e9t\u00e9 \u65e5\u672c \ud83e\udd80"),
        List.of(new ConfigEntry("profile.opt-level", "3"), new ConfigEntry("cfg.feature", "std"),
            new ConfigEntry("target.\u00fcber", "\"quoted\" \\ back\tslash\nnewline")),
        List.of(
            new FileInput("src/main.rs", sha256("fn main() {}"), 12),
            new FileInput("src/\u00e4\u00f6\u00fc.rs", sha256("mod x;"), Long.MAX_VALUE),
            EnvInput.unset("RUSTFLAGS"),
            new EnvInput("CARGO_PKG_NAME", "app"),
            new EnvInput("EMPTY", "")),
        List.of(
            new Read(Subject.of(LIB), Facet.METADATA, sha256("lib-metadata")),
            new Read(new Subject(LIB, "a::b"), Facet.ANALYSIS, sha256("lib-a-b-analysis"))));
    List<Output> outputs = Record.sortOutputs(List.of(
        new Output("lints.json", new BlobRef(sha256("[]"), 2), true),
        new Output("log.txt", new BlobRef(sha256("ran"), 0), false),
        new Output("\u00e9\u00e8.out", new BlobRef(sha256("x"), 1L << 40), true)));
    return new Record(new Producer("clippy", "clippy-driver \u2713", "0.1.95"), sha256("km-rich"), km, outputs,
        sha256("fp-rich"));
  }

  /** Env inputs only, and a read of a module subject of another unit. */
  static Record envOnly() {
    KeyMaterial km = KeyMaterial.canonical(
        new Subject(LIB, "tests"), Facet.DIAGNOSTICS, new Toolchain("rustc", "1.80.0"),
        List.of(new ConfigEntry("profile.debug", "true")),
        List.of(EnvInput.unset("A"), new EnvInput("B", "\u0444\u043e\u043e"), EnvInput.unset("C")),
        List.of(new Read(new Subject(BIN, "m"), Facet.CODEGEN, sha256("bin-m"))));
    return new Record(new Producer("build", "cargo", "1.80.0"), sha256("km-env"), km,
        List.of(new Output("diag", new BlobRef(sha256("d"), 1), true)), sha256("fp-env"));
  }

  static List<Record> records() {
    return List.of(minimal(), rich(), envOnly());
  }

  static StoreHeader header() {
    return new StoreHeader(ProtocolVersion.MAJOR, ProtocolVersion.MINOR, DigestAlgorithm.SHA256,
        "ibridge 0.1.0 \u00e9");
  }
}
